"""``kezek roster``: named agents on shifts, with breaks, under the hard rules of a roster.

See ``docs/roster-cli.md`` for the file formats and the rules. ``req.csv`` and ``shifts.csv``
are read by ``kezek schedule``'s readers; the engine is ``kezek.engine.rostering``.
"""

from __future__ import annotations

import dataclasses
import json
from argparse import ArgumentParser
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kezek.core.spreadsheets import csv_text
from kezek.engine.io import FileProblem, read_table, write_text_atomically
from kezek.engine.rostering import (
    Agent,
    Roster,
    RosterRules,
    check_pool,
    make_roster,
    parse_availability,
    parse_hours,
    parse_template_list,
    parse_unavailable_dates,
)
from kezek.engine.scheduling import BreakRule, BreakToken, ShiftTemplate
from kezek.wfm.management.commands.schedule import (
    Clock,
    Requirement,
    add_break_options,
    break_options,
    check_fit,
    read_requirement,
    read_templates,
)

AGENT_COLUMNS = ("agent_id", "min_hours_per_week", "max_hours_per_week")
OPTIONAL_AGENT_COLUMNS = ("availability", "unavailable_dates", "shifts")
ROSTER_COLUMNS = ["agent_id", "shift", "start", "end", "breaks"]
# check_pool names the agent, not the column: each column is checked with the others cleared.
_POOL_COLUMNS: tuple[tuple[str, Callable[[Agent], Agent]], ...] = (
    ("shifts", lambda a: dataclasses.replace(a, availability=(), unavailable_dates=frozenset())),
    ("unavailable_dates", lambda a: dataclasses.replace(a, availability=(), templates=None)),
    ("availability", lambda a: dataclasses.replace(a, unavailable_dates=frozenset())),
)
T = TypeVar("T")


def _bad(message: str) -> CommandError:
    return CommandError(message, returncode=2)


@dataclasses.dataclass(frozen=True, slots=True)
class PoolRow:
    """One agent read from ``agents.csv`` and the line it is on."""

    line: int
    agent: Agent


def _agent_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The rows of the agents file that are not blank, each with its line."""
    try:
        header, rows = read_table(path)
        missing = [c for c in AGENT_COLUMNS if c not in header]
        if missing:
            raise _bad(
                _("%(option)s %(path)s: missing column(s) %(columns)s")
                % {"option": "--agents", "path": path, "columns": ", ".join(missing)}
            )
        return [
            (line, dict(zip(header, row, strict=False)))
            for line, row in enumerate(rows, start=2)
            if any(row)
        ]
    except (FileProblem, OSError) as exc:
        raise _bad(
            _("%(option)s: cannot read %(path)s: %(error)s")
            % {"option": "--agents", "path": path, "error": exc}
        ) from exc


class _RowReader:
    """Reads one row's cells with the engine's parsers, keeping every problem."""

    def __init__(self, file: str, line: int, row: dict[str, str]) -> None:
        self.file, self.line, self.row = file, line, row
        self.problems: list[str] = []

    def where(self, column: str) -> str:
        return f"{self.file} line {self.line}, column {column}"

    def cell(self, column: str, parse: Callable[..., T]) -> T | None:
        try:
            return parse(self.row.get(column) or "", where=self.where(column))
        except ValueError as exc:
            self.problems.append(str(exc))
            return None

    def agent(self) -> Agent | None:
        agent_id = (self.row.get("agent_id") or "").strip()
        if not agent_id:
            self.problems.append(f"{self.where('agent_id')}: " + _("the agent id is empty"))
        low = self.cell("min_hours_per_week", parse_hours)
        high = self.cell("max_hours_per_week", parse_hours)
        availability = self.cell("availability", parse_availability)
        leave = self.cell("unavailable_dates", parse_unavailable_dates)
        templates = self.cell("shifts", parse_template_list)
        if self.problems or low is None or high is None or availability is None or leave is None:
            return None
        try:
            return Agent(agent_id, low, high, availability, leave, templates)
        except ValueError as exc:  # min above max
            self.problems.append(f"{self.where('min_hours_per_week')}: {exc}")
            return None


def _pool_problems(
    row: PoolRow, file: str, templates: tuple[ShiftTemplate, ...], requirement: Requirement
) -> list[str]:
    """``check_pool``'s refusals of one agent, each naming its row and column."""
    for column, alone in _POOL_COLUMNS:
        try:
            check_pool(
                agents=(alone(row.agent),),
                templates=templates,
                first_date=requirement.starts[0].date(),
                last_date=requirement.starts[-1].date(),
            )
        except ValueError as exc:
            # The window check needs known templates: it runs only when the shifts passed.
            return [f"{file} line {row.line}, column {column}: {exc}"]
    return []


def read_agents(
    path: Path, templates: tuple[ShiftTemplate, ...], requirement: Requirement
) -> list[Agent]:
    """The agents of ``agents.csv``; every bad cell of every row is named at once (exit 2)."""
    problems: list[str] = []
    pool: list[PoolRow] = []
    first_line: dict[str, int] = {}
    for line, row in _agent_rows(path):
        reader = _RowReader(path.name, line, row)
        agent = reader.agent()
        problems += reader.problems
        if agent is None:
            continue
        if agent.agent_id in first_line:
            problems.append(
                f"{reader.where('agent_id')}: "
                + _("agent %(agent)r appears more than once (first on line %(first)s)")
                % {"agent": agent.agent_id, "first": first_line[agent.agent_id]}
            )
            continue
        first_line[agent.agent_id] = line
        pool.append(PoolRow(line, agent))
        problems += _pool_problems(pool[-1], path.name, templates, requirement)
    if problems:
        raise _bad("\n".join(problems))
    if not pool:
        raise _bad(_("%(file)s: no agents") % {"file": path.name})
    return [row.agent for row in pool]


def write_roster(path: Path, roster: Roster, clock: Clock) -> None:
    """Write ``roster.csv`` all or nothing, one row per worked shift."""
    rows = (
        [
            shift.agent_id,
            shift.template,
            clock.iso(shift.start_min),
            clock.iso(shift.end_min),
            clock.segments(shift.off_floor_min),
        ]
        for shift in roster.shifts
    )
    write_text_atomically(path, csv_text([ROSTER_COLUMNS, *rows]))


def summary(roster: Roster, clock: Clock) -> dict[str, Any]:
    """The ``--json`` figures; the first nine keys are the documented contract."""
    return {
        "agents": len(roster.loads),
        "shifts": len(roster.shifts),
        "paid_hours": round(roster.paid_hours, 4),
        "shortfall_agent_intervals": roster.shortfall_agent_intervals,
        "overstaffed_agent_intervals": roster.overstaffed_agent_intervals,
        "rule_violations": [
            {
                "agent_id": v.agent_id,
                "rule": v.rule,
                "date": v.date.isoformat() if v.date else None,
                "message": v.message,
            }
            for v in roster.violations
        ],
        "unused_agents": list(roster.unused_agents),
        "solve_seconds": round(roster.solve_seconds, 3),
        "status": roster.status,
        "binding_rules": dict(roster.binding_rules),
        "shortfall": [
            {
                "interval_start": clock.iso(s.interval * clock.step),
                "required": s.required,
                "net": s.net,
                "short": s.short,
                "binding_rule": s.binding_rule,
            }
            for s in roster.shortfall
        ],
        "lower_bound_hours": round(roster.lower_bound_hours, 4),
        "plan_method": roster.plan_method,
        "assignment": roster.assignment,
        "max_on_break": int(roster.on_break_by_minute.max(initial=0)),
        "unplaced_break_minutes": roster.unplaced_break_minutes,
    }


def _options(options: dict[str, Any]) -> tuple[RosterRules, BreakRule, BreakToken]:
    try:
        rules = RosterRules(
            min_rest_minutes=round(options["min_rest_hours"] * 60),
            max_consecutive_days=options["max_consecutive_days"],
        )
    except ValueError as exc:
        raise _bad(_("bad option: %(error)s") % {"error": exc}) from None
    return (rules, *break_options(options))


class Command(BaseCommand):
    help = _("Give named agents shifts, breaks and lunches that cover a staffing requirement.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--requirements", required=True, type=Path, help=_("CSV: interval_start,agents")
        )
        parser.add_argument("--shifts", required=True, type=Path, help=_("CSV of shift templates"))
        parser.add_argument(
            "--agents", required=True, type=Path, help=_("CSV of the agents and their rules")
        )
        parser.add_argument("--output", required=True, type=Path, help=_("roster CSV to write"))
        parser.add_argument("--json", action="store_true", help=_("print the figures as JSON"))
        parser.add_argument(
            "--min-rest-hours", type=float, default=11.0, help=_("least rest between two shifts")
        )
        parser.add_argument(
            "--max-consecutive-days", type=int, default=5, help=_("most working days in a row")
        )
        add_break_options(parser, time_limit_seconds=120.0)

    def handle(self, *args: Any, **options: Any) -> None:
        rules, rule, token = _options(options)
        requirement = read_requirement(options["requirements"])
        templates, lines = read_templates(options["shifts"])
        check_fit(templates, lines, options["shifts"], requirement, rule, options["requirements"])
        agents = read_agents(options["agents"], templates, requirement)
        output: Path = options["output"]
        if not output.parent.resolve().is_dir():
            raise _bad(_("--output: folder %(path)s does not exist") % {"path": output.parent})
        roster = make_roster(
            agents=agents,
            templates=templates,
            grid=requirement.grid,
            rules=rules,
            break_rule=rule,
            token=token,
            time_limit_s=options["time_limit_seconds"],
        )
        clock = Clock(requirement)
        write_roster(output, roster, clock)
        figures = summary(roster, clock)
        if options["json"]:
            self.stdout.write(json.dumps(figures))
            return
        for key in (*list(figures)[:5], "unused_agents", "solve_seconds", "status"):
            self.stdout.write(f"{key}: {figures[key]}")
        self.stdout.write(f"rule_violations: {len(roster.violations)}")
        self.stdout.write(f"binding_rules: {figures['binding_rules']}")
