"""Staff records, their status history, skills, availability and absences."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kezek.accounts.models import Organisation
from kezek.core.versions import claim_version
from kezek.people.choices import StaffStatus, weekday_mask
from kezek.people.formats import Window
from kezek.people.models import (
    Absence,
    AvailabilityWindow,
    StaffMember,
    StaffSkill,
    StatusChange,
)
from kezek.people.services.acd import acd_logins_release_all
from kezek.wfm.models import Queue

# What the create and update services may set; the status only changes through its history.
EDITABLE_FIELDS = frozenset(
    {
        "staff_number",
        "first_name",
        "last_name",
        "site",
        "team",
        "team_leader",
        "position",
        "hire_date",
        "min_hours_per_week",
        "max_hours_per_week",
        "star_level",
        "user",
        "preferred_days_off",
        "preferred_shifts",
        "preferences_note",
    }
)


def _editable(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    return fields


@transaction.atomic
def staff_member_create(
    *,
    organisation: Organisation,
    hire_date: date,
    status: str = StaffStatus.RECRUITED,
    status_date: date | None = None,
    status_reason: str = "",
    availability: Sequence[Window] = (),
    **fields: Any,
) -> StaffMember:
    """A new staff record with its first status, dated the hire date unless told otherwise."""
    member = StaffMember(organisation=organisation, hire_date=hire_date, **_editable(fields))
    member.full_clean()
    member.save()
    staff_status_change(
        member=member, status=status, effective_date=status_date or hire_date, reason=status_reason
    )
    availability_replace(member=member, windows=availability)
    return member


@transaction.atomic
def staff_member_update(
    *,
    member: StaffMember,
    opened_version: int | None = None,
    availability: Sequence[Window] | None = None,
    **changes: Any,
) -> StaffMember:
    """Change a record's fields (and its availability, when given); its hire date stays on or
    before its first status. ``opened_version``: the version the edit page was opened at; a
    change from a page opened before someone else's save is refused (``VersionConflict``)."""
    changed = {
        name: value for name, value in _editable(changes).items() if getattr(member, name) != value
    }
    if changed:  # an unchanged record is not saved again: its history shows real changes only
        claim_version(member, expected=opened_version)
        _save_changes(member, changed)
    if availability is not None:
        availability_replace(member=member, windows=availability)
    return member


def _save_changes(member: StaffMember, changed: dict[str, Any]) -> None:
    for name, value in changed.items():
        setattr(member, name, value)
    member.full_clean()
    first = member.status_changes.order_by("effective_date").first()
    if first is not None and member.hire_date > first.effective_date:
        raise ValidationError(
            {
                "hire_date": _("The hire date cannot be after the first status, of %(date)s.")
                % {"date": first.effective_date.isoformat()}
            }
        )
    member.save()


@transaction.atomic
def staff_status_change(
    *, member: StaffMember, status: str, effective_date: date, reason: str = ""
) -> StatusChange:
    """Add a dated status; it becomes the person's status.

    The history only grows forward: a change comes after the latest one (one a day), on
    or after the hire date and not after today, except that the first may be dated a
    future hire date. An exit closes the person's ACD logins on the day they leave.
    """
    # Lock the record: two changes at once would both pass the "after the latest" check.
    StaffMember.objects.select_for_update().filter(pk=member.pk).first()
    latest = member.status_changes.order_by("-effective_date").first()
    _check_status_date(member, latest, effective_date)
    if latest is not None and latest.status == status:
        raise ValidationError(
            {
                "status": _("The status is %(status)s already.")
                % {"status": StaffStatus(status).label}
            }
        )
    change = StatusChange(
        member=member, status=status, effective_date=effective_date, reason=reason
    )
    change.full_clean()
    change.save()
    StaffMember.objects.filter(pk=member.pk).update(status=status, status_since=effective_date)
    member.status, member.status_since = status, effective_date
    if status == StaffStatus.EXITED:
        acd_logins_release_all(member=member, valid_to=effective_date)
    return change


def _check_status_date(member: StaffMember, latest: StatusChange | None, day: date) -> None:
    if day < member.hire_date:
        message = _("The status cannot start before the hire date, %(date)s.")
        raise ValidationError({"effective_date": message % {"date": member.hire_date.isoformat()}})
    if latest is not None and day <= latest.effective_date:
        message = _("The latest status is dated %(date)s: a new one must come after it.")
        raise ValidationError(
            {"effective_date": message % {"date": latest.effective_date.isoformat()}}
        )
    first_on_hire_date = latest is None and day == member.hire_date
    if day > member.local_today() and not first_on_hire_date:
        raise ValidationError({"effective_date": _("A status cannot be dated after today.")})


def queue_named(name: str) -> Queue | None:
    """The centre's queue called ``name``, if exactly one is: a skill of that name serves it."""
    queues = list(Queue.objects.filter(name=name)[:2])
    return queues[0] if len(queues) == 1 else None


@transaction.atomic
def staff_skill_set(*, member: StaffMember, name: str, level: int) -> StaffSkill:
    """Give the person the skill at ``level``, or change the level they have."""
    name = name.strip()
    skill = member.skills.filter(name=name).first() or StaffSkill(member=member, name=name)
    if skill.pk is not None and skill.level == level:
        return skill
    skill.level = level
    skill.queue = queue_named(name)
    skill.full_clean()
    skill.save()
    return skill


@transaction.atomic
def staff_skill_remove(*, skill: StaffSkill) -> None:
    skill.delete()


@transaction.atomic
def staff_skills_replace(*, member: StaffMember, skills: Sequence[tuple[str, int]]) -> None:
    """Make ``skills`` (name, level) the person's skills, changing only what differs."""
    wanted = {name.strip(): level for name, level in skills}
    for skill in member.skills.exclude(name__in=list(wanted)):
        skill.delete()
    for name, level in wanted.items():
        staff_skill_set(member=member, name=name, level=level)


@transaction.atomic
def availability_replace(*, member: StaffMember, windows: Sequence[Window]) -> None:
    """Make ``windows`` the person's availability (none: any time); unchanged, nothing is written."""
    current = [(w.weekdays, w.start_time, w.end_time) for w in member.availability.all()]
    wanted = [(weekday_mask(w.weekdays), w.start, w.end) for w in windows]
    if current == wanted:
        return
    member.availability.all().delete()
    for weekdays, start, end in wanted:
        window = AvailabilityWindow(
            member=member, weekdays=weekdays, start_time=start, end_time=end
        )
        window.full_clean()
        window.save()


@transaction.atomic
def absence_add(
    *, member: StaffMember, kind: str, first_day: date, last_day: date, note: str = ""
) -> Absence:
    """Record days the person does not work; they do not overlap another absence of theirs."""
    absence = Absence(member=member, kind=kind, first_day=first_day, last_day=last_day, note=note)
    absence.full_clean()
    overlapping = member.absences.filter(first_day__lte=last_day, last_day__gte=first_day).first()
    if overlapping is not None:
        raise ValidationError(
            _("It overlaps another absence: %(absence)s.") % {"absence": overlapping}
        )
    absence.save()
    return absence


@transaction.atomic
def absence_remove(*, absence: Absence) -> None:
    absence.delete()
