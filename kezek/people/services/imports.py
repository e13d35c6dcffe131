"""Importing the staff file: every cell checked, every bad one named, all rows or none.

A row creates the person or, when its organisation has the staff number already, updates
them. The organisation column names one whose records the importer keeps (empty: their
own); a vendor's manager cannot import into another vendor. A column left out of the file
is left as it is; an empty cell clears an optional field (site, team, team leader, star
level, login, the lists) and leaves hours, position and status at their defaults for a new
person and as they are for an existing one; names and the hire date are required.

Reading the cells and finding what they name happens first, for every row; the writes then
run through the same services as the pages, in one transaction, and anything they refuse is
reported against its row and column too. One problem anywhere, and nothing is saved.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kezek.accounts.models import Organisation, Site, Team, User
from kezek.people import formats
from kezek.people.choices import Position, StaffStatus
from kezek.people.formats import CellError, CellProblem, ImportProblems, SheetRow
from kezek.people.models import StaffMember
from kezek.people.selectors import organisations_to_staff
from kezek.people.services.acd import acd_login_assign, acd_login_release
from kezek.people.services.staff import (
    availability_replace,
    staff_member_create,
    staff_member_update,
    staff_skills_replace,
    staff_status_change,
)

REQUIRED = ("first_name", "last_name", "hire_date")
# The columns a model field's error belongs to, where their names differ.
FIELD_COLUMNS = {
    "user": "username",
    "effective_date": "status_date",
    "reason": "status_reason",
    "valid_from": "acd_login_ids",
    "login_id": "acd_login_ids",
    NON_FIELD_ERRORS: "",
}


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    created: int
    updated: int


@dataclass
class _Plan:
    """What one row asks for, as read and looked up before anything is written."""

    row: SheetRow
    organisation: Organisation | None = None
    member: StaffMember | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    status: tuple[str, date | None, str] | None = None
    leader: str | None = None  # a staff number; "" clears; None: the column is not there
    login_ids: list[str] | None = None
    skills: list[tuple[str, int]] | None = None
    windows: list[formats.Window] | None = None
    created: bool = False
    problems: list[CellProblem] = field(default_factory=list)

    def problem(self, column: str, message: str) -> None:
        self.problems.append(CellProblem(self.row.number, column, message))


@dataclass(frozen=True)
class _Lookups:
    """Everything the rows may name, in the organisations the importer keeps."""

    organisations: Mapping[str, Organisation]
    default: Organisation | None
    members: Mapping[tuple[int, str], StaffMember]
    sites: Mapping[tuple[int, str], Site]
    teams: Mapping[tuple[int, str], Team]
    users: Mapping[tuple[int, str], User]

    @classmethod
    def of(cls, actor: User) -> _Lookups:
        organisations = list(organisations_to_staff(actor))
        ids = [o.pk for o in organisations]
        own = actor.organisation
        return cls(
            organisations={o.name.casefold(): o for o in organisations},
            default=own if own is not None and own.pk in ids else None,
            members={
                (m.organisation_id, m.staff_number): m
                for m in StaffMember.objects.filter(organisation_id__in=ids)
            },
            sites={
                (s.organisation_id, s.name.casefold()): s
                for s in Site.objects.filter(organisation_id__in=ids)
            },
            teams={
                (t.organisation_id, t.name.casefold()): t
                for t in Team.objects.filter(organisation_id__in=ids)
            },
            users={
                (u.organisation_id or 0, u.username.casefold()): u
                for u in User.objects.filter(organisation_id__in=ids, is_active=True)
            },
        )


def staff_import(*, actor: User, file_name: str, content: bytes) -> ImportOutcome:
    """Create or update a person per row of the staff file; :class:`ImportProblems` names
    every bad cell, and then nothing is saved. ``PermissionDenied``: ``actor`` keeps no
    staff records."""
    lookups = _Lookups.of(actor)
    if not lookups.organisations:
        raise PermissionDenied
    table = formats.read_table(file_name=file_name, content=content)
    plans = [_plan(row, table.columns, lookups) for row in table.rows]
    _mark_twice(plans)
    if not plans:
        raise ImportProblems([CellProblem(0, "", _("The file has no rows of people."))])
    return _write(actor, plans)


def _order(problem: CellProblem) -> tuple[int, int]:
    position = formats.COLUMNS.index(problem.column) if problem.column in formats.COLUMNS else -1
    return problem.row, position


def _mark_twice(plans: list[_Plan]) -> None:
    seen: dict[tuple[int, str], int] = {}
    for plan in plans:
        if plan.organisation is None:
            continue
        key = (plan.organisation.pk, plan.row.cells["staff_number"])
        if key in seen:
            message = _("The staff number comes twice, also in row %(row)s.")
            plan.problem("staff_number", message % {"row": seen[key]})
        seen.setdefault(key, plan.row.number)


# Reading a row


def _plan(row: SheetRow, columns: frozenset[str], lookups: _Lookups) -> _Plan:
    plan = _Plan(row)
    cells = row.cells
    if not cells["staff_number"]:
        plan.problem("staff_number", _("The staff number is empty."))
        return plan
    plan.organisation = _organisation(plan, lookups)
    if plan.organisation is None:
        return plan
    plan.member = lookups.members.get((plan.organisation.pk, cells["staff_number"]))
    new = plan.member is None
    if new:
        plan.fields["staff_number"] = cells["staff_number"]
    for name in REQUIRED:
        if name in columns and cells[name]:
            plan.fields[name] = _read(
                plan, name, formats.parse_date if name == "hire_date" else str
            )
        elif new or name in columns:
            plan.problem(name, _("This cell is required."))
    _read_fields(plan, columns, lookups)
    _read_status(plan, columns)
    _read_lists(plan, columns)
    return plan


def _read(plan: _Plan, column: str, parse: Callable[[str], Any]) -> Any:
    """The cell read by ``parse``; a cell that cannot be read is a problem (and ``None``)."""
    try:
        return parse(plan.row.cells[column])
    except CellError as exc:
        plan.problem(column, str(exc))
        return None


def _organisation(plan: _Plan, lookups: _Lookups) -> Organisation | None:
    name = plan.row.cells.get("organisation", "")
    if not name:
        if lookups.default is None:
            plan.problem("organisation", _("Name the organisation of the person."))
        return lookups.default
    found = lookups.organisations.get(name.casefold())
    if found is None:
        plan.problem(
            "organisation",
            _("%(value)s is not an organisation whose staff you keep.") % {"value": name},
        )
    return found


def _read_fields(plan: _Plan, columns: frozenset[str], lookups: _Lookups) -> None:
    cells = plan.row.cells
    for column, parse in (
        ("position", lambda text: formats.parse_choice(text, Position)),
        ("min_hours_per_week", formats.parse_hours),
        ("max_hours_per_week", formats.parse_hours),
    ):
        if column in columns and cells[column]:
            plan.fields[column] = _read(plan, column, parse)
    if "star_level" in columns:
        plan.fields["star_level"] = (
            _read(plan, "star_level", formats.parse_level) if cells["star_level"] else None
        )
    named: tuple[tuple[str, str, Mapping[tuple[int, str], Any]], ...] = (
        ("site", "site", lookups.sites),
        ("team", "team", lookups.teams),
        ("username", "user", lookups.users),
    )
    for column, name, found in named:
        if column in columns:
            plan.fields[name] = _named(plan, column, found) if cells[column] else None
    if "team_leader" in columns:
        plan.leader = cells["team_leader"]
        if plan.leader == cells["staff_number"]:
            plan.problem("team_leader", _("A person cannot lead themselves."))


def _named(plan: _Plan, column: str, found: Mapping[tuple[int, str], Any]) -> Any:
    assert plan.organisation is not None  # noqa: S101
    text = plan.row.cells[column]
    match = found.get((plan.organisation.pk, text.casefold()))
    if match is None:
        unknown = {
            "site": _("%(organisation)s has no site called %(value)s."),
            "team": _("%(organisation)s has no team called %(value)s."),
            "username": _("%(organisation)s has no login called %(value)s."),
        }[column]
        plan.problem(column, unknown % {"organisation": plan.organisation, "value": text})
    return match


def _read_status(plan: _Plan, columns: frozenset[str]) -> None:
    cells = plan.row.cells
    if "status" not in columns or not cells["status"]:
        return
    status = _read(plan, "status", lambda text: formats.parse_choice(text, StaffStatus))
    day = None
    if "status_date" in columns and cells["status_date"]:
        day = _read(plan, "status_date", formats.parse_date)
    if status is not None:
        plan.status = (status, day, cells.get("status_reason", ""))


def _read_lists(plan: _Plan, columns: frozenset[str]) -> None:
    if "acd_login_ids" in columns:
        plan.login_ids = _read(plan, "acd_login_ids", formats.parse_login_ids)
    if "skills" in columns:
        plan.skills = _read(plan, "skills", formats.parse_skills)
    if "availability" in columns:
        plan.windows = _read(plan, "availability", formats.parse_availability)


# Writing the rows


@transaction.atomic
def _write(actor: User, plans: list[_Plan]) -> ImportOutcome:
    """Every readable row through the services, so that their refusals are reported with the
    cells that could not be read; one problem anywhere, and the whole file is undone."""
    problems = [problem for plan in plans for problem in plan.problems]
    written = [plan for plan in plans if not plan.problems]
    in_file = {
        (plan.organisation.pk, plan.row.cells["staff_number"])
        for plan in plans
        if plan.organisation is not None
    }
    for step in (_save_person, _save_leader, _save_status, _release_logins, _assign_logins):
        written = [plan for plan in written if _done(plan, problems, step, actor, in_file)]
    for plan in written:
        _done(plan, problems, _save_lists, actor, in_file)
    if problems:
        raise ImportProblems(sorted(problems, key=_order))
    created = sum(1 for plan in plans if plan.created)
    return ImportOutcome(created=created, updated=len(plans) - created)


Step = Callable[["_Plan", User, set[tuple[int, str]]], None]


def _done(
    plan: _Plan, problems: list[CellProblem], step: Step, actor: User, in_file: set[tuple[int, str]]
) -> bool:
    """Run ``step`` for the row; what the services refuse becomes problems of its cells.

    Returns whether it went through, and the row may go on to the next step.
    """
    try:
        # A savepoint: a refused row leaves the transaction usable for the rows after it.
        with transaction.atomic():
            step(plan, actor, in_file)
    except ValidationError as exc:
        problems.extend(_cell_problems(plan, exc, _STEP_COLUMNS.get(step, "")))
        return False
    return True


def _cell_problems(plan: _Plan, exc: ValidationError, default: str) -> Iterator[CellProblem]:
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            yield CellProblem(plan.row.number, default, message)
        return
    for name, messages in exc.message_dict.items():
        column = FIELD_COLUMNS.get(name, name)
        column = column if column in formats.COLUMNS else default
        for message in messages:
            yield CellProblem(plan.row.number, column, message)


def _save_person(plan: _Plan, actor: User, in_file: set[tuple[int, str]]) -> None:
    assert plan.organisation is not None  # noqa: S101  (rows without one were refused)
    if plan.member is None:
        plan.created = True
        status, day, reason = plan.status or (StaffStatus.RECRUITED, None, "")
        plan.member = staff_member_create(
            organisation=plan.organisation,
            status=status,
            status_date=day,
            status_reason=reason,
            **plan.fields,
        )
        plan.status = None  # the first status came with the person
    else:
        staff_member_update(member=plan.member, **plan.fields)


def _save_leader(plan: _Plan, actor: User, in_file: set[tuple[int, str]]) -> None:
    if plan.leader is None:
        return
    assert plan.member is not None  # noqa: S101
    leader = None
    if plan.leader:
        leader = StaffMember.objects.filter(
            organisation=plan.member.organisation, staff_number=plan.leader
        ).first()
        if leader is None and (plan.member.organisation_id, plan.leader) in in_file:
            return  # the leader's own row was refused: its problems say why
        if leader is None:
            raise ValidationError(
                {
                    "team_leader": _("%(organisation)s has nobody with staff number %(value)s.")
                    % {"organisation": plan.member.organisation, "value": plan.leader}
                }
            )
    if leader != plan.member.team_leader:
        staff_member_update(member=plan.member, team_leader=leader)


def _save_status(plan: _Plan, actor: User, in_file: set[tuple[int, str]]) -> None:
    if plan.status is None:
        return
    assert plan.member is not None  # noqa: S101
    status, day, reason = plan.status
    if status != plan.member.status:
        staff_status_change(
            member=plan.member,
            status=status,
            effective_date=day or plan.member.local_today(),
            reason=reason,
        )


def _release_logins(plan: _Plan, actor: User, in_file: set[tuple[int, str]]) -> None:
    """First every id a row no longer lists, so that another row may take it over."""
    if plan.login_ids is None:
        return
    assert plan.member is not None  # noqa: S101
    for login in plan.member.acd_logins.filter(valid_to__isnull=True):
        if login.login_id not in plan.login_ids:
            acd_login_release(login=login, valid_to=plan.member.local_today())


def _assign_logins(plan: _Plan, actor: User, in_file: set[tuple[int, str]]) -> None:
    if plan.login_ids is None:
        return
    member = plan.member
    assert member is not None  # noqa: S101
    held = set(member.acd_logins.filter(valid_to__isnull=True).values_list("login_id", flat=True))
    errors = []
    for login_id in plan.login_ids:
        if login_id in held:
            continue
        try:
            with transaction.atomic():
                acd_login_assign(
                    actor=actor,
                    member=member,
                    login_id=login_id,
                    valid_from=max(member.local_today(), member.hire_date),
                )
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"acd_login_ids": errors})


def _save_lists(plan: _Plan, actor: User, in_file: set[tuple[int, str]]) -> None:
    assert plan.member is not None  # noqa: S101
    if plan.skills is not None:
        with _column("skills"):
            staff_skills_replace(member=plan.member, skills=plan.skills)
    if plan.windows is not None:
        with _column("availability"):
            availability_replace(member=plan.member, windows=plan.windows)


@contextlib.contextmanager
def _column(column: str) -> Iterator[None]:
    """Whatever a list's service refuses belongs to the list's cell."""
    try:
        yield
    except ValidationError as exc:
        raise ValidationError({column: exc.messages}) from None


_STEP_COLUMNS: dict[Step, str] = {
    _save_leader: "team_leader",
    _save_status: "status",
    _release_logins: "acd_login_ids",
    _assign_logins: "acd_login_ids",
}
