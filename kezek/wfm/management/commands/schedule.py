"""``kezek schedule``: agent-shifts with breaks from a requirement CSV and shift templates.

See ``docs/schedule-cli.md`` for the file formats and the rules.
"""

from __future__ import annotations

import datetime as dt
import json
from argparse import ArgumentParser
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kezek.core.spreadsheets import csv_text
from kezek.engine.io import BadRows, FileProblem, RowProblem, read_table, write_text_atomically
from kezek.engine.queueing import MAX_AGENTS
from kezek.engine.scheduling import (
    BreakRule,
    BreakToken,
    RequirementGrid,
    Schedule,
    ShiftTemplate,
    expand_candidates,
    make_schedule,
    template_layouts,
    uncovered_required_intervals,
)
from kezek.wfm.formats import problem_messages, read_shift_templates
from kezek.wfm.services.schedules import engine_shift_template

REQUIREMENT_COLUMNS = ("interval_start", "agents")


def _bad(message: str, **values: object) -> CommandError:
    return CommandError(message % values, returncode=2)


@dataclass(frozen=True, slots=True)
class Requirement:
    """The requirement file read onto a grid; ``starts`` as given (naive or with offsets)."""

    grid: RequirementGrid
    starts: list[dt.datetime]
    aware: bool


def _requirement_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The rows of the requirement file that are not blank, each with its line."""
    try:
        header, rows = read_table(path)
        missing = [c for c in REQUIREMENT_COLUMNS if c not in header]
        if missing:
            raise _bad(
                _("%(option)s %(path)s: missing column(s) %(columns)s"),
                option="--requirements",
                path=path,
                columns=", ".join(missing),
            )
        return [
            (line, dict(zip(header, row, strict=False)))
            for line, row in enumerate(rows, start=2)
            if any(row)
        ]
    except (FileProblem, OSError) as exc:
        raise _cannot_read("--requirements", path, exc) from exc


def _cannot_read(option: str, path: Path, error: Exception) -> CommandError:
    return _bad(
        _("%(option)s: cannot read %(path)s: %(error)s"), option=option, path=path, error=error
    )


def _bad_rows(path: Path, problems: Sequence[RowProblem]) -> CommandError:
    """Every bad row of a file, one per line; the schedule is not written."""
    return CommandError("\n".join(problem_messages(problems, file=path.name)), returncode=2)


def _integer(
    text: str | None, *, line: int, column: str, file: str, minimum: int, maximum: int
) -> int:
    try:
        value = int((text or "").strip())
    except ValueError:
        value = minimum - 1
    if not minimum <= value <= maximum:
        raise _bad(
            _(
                "%(file)s line %(line)s, column %(column)s: expected a whole number from "
                "%(minimum)s to %(maximum)s, got %(value)r"
            ),
            file=file,
            line=line,
            column=column,
            minimum=minimum,
            maximum=maximum,
            value=text,
        )
    return value


def read_requirement(path: Path) -> Requirement:
    """Read ``interval_start,agents`` rows into a regular grid, or raise naming the row."""
    rows = _requirement_rows(path)
    if len(rows) < 2:
        raise _bad(
            _("%(file)s: at least two intervals are needed to know the grid step"), file=path.name
        )
    starts: list[dt.datetime] = []
    agents: list[int] = []
    for line, row in rows:
        text = (row.get("interval_start") or "").strip()
        try:
            start = dt.datetime.fromisoformat(text)
        except ValueError:
            raise _bad(
                _("%(file)s line %(line)s, column interval_start: not an ISO date-time: %(value)r"),
                file=path.name,
                line=line,
                value=text,
            ) from None
        if starts and (start.tzinfo is None) != (starts[0].tzinfo is None):
            raise _bad(
                _("%(file)s line %(line)s: mixes times with and without a UTC offset"),
                file=path.name,
                line=line,
            )
        starts.append(start)
        agents.append(
            _integer(
                row.get("agents"),
                line=line,
                column="agents",
                file=path.name,
                minimum=0,
                maximum=MAX_AGENTS,
            )
        )
    step = _check_grid(starts, [line for line, _row in rows], path.name)
    return Requirement(
        grid=_grid(starts, agents, step), starts=starts, aware=starts[0].tzinfo is not None
    )


def _elapsed_minutes(a: dt.datetime, b: dt.datetime) -> float:
    # With offsets the difference is absolute time, so DST days stay regular (23/25 hours).
    return (b - a).total_seconds() / 60


def _check_grid(starts: list[dt.datetime], lines: list[int], file: str) -> int:
    step = _elapsed_minutes(starts[0], starts[1])
    if step <= 0 or step != int(step) or 1440 % int(step):
        raise _bad(
            _(
                "%(file)s line %(line)s: interval_start must increase by a step that divides a "
                "day (5, 15, 30 minutes ...), got %(step)s minutes"
            ),
            file=file,
            line=lines[1],
            step=step,
        )
    for k in range(2, len(starts)):
        gap = _elapsed_minutes(starts[k - 1], starts[k])
        if gap != step:
            raise _bad(
                _(
                    "%(file)s line %(line)s: interval_start %(value)s is %(gap)s minutes after the "
                    "previous row, but the grid step is %(step)s minutes (a gap, an overlap or "
                    "mixed steps)"
                ),
                file=file,
                line=lines[k],
                value=starts[k].isoformat(),
                gap=gap,
                step=int(step),
            )
    return int(step)


def _grid(starts: list[dt.datetime], agents: list[int], step: int) -> RequirementGrid:
    return RequirementGrid(
        interval_minutes=step,
        required_agents=np.array(agents, dtype=np.int64),
        wall_days=np.array([s.date().toordinal() for s in starts], dtype=np.int64),
        wall_minutes=np.array([s.hour * 60 + s.minute for s in starts], dtype=np.int64),
    )


def read_templates(path: Path) -> tuple[tuple[ShiftTemplate, ...], dict[str, int]]:
    """The shift templates, by the rules of the templates page, and the line of each name.

    Every bad row is named (``kezek.wfm.formats.read_shift_templates``).
    """
    try:
        read = read_shift_templates(read_table(path))
    except BadRows as exc:
        raise _bad_rows(path, exc.problems) from None
    except (FileProblem, OSError) as exc:
        raise _cannot_read("--shifts", path, exc) from exc
    if not read:
        raise _bad(_("%(file)s: no shift templates"), file=path.name)
    templates: list[ShiftTemplate] = []
    problems: list[RowProblem] = []
    for entry in read:
        try:
            templates.append(engine_shift_template(entry.template))
        except ValueError as exc:  # the engine's own rules, such as a lunch window left empty
            problems.append(RowProblem(entry.line, "", str(exc)))
    if problems:
        raise _bad_rows(path, problems)
    return tuple(templates), {entry.template.name: entry.line for entry in read}


def check_fit(
    templates: tuple[ShiftTemplate, ...],
    lines: dict[str, int],
    shifts: Path,
    requirement: Requirement,
    rule: BreakRule,
    requirements: Path,
) -> None:
    """Templates must sit on the grid, fit their breaks, and cover every required interval."""
    problems: list[RowProblem] = []
    for template in templates:
        try:
            alone = expand_candidates(templates=(template,), grid=requirement.grid)
            template_layouts(candidates=alone, grid=requirement.grid, rule=rule)
        except ValueError as exc:
            if repr(template.name) not in str(exc):  # the grid and the break rule disagree
                raise _bad(_("bad option: %(error)s"), error=exc) from None
            problems.append(RowProblem(lines[template.name], "", str(exc)))
    if problems:
        raise _bad_rows(shifts, problems)
    candidates = expand_candidates(templates=templates, grid=requirement.grid)
    uncovered = uncovered_required_intervals(candidates=candidates, grid=requirement.grid)
    if uncovered.size:
        k = int(uncovered[0])
        raise _bad(
            _(
                "%(file)s line %(line)s: no shift template covers interval_start %(value)s "
                "(%(count)s required intervals are uncovered)"
            ),
            file=requirements.name,
            line=k + 2,
            value=requirement.starts[k].isoformat(),
            count=int(uncovered.size),
        )


class Clock:
    """Elapsed minutes from the grid start back to local ISO times."""

    def __init__(self, requirement: Requirement) -> None:
        self.starts = requirement.starts
        self.aware = requirement.aware
        self.step = requirement.grid.interval_minutes

    def at(self, minutes: int) -> dt.datetime:
        moment = self.starts[0] + dt.timedelta(minutes=minutes)
        if not self.aware:
            return moment
        # Local offset of the interval that contains the moment (the last one past the end).
        index = min(max(minutes // self.step, 0), len(self.starts) - 1)
        return moment.astimezone(self.starts[index].tzinfo)

    def iso(self, minutes: int) -> str:
        return self.at(minutes).isoformat(timespec="minutes")

    def hhmm(self, minutes: int) -> str:
        return self.at(minutes).strftime("%H:%M")

    def segments(self, spans: Iterable[tuple[int, int]]) -> str:
        """The ``breaks`` column: ``HH:MM-HH:MM`` local segments joined by ``;``."""
        return ";".join(f"{self.hhmm(a)}-{self.hhmm(b)}" for a, b in spans)


def write_schedule(path: Path, schedule: Schedule, clock: Clock) -> None:
    """Write ``schedule.csv`` all or nothing (see ``write_text_atomically``)."""
    rows = (
        [
            slot,
            shift.template,
            clock.iso(shift.start_min),
            clock.iso(shift.end_min),
            clock.segments(shift.off_floor_min),
        ]
        for slot, shift in enumerate(schedule.agent_shifts, start=1)
    )
    write_text_atomically(
        path, csv_text([["agent_slot", "shift", "start", "end", "breaks"], *rows])
    )


def summary(schedule: Schedule, requirement: Requirement, clock: Clock) -> dict[str, Any]:
    """The ``--json`` figures; the first seven keys are the documented contract."""
    coverage = schedule.coverage
    short = np.flatnonzero(coverage.shortfall_by_interval)
    return {
        "paid_hours": round(schedule.paid_hours, 4),
        "lower_bound_hours": round(schedule.lower_bound_hours, 4),
        "gap": round(schedule.gap, 6),
        "shortfall_agent_intervals": coverage.shortfall_agent_intervals,
        "overstaffed_agent_intervals": coverage.overstaffed_agent_intervals,
        "agent_shifts": len(schedule.agent_shifts),
        "solve_seconds": round(schedule.solve_seconds, 3),
        "status": schedule.status,
        "max_on_break": int(schedule.on_break_by_minute.max(initial=0)),
        "unplaced_break_minutes": schedule.unplaced_break_minutes,
        "shortfall_by_interval": [
            {
                "interval_start": clock.iso(int(i) * requirement.grid.interval_minutes),
                "required": int(requirement.grid.required_agents[i]),
                "net_agents": int(coverage.min_net_by_interval[i]),
                "shortfall": int(coverage.shortfall_by_interval[i]),
            }
            for i in short
        ],
    }


def add_break_options(parser: ArgumentParser, *, time_limit_seconds: float) -> None:
    """The options of breaks, the break token and the time limit, shared with ``kezek roster``."""
    parser.add_argument(
        "--break-minutes-per-hour", type=int, default=5, help=_("break minutes per hour worked")
    )
    token = parser.add_mutually_exclusive_group()
    token.add_argument("--max-on-break", type=int, help=_("most agents on break at once"))
    token.add_argument(
        "--max-on-break-share",
        type=float,
        help=_("most agents on break at once, as a share of those on shift"),
    )
    parser.add_argument(
        "--time-limit-seconds",
        type=float,
        default=time_limit_seconds,
        help=_("solver time limit"),
    )


def break_options(options: dict[str, Any]) -> tuple[BreakRule, BreakToken]:
    """The break rule and token of :func:`add_break_options`' options; exit 2 when they are bad."""
    try:
        rule = BreakRule(break_minutes_per_hour=options["break_minutes_per_hour"])
        token = BreakToken(
            max_on_break=options["max_on_break"],
            max_on_break_share=options["max_on_break_share"],
        )
    except ValueError as exc:
        raise _bad(_("bad option: %(error)s"), error=exc) from None
    if options["time_limit_seconds"] <= 0:
        raise _bad(
            _("--time-limit-seconds must be positive, got %(value)s"),
            value=options["time_limit_seconds"],
        )
    return rule, token


class Command(BaseCommand):
    help = _("Choose agent-shifts, breaks and lunches that cover a staffing requirement.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--requirements", required=True, type=Path, help=_("CSV: interval_start,agents")
        )
        parser.add_argument("--shifts", required=True, type=Path, help=_("CSV of shift templates"))
        parser.add_argument("--output", required=True, type=Path, help=_("schedule CSV to write"))
        parser.add_argument("--json", action="store_true", help=_("print the figures as JSON"))
        add_break_options(parser, time_limit_seconds=60.0)

    def handle(self, *args: Any, **options: Any) -> None:
        rule, token = break_options(options)
        requirement = read_requirement(options["requirements"])
        templates, lines = read_templates(options["shifts"])
        check_fit(templates, lines, options["shifts"], requirement, rule, options["requirements"])
        output: Path = options["output"]
        if not output.parent.resolve().is_dir():
            raise _bad(_("--output: folder %(path)s does not exist"), path=output.parent)
        schedule = make_schedule(
            templates=templates,
            grid=requirement.grid,
            rule=rule,
            token=token,
            time_limit_s=options["time_limit_seconds"],
        )
        clock = Clock(requirement)
        write_schedule(output, schedule, clock)
        figures = summary(schedule, requirement, clock)
        if options["json"]:
            self.stdout.write(json.dumps(figures))
            return
        for key in list(figures)[:10]:
            self.stdout.write(f"{key}: {figures[key]}")
