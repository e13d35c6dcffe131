"""Shift templates and schedules: from a staffing plan to agent-shifts with breaks."""

from __future__ import annotations

import csv
import io
import zoneinfo
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Any

import numpy as np
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kezek.accounts.models import Organisation, User
from kezek.engine.scheduling import BreakRule, BreakToken, RequirementGrid, make_schedule
from kezek.engine.scheduling import ShiftTemplate as EngineTemplate
from kezek.wfm.models import Schedule, ScheduledShift, ShiftTemplate, StaffingPlan
from kezek.wfm.models.schedules import ALL_DAYS

TEMPLATE_COLUMNS = (
    "name",
    "earliest_start",
    "latest_start",
    "start_step_minutes",
    "length_minutes",
    "lunch_minutes",
)


@transaction.atomic
def shift_templates_import(*, organisation: Organisation, text: str) -> list[ShiftTemplate]:
    """Create or update templates from CSV (the columns of ``kezek schedule --shifts``).

    Optional columns: ``days_of_week``, the weekday digits a template may start on
    (``01234`` Monday to Friday; without it, every day), and
    ``lunch_earliest_offset_minutes`` / ``lunch_latest_offset_minutes``, the window for
    the lunch start after the shift start (without them, centred in the shift ± 1 h).

    Every row is checked first; one bad row changes nothing and every bad row is named.
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in TEMPLATE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(
            _("Line 1: missing columns %(columns)s.") % {"columns": ", ".join(missing)}
        )
    templates: list[ShiftTemplate] = []
    problems: list[str] = []
    for line, row in enumerate(reader, start=2):
        try:
            templates.append(_template_from_row(organisation, row))
        except ValidationError as exc:
            problems.extend(_line_problems(line, exc))
    if problems:
        raise ValidationError(problems)
    for template in templates:
        ShiftTemplate.objects.filter(organisation=organisation, name=template.name).delete()
        template.save()
    return templates


def _line_problems(line: int, error: ValidationError) -> list[str]:
    """Each problem of a CSV line, naming the line and, where there is one, the column."""
    problems: list[str] = []
    for column, messages in error.message_dict.items():
        for message in messages:
            if column == NON_FIELD_ERRORS:
                problems.append(_("Line %(line)s: %(error)s") % {"line": line, "error": message})
            else:
                problems.append(
                    _("Line %(line)s, column %(column)s: %(reason)s")
                    % {"line": line, "column": column, "reason": message}
                )
    return problems


def _template_from_row(organisation: Organisation, row: dict[str, str]) -> ShiftTemplate:
    """The template of a CSV row; ``ValidationError`` with every bad cell of it, by column."""
    unreadable: dict[str, str] = {}

    def cell(column: str) -> str:
        return (row.get(column) or "").strip()

    def clock(column: str) -> time | None:
        if not cell(column):
            return None  # reported by the model as a missing value
        try:
            return time.fromisoformat(cell(column))
        except ValueError:
            unreadable[column] = _("write a time as HH:MM, not %(value)s") % {"value": cell(column)}
            return None

    def whole_number(column: str, *, empty: int | None) -> int | None:
        if not cell(column):
            return empty
        try:
            return int(cell(column))
        except ValueError:
            unreadable[column] = _("write a whole number, not %(value)s") % {"value": cell(column)}
            return None

    fields: dict[str, Any] = {  # None where a cell is unreadable: reported, not checked
        "name": cell("name"),
        "earliest_start": clock("earliest_start"),
        "latest_start": clock("latest_start"),
        "start_step_minutes": whole_number("start_step_minutes", empty=0),
        "length_minutes": whole_number("length_minutes", empty=0),
        "lunch_minutes": whole_number("lunch_minutes", empty=0),
        "days_of_week": cell("days_of_week") or ALL_DAYS,
        "lunch_earliest_offset_minutes": whole_number("lunch_earliest_offset_minutes", empty=None),
        "lunch_latest_offset_minutes": whole_number("lunch_latest_offset_minutes", empty=None),
    }
    template = ShiftTemplate(organisation=organisation, **fields)
    errors: dict[str, list[str]] = {column: [m] for column, m in unreadable.items()}
    try:
        if unreadable:  # the rules across columns need every cell read, so check cell by cell
            template.clean_fields(exclude=list(unreadable))
        else:
            template.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for column, messages in exc.message_dict.items():
            errors.setdefault(column, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return template


@transaction.atomic
def schedule_build(
    *,
    plan: StaffingPlan,
    templates: Sequence[ShiftTemplate],
    created_by: User,
    break_minutes_per_hour: int = 5,
    max_on_break_share: float = 0.15,
    time_limit_s: float = 60.0,
    progress: Callable[[float, str], None] | None = None,
) -> Schedule:
    """Cover ``plan``'s agents on the phones with agent-shifts, breaks and lunches.

    The requirement is the agents on the phones: breaks are placed explicitly, so
    net coverage (on shift and not on a break) must meet it in every interval.
    """
    if not templates:
        raise ValidationError(_("Choose at least one shift template."))
    grid, grid_start = _requirement_grid(plan)
    engine_templates = tuple(engine_shift_template(t) for t in templates)
    try:
        result = make_schedule(
            templates=engine_templates,
            grid=grid,
            rule=BreakRule(break_minutes_per_hour=break_minutes_per_hour),
            token=BreakToken(max_on_break_share=max_on_break_share),
            time_limit_s=time_limit_s,
        )
    except ValueError as exc:
        raise ValidationError(
            _("The plan cannot be scheduled: %(error)s"), params={"error": str(exc)}
        ) from exc
    if progress:
        progress(0.9, _("Storing the agent-shifts"))
    schedule = Schedule(
        plan=plan,
        break_minutes_per_hour=break_minutes_per_hour,
        max_on_break_share=max_on_break_share,
        paid_hours=result.paid_hours,
        lower_bound_hours=result.bound_minutes / 60,
        gap=result.gap,
        shortfall_agent_intervals=int(result.coverage.shortfall_by_interval.sum()),
        overstaffed_agent_intervals=int(result.coverage.overstaffed_by_interval.sum()),
        solve_seconds=result.solve_seconds,
        created_by=created_by,
    )
    schedule.full_clean()
    schedule.save()

    def moment(minute: int) -> datetime:
        return grid_start + timedelta(minutes=minute)

    ScheduledShift.objects.bulk_create(
        ScheduledShift(
            schedule=schedule,
            agent_slot=slot,
            template_name=shift.template,
            starts_at=moment(shift.start_min),
            ends_at=moment(shift.end_min),
            breaks=[[moment(a).isoformat(), moment(b).isoformat()] for a, b in shift.off_floor_min],
        )
        for slot, shift in enumerate(result.agent_shifts, start=1)
    )
    return schedule


def _requirement_grid(plan: StaffingPlan) -> tuple[RequirementGrid, datetime]:
    """The plan's intervals on a gap-free grid of elapsed time; closed intervals need zero."""
    queue = plan.forecast.queue
    step = timedelta(minutes=queue.interval_minutes)
    needs = dict(plan.requirements.values_list("starts_at", "agents"))
    if not needs:
        raise ValidationError(_("The staffing plan has no intervals."))
    first, last = min(needs), max(needs)
    count = int((last - first) / step) + 1
    starts = [first + i * step for i in range(count)]
    zone = zoneinfo.ZoneInfo(queue.time_zone)
    local = [s.astimezone(zone) for s in starts]
    grid = RequirementGrid(
        interval_minutes=queue.interval_minutes,
        required_agents=np.array([needs.get(s, 0) for s in starts], dtype=np.int64),
        wall_days=np.array([t.date().toordinal() for t in local], dtype=np.int64),
        wall_minutes=np.array([t.hour * 60 + t.minute for t in local], dtype=np.int64),
    )
    return grid, first.astimezone(UTC)


def engine_shift_template(template: ShiftTemplate) -> EngineTemplate:
    """The engine's view of a stored template (times as minutes, days as a weekday set)."""
    return EngineTemplate(
        name=template.name,
        earliest_start_minute=template.earliest_start.hour * 60 + template.earliest_start.minute,
        latest_start_minute=template.latest_start.hour * 60 + template.latest_start.minute,
        start_step_minutes=template.start_step_minutes,
        length_minutes=template.length_minutes,
        lunch_minutes=template.lunch_minutes,
        lunch_earliest_offset_minutes=template.lunch_earliest_offset_minutes,
        lunch_latest_offset_minutes=template.lunch_latest_offset_minutes,
        weekdays=None
        if set(template.days_of_week) >= set(ALL_DAYS)
        else frozenset(int(day) for day in template.days_of_week),
    )
