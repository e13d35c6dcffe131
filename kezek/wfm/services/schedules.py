"""Shift templates and schedules: from a staffing plan to agent-shifts with breaks."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kezek.accounts.models import Organisation, User
from kezek.engine.io import BadRows, FileProblem, parse_delimited
from kezek.engine.scheduling import BreakRule, BreakToken, RequirementGrid, make_schedule
from kezek.engine.scheduling import ShiftTemplate as EngineTemplate
from kezek.wfm.formats import problem_messages, read_shift_templates
from kezek.wfm.models import Schedule, ScheduledShift, ShiftTemplate, StaffingPlan
from kezek.wfm.models.schedules import ALL_DAYS


@transaction.atomic
def shift_templates_import(*, organisation: Organisation, text: str) -> list[ShiftTemplate]:
    """Create or update templates from CSV (the columns of ``kezek schedule --shifts``).

    Read by ``kezek.wfm.formats.read_shift_templates``, which names every bad row:
    one bad row changes nothing. A template replaces the one of its name.
    """
    try:
        read = read_shift_templates(parse_delimited(text))
    except BadRows as exc:
        raise ValidationError(problem_messages(exc.problems)) from exc
    except FileProblem as exc:
        raise ValidationError(
            _("The templates cannot be read: %(error)s"), params={"error": str(exc)}
        ) from exc
    templates = [entry.template for entry in read]
    for template in templates:
        template.organisation = organisation
        ShiftTemplate.objects.filter(organisation=organisation, name=template.name).delete()
        template.save()
    return templates


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

    The solver (up to ``time_limit_s``) runs in no transaction of this service, so
    the ``progress`` a job writes shows while it runs; the agent-shifts are then
    stored in one short transaction.
    """
    if not templates:
        raise ValidationError(_("Choose at least one shift template."))
    grid, grid_start = _requirement_grid(plan)
    engine_templates = tuple(engine_shift_template(t) for t in templates)
    if progress:
        progress(0.1, _("Choosing shifts and placing breaks"))
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

    def moment(minute: int) -> datetime:
        return grid_start + timedelta(minutes=minute)

    shifts = [
        ScheduledShift(
            schedule=schedule,
            agent_slot=slot,
            template_name=shift.template,
            starts_at=moment(shift.start_min),
            ends_at=moment(shift.end_min),
            breaks=[[moment(a).isoformat(), moment(b).isoformat()] for a, b in shift.off_floor_min],
        )
        for slot, shift in enumerate(result.agent_shifts, start=1)
    ]
    with transaction.atomic():
        schedule.save()  # the agent-shifts take its id as they are created
        ScheduledShift.objects.bulk_create(shifts)
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
