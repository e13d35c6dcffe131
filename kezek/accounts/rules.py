"""Access rules for organisations, people and calendars (registered with kezek.core.policy)."""

from __future__ import annotations

from django.db.models import Q

from kezek.accounts.models import (
    ApiToken,
    BusinessCalendarModel,
    CalendarHoliday,
    CalendarWindow,
    Membership,
    Organisation,
    Site,
    Team,
    User,
)
from kezek.core.policy import EVERYTHING, Actor, register


@register(Organisation)
def organisation_rule(actor: Actor, action: str) -> Q | None:
    if not actor.is_authenticated:
        return None
    if action == "view":
        if actor.is_owner_staff:
            return EVERYTHING
        # Vendors and clients see themselves and the service centre they deal with.
        return Q(pk=actor.organisation_id) | Q(kind="owner")
    return EVERYTHING if actor.is_admin else None


@register(User)
def person_rule(actor: Actor, action: str) -> Q | None:
    if not actor.is_authenticated:
        return None
    yourself = Q(pk=actor.user_id)
    if actor.is_admin:
        return EVERYTHING
    if action == "view":
        if actor.is_owner_staff:
            return EVERYTHING
        if actor.is_vendor_staff:
            return Q(organisation_id=actor.organisation_id)
        if actor.has("manager"):
            team = Membership.objects.filter(team_id__in=actor.led_team_ids).values("user_id")
            return yourself | Q(organisation_id=actor.organisation_id, pk__in=team)
        return yourself
    if action == "change" and actor.is_vendor_staff and actor.has("vendor_manager"):
        return Q(organisation_id=actor.organisation_id)
    return yourself if action == "change" else None


def _organisation_scoped(actor: Actor, action: str, *, prefix: str = "") -> Q | None:
    """Rows that belong to an organisation: owner staff see all, others their own."""
    if not actor.is_authenticated:
        return None
    own = Q(**{f"{prefix}organisation_id": actor.organisation_id})
    if actor.is_admin:
        return EVERYTHING
    if action == "view":
        return EVERYTHING if actor.is_owner_staff else own
    if actor.is_vendor_staff and actor.has("vendor_manager"):
        return own
    return None


@register(Site)
def site_rule(actor: Actor, action: str) -> Q | None:
    return _organisation_scoped(actor, action)


@register(Team)
def team_rule(actor: Actor, action: str) -> Q | None:
    return _organisation_scoped(actor, action)


@register(Membership)
def membership_rule(actor: Actor, action: str) -> Q | None:
    if action == "view" and actor.is_client and not actor.is_admin:
        people = person_rule(actor, "view")
        return None if people is None else Q(user__in=User.objects.filter(people))
    return _organisation_scoped(actor, action, prefix="user__")


@register(ApiToken)
def api_token_rule(actor: Actor, action: str) -> Q | None:
    if not actor.is_authenticated:
        return None
    return EVERYTHING if actor.is_admin else Q(user_id=actor.user_id)


@register(BusinessCalendarModel)
@register(CalendarWindow)
@register(CalendarHoliday)
def calendar_rule(actor: Actor, action: str) -> Q | None:
    """The centre's working hours: its own staff read them (desk, rosters, attendance,
    quality), administrators change them."""
    if actor.is_admin:
        return EVERYTHING
    return EVERYTHING if action == "view" and actor.is_owner_staff else None
