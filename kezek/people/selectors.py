"""Reads of staff records, always scoped by the access policy (``rules.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from django.db.models import Field, Model, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kezek.accounts.models import Organisation, Site, Team, User
from kezek.accounts.selectors import people_for, teams_for
from kezek.core.policy import Action, actor_of, rows
from kezek.people.choices import LEADING_POSITIONS, WEEKDAYS, weekdays_of
from kezek.people.models import (
    STAFFED_KINDS,
    Absence,
    AcdLogin,
    AvailabilityWindow,
    StaffMember,
    StaffSkill,
    StatusChange,
)
from kezek.people.rules import may_manage_staff
from kezek.wfm.models import Queue
from kezek.wfm.selectors import queues_for

HISTORY_LIMIT = 100


@dataclass(frozen=True, slots=True)
class StaffFilters:
    """What a list of staff is narrowed to; empty values do not narrow it."""

    organisation: int | None = None
    team: int | None = None
    position: str = ""
    status: str = ""
    skill: str = ""
    text: str = ""


def staff_for(user: Any, *, action: Action = "view") -> QuerySet[StaffMember]:
    return rows(user, StaffMember, action).select_related(
        "organisation", "site", "team", "team_leader", "user"
    )


def member_get_for(user: Any, member_id: int, *, action: Action = "view") -> StaffMember:
    """The record, or 404 both when it is absent and when it is not the user's to reach."""
    return get_object_or_404(staff_for(user, action=action), pk=member_id)


def staff_list(user: Any, filters: StaffFilters) -> QuerySet[StaffMember]:
    """The people ``user`` may see that match ``filters``, with their open ACD logins."""
    staff = staff_for(user)
    if filters.organisation:
        staff = staff.filter(organisation_id=filters.organisation)
    if filters.team:
        staff = staff.filter(team_id=filters.team)
    if filters.position:
        staff = staff.filter(position=filters.position)
    if filters.status:
        staff = staff.filter(status=filters.status)
    if filters.skill:
        staff = staff.filter(skills__name=filters.skill)
    if filters.text:
        staff = staff.filter(_matching(filters.text))
    return staff.prefetch_related(_open_logins()).order_by(
        "last_name", "first_name", "staff_number", "pk"
    )


def _matching(text: str) -> Q:
    """By every word of a name, the start of a staff number, or a current ACD login id."""
    holders = AcdLogin.objects.filter(login_id__iexact=text, valid_to__isnull=True)
    matching = Q(staff_number__istartswith=text) | Q(pk__in=holders.values("member_id"))
    names = Q()
    for word in text.split():
        names &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return matching | names


def _open_logins() -> Prefetch[Any]:
    return Prefetch(
        "acd_logins",
        queryset=AcdLogin.objects.filter(valid_to__isnull=True).order_by("login_id"),
        to_attr="open_acd_logins",
    )


def staff_export(user: Any, filters: StaffFilters) -> QuerySet[StaffMember]:
    """The list with everything a row of the staff file shows."""
    return staff_list(user, filters).prefetch_related(
        "skills",
        "availability",
        Prefetch("status_changes", queryset=StatusChange.objects.order_by("-effective_date")),
    )


# What the list's filters offer: only what the user's own people hold.


def organisations_with_staff(user: Any) -> QuerySet[Organisation]:
    """The organisations of the people ``user`` sees (the owner's filter of vendors)."""
    return Organisation.objects.filter(pk__in=staff_for(user).values("organisation_id")).order_by(
        "name"
    )


def teams_with_staff(user: Any) -> QuerySet[Team]:
    return (
        Team.objects.filter(pk__in=staff_for(user).values("team_id"))
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def skill_names(user: Any) -> list[str]:
    return list(rows(user, StaffSkill).order_by("name").values_list("name", flat=True).distinct())


# What a record's forms offer: the organisation's own sites, teams, leaders and logins.


def organisations_to_staff(user: Any) -> QuerySet[Organisation]:
    """The organisations whose records ``user`` keeps: their own, or any for a superuser."""
    actor = actor_of(user)
    if actor.is_superuser:
        return Organisation.objects.filter(kind__in=STAFFED_KINDS, is_active=True).order_by("name")
    if actor.organisation_id is None or not may_manage_staff(actor):
        return Organisation.objects.none()
    return Organisation.objects.filter(pk=actor.organisation_id)


def kept_organisation(user: Any) -> Organisation | None:
    """The user's own organisation, when they keep its staff records."""
    if user.organisation_id is None:
        return None
    return organisations_to_staff(user).filter(pk=user.organisation_id).first()


def sites_of(user: Any, organisation: Organisation) -> QuerySet[Site]:
    return rows(user, Site).filter(organisation=organisation).order_by("name")


def teams_of(user: Any, organisation: Organisation) -> QuerySet[Team]:
    return teams_for(user).filter(organisation=organisation).order_by("name")


def leaders_of(
    user: Any, organisation: Organisation, *, besides: StaffMember | None = None
) -> QuerySet[StaffMember]:
    """Who may lead a person of ``organisation``: its team leaders, supervisors, managers."""
    leaders = staff_for(user).filter(organisation=organisation, position__in=LEADING_POSITIONS)
    if besides is not None and besides.pk is not None:
        leaders = leaders.exclude(pk=besides.pk)
    return leaders.order_by("last_name", "first_name")


def logins_to_link(
    user: Any, organisation: Organisation, *, member: StaffMember | None = None
) -> QuerySet[User]:
    """Logins of ``organisation`` that no other staff record is linked to."""
    others = StaffMember.objects.filter(user__isnull=False)
    if member is not None and member.pk is not None:
        others = others.exclude(pk=member.pk)
    return (
        people_for(user)
        .filter(organisation=organisation, is_active=True)
        .exclude(pk__in=others.values("user_id"))
    )


def skill_queues(user: Any) -> QuerySet[Queue]:
    """The queues a skill may name: those ``user`` sees."""
    return queues_for(user)


# One person's page


def status_history(member: StaffMember) -> QuerySet[StatusChange]:
    return member.status_changes.order_by("-effective_date")


def acd_history(member: StaffMember) -> QuerySet[AcdLogin]:
    return member.acd_logins.order_by("-valid_from", "login_id")


def skills_of(member: StaffMember) -> QuerySet[StaffSkill]:
    return member.skills.select_related("queue").order_by("name")


def availability_of(member: StaffMember) -> QuerySet[AvailabilityWindow]:
    return member.availability.order_by("pk")


def absences_of(member: StaffMember) -> QuerySet[Absence]:
    return member.absences.order_by("-first_day")


def absences_around(member: StaffMember, *, day: date) -> QuerySet[Absence]:
    """Absences that end on or after ``day``: the ones still to plan around."""
    return member.absences.filter(last_day__gte=day).order_by("first_day")


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of a record's change history: who changed what, and from what to what."""

    at: datetime
    by: str
    subject: str
    kind: str
    fields: list[tuple[str, str, str]]


_HISTORY_MODELS: tuple[type[Model], ...] = (
    StaffMember,
    StatusChange,
    AcdLogin,
    StaffSkill,
    AvailabilityWindow,
    Absence,
)


def staff_changes(member: StaffMember, *, limit: int = HISTORY_LIMIT) -> list[Change]:
    """The newest changes to the record and everything that hangs off it, newest first."""
    changes: list[Change] = []
    for model in _HISTORY_MODELS:
        lookup = {"id": member.pk} if model is StaffMember else {"member_id": member.pk}
        records = (
            model.history.filter(**lookup)  # type: ignore[attr-defined]
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        before: dict[int, Any] = {}
        for record in records:
            change = _change(model, record, before.get(record.id))
            before[record.id] = record
            if change is not None:
                changes.append(change)
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:limit]


def _change(model: type[Model], record: Any, before: Any) -> Change | None:
    fields: list[tuple[str, str, str]] = []
    if record.history_type == "~" and before is not None:
        delta = record.diff_against(before)
        fields = [
            (
                str(_field(model, item.field).verbose_name),
                _shown(model, item.field, item.old),
                _shown(model, item.field, item.new),
            )
            for item in delta.changes
        ]
        if not fields:
            return None
    kinds = {"+": _("created"), "~": _("changed"), "-": _("removed")}
    subject = capfirst(str(model._meta.verbose_name))
    if model is not StaffMember:
        subject = f"{subject}: {record.instance}"
    by = str(record.history_user) if record.history_user else ""
    return Change(record.history_date, by, subject, kinds[record.history_type], fields)


def _shown(model: type[Model], name: str, value: Any) -> str:
    """A stored value as the page shows it: a choice's label, a related record's name."""
    if value is None or value == "":
        return "—"
    field = _field(model, name)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if name in ("weekdays", "preferred_days_off"):
        return ",".join(WEEKDAYS[day] for day in weekdays_of(int(value))) or "—"
    related = field.related_model if field.is_relation else None
    if isinstance(related, type) and issubclass(related, Model):
        found = related._default_manager.filter(pk=value).first()
        return str(found) if found is not None else f"#{value}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _field(model: type[Model], name: str) -> Field[Any, Any]:
    return cast("Field[Any, Any]", model._meta.get_field(name))
