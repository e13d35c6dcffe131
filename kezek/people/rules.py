"""Access rules of staff records (docs/people.md, "Who sees and keeps what").

The owner's centre managers, planners, quality analysts, supervisors and admins see every
record of every vendor; a vendor's managers and supervisors see their own vendor's records,
its team leaders the people of the teams they lead; anyone else of the owner or a vendor sees
their own record (the one linked to their login); client companies see none. A vendor's
managers keep their vendor's records, the owner's admins and centre managers the owner's own.
Statuses, ACD logins, skills, availability and absences follow the record they belong to.
"""

from __future__ import annotations

from django.db.models import Q

from kezek.core.policy import EVERYTHING, Actor, capability, register
from kezek.people.models import (
    Absence,
    AcdLogin,
    AvailabilityWindow,
    StaffMember,
    StaffSkill,
    StatusChange,
)

OWNER_VIEW_ROLES = ("centre_manager", "planner", "quality_analyst", "supervisor", "admin")
VENDOR_VIEW_ROLES = ("vendor_manager", "supervisor")
OWNER_KEEPER_ROLES = ("admin", "centre_manager")
VENDOR_KEEPER_ROLES = ("vendor_manager",)


@capability("may_manage_staff")
def may_manage_staff(actor: Actor) -> bool:
    """Whether ``actor`` keeps the staff records of their own organisation."""
    if actor.is_superuser:
        return True
    if actor.is_vendor_staff:
        return actor.has(*VENDOR_KEEPER_ROLES)
    if actor.organisation_kind == "owner":
        return actor.has(*OWNER_KEEPER_ROLES)
    return False


def staff_rule(actor: Actor, action: str, *, prefix: str = "") -> Q | None:
    """The staff records ``actor`` may reach; ``prefix`` is the path from a row to its record."""
    if not actor.is_authenticated:
        return None
    if actor.is_superuser:
        return EVERYTHING
    own_organisation = Q(**{f"{prefix}organisation_id": actor.organisation_id})
    if action != "view":
        return own_organisation if may_manage_staff(actor) else None
    if actor.organisation_kind == "owner" and actor.has(*OWNER_VIEW_ROLES):
        return EVERYTHING
    if actor.is_vendor_staff and actor.has(*VENDOR_VIEW_ROLES):
        return own_organisation
    if actor.organisation_kind not in ("owner", "vendor"):
        return None
    yourself = Q(**{f"{prefix}user_id": actor.user_id})
    if actor.has("team_leader"):
        led = Q(**{f"{prefix}team_id__in": actor.led_team_ids}) | Q(
            **{f"{prefix}team_leader__user_id": actor.user_id}
        )
        return yourself | (own_organisation & led)
    return yourself


@register(StaffMember)
def staff_member_rule(actor: Actor, action: str) -> Q | None:
    return staff_rule(actor, action)


def _part_of_the_record(actor: Actor, action: str) -> Q | None:
    return staff_rule(actor, action, prefix="member__")


for _model in (StatusChange, AcdLogin, StaffSkill, AvailabilityWindow, Absence):
    register(_model)(_part_of_the_record)
