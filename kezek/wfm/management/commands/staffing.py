"""``kezek staffing``: agents per interval from contacts, handle time and service targets.

One interval from options (``--calls``), or a CSV file of intervals
(``--input``), with Erlang C, or Erlang A when a patience is given. The JSON
keys, option names and CSV columns are a stable contract, documented in
``docs/staffing-cli.md``.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import Progress

from kezek.core.spreadsheets import csv_text
from kezek.engine.io import FileProblem, read_table, write_text_atomically
from kezek.engine.queueing import (
    MAX_AGENTS,
    SERVICE_LEVEL_DEFINITIONS,
    IntervalStaffing,
    StaffingTable,
    staff_intervals,
)
from kezek.engine.scheduling.shifts import MINUTES_PER_DAY

RESULT_COLUMNS = (
    "agents",
    "scheduled_agents",
    "service_level",
    "asa_seconds",
    "occupancy",
    "wait_probability",
    "abandon_rate",
    "model",
)
CHUNK_ROWS = 20_000
PROGRESS_MIN_ROWS = 5_000  # on a terminal
PROGRESS_LARGE_ROWS = 100_000  # always, even when stderr is not a terminal


@dataclass(frozen=True)
class Field:
    """One numeric input: its option, its CSV column, its domain and the engine argument."""

    option: str
    column: str
    engine: str
    domain: str  # "non_negative" | "positive" | "fraction_open" | "fraction_closed" | "shrinkage" | "whole"
    scale: float = 1.0  # option unit -> engine unit (minutes -> seconds)
    maximum: float = math.inf  # in the option's unit


FIELDS = (
    Field("--calls", "calls", "contacts", "non_negative"),
    Field(
        "--interval-minutes",
        "interval_minutes",
        "interval_s",
        "positive",
        60.0,
        maximum=MINUTES_PER_DAY,
    ),
    Field("--aht-seconds", "aht_seconds", "aht_s", "positive"),
    Field("--target-sl", "target_sl", "target_service_level", "fraction_open"),
    Field("--answer-seconds", "answer_seconds", "target_answer_s", "non_negative"),
    Field("--patience-seconds", "patience_seconds", "patience_s", "positive"),
    Field("--max-asa-seconds", "max_asa_seconds", "max_asa_s", "positive"),
    Field("--max-abandon", "max_abandon", "max_abandon", "fraction_open"),
    Field("--max-occupancy", "max_occupancy", "max_occupancy", "fraction_closed"),
    Field("--shrinkage", "shrinkage", "shrinkage", "shrinkage"),
    Field("--agents", "agents", "agents", "whole", maximum=MAX_AGENTS),
)
DEFAULTS = {"interval_s": 1800.0, "target_answer_s": 20.0, "shrinkage": 0.0}
TARGETS = ("target_service_level", "max_asa_s", "max_abandon", "max_occupancy")


def parse_value(field: Field, raw: str) -> float:
    """The engine value of ``raw`` for ``field``; ``ValueError`` says what is wrong."""
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(_("must be a number, got %(raw)r") % {"raw": raw}) from None
    ok, rule = (
        {
            "non_negative": (value >= 0, _("must be zero or more")),
            "positive": (value > 0, _("must be a positive number")),
            "fraction_open": (0 < value < 1, _("must be a fraction between 0 and 1 (exclusive)")),
            "fraction_closed": (0 < value <= 1, _("must be a fraction above 0, at most 1")),
            "shrinkage": (0 <= value < 1, _("must be a fraction from 0 up to (not including) 1")),
            "whole": (value >= 0 and value == int(value), _("must be a whole number, 0 or more")),
        }[field.domain]
        if math.isfinite(value)
        else (False, _("must be a finite number"))
    )
    if not ok:
        raise ValueError(_("%(rule)s, got %(raw)s") % {"rule": rule, "raw": raw})
    if value > field.maximum:
        raise ValueError(
            _("must be at most %(maximum)s, got %(raw)s")
            % {"maximum": f"{field.maximum:,.0f}", "raw": raw}
        )
    return value * field.scale


class Command(BaseCommand):
    help = _(
        "Agents needed per interval (Erlang C, or Erlang A with --patience-seconds), "
        "or the service given by --agents; one interval from options or a CSV file."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        for field in FIELDS:
            parser.add_argument(field.option, dest=field.column, metavar="NUMBER")
        parser.add_argument(
            "--sl-definition",
            default="offered",
            choices=[d.replace("_", "-") for d in SERVICE_LEVEL_DEFINITIONS],
            help=_("Erlang A service level: answered within T over offered (default), "
                   "over answered, or over offered less abandons within T."),
        )  # fmt: skip
        parser.add_argument("--json", action="store_true", help=_("Print one JSON object."))
        parser.add_argument("--input", type=Path, help=_("CSV file, one row per interval."))
        parser.add_argument("--output", type=Path, help=_("CSV file to write (default: stdout)."))

    def handle(self, *args: Any, **options: Any) -> None:
        definition = options["sl_definition"].replace("-", "_")
        defaults = self._option_values(options)
        if options["input"] is not None:
            self._run_file(options["input"], options["output"], defaults, definition)
            return
        if options["output"] is not None:
            raise CommandError(_("--output needs --input"), returncode=2)
        result = self._run_one(defaults, definition)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict()))
        else:
            self.stdout.write(render_table(result, defaults))

    def _option_values(self, options: dict[str, Any]) -> dict[str, float]:
        values = dict(DEFAULTS)
        for field in FIELDS:
            raw = options[field.column]
            if raw is None:
                continue
            try:
                values[field.engine] = parse_value(field, str(raw))
            except ValueError as exc:
                raise CommandError(f"{field.option} {exc}", returncode=2) from None
        return values

    def _run_one(self, values: dict[str, float], definition: str) -> IntervalStaffing:
        for field in FIELDS[:3:2]:  # --calls and --aht-seconds
            if field.engine not in values:
                raise CommandError(
                    _("%(option)s is required (or give --input)") % {"option": field.option},
                    returncode=2,
                )
        problem = check_row(values)
        if problem:
            raise CommandError(problem, returncode=2)
        try:
            return solve(values, definition).row(0)
        except ValueError as exc:
            raise CommandError(explain_engine_error(exc), returncode=2) from None

    def _run_file(
        self, source: Path, target: Path | None, defaults: dict[str, float], definition: str
    ) -> None:
        header, rows = read_csv(source)
        columns = read_columns(header, rows, defaults)
        table = solve_file(columns, definition, rows, show_progress(len(rows)))
        text = render_csv(header, rows, table)
        if target is None:
            self.stdout.write(text, ending="")
            return
        if not target.resolve().parent.is_dir():
            raise CommandError(
                _("--output %(path)s: no such folder") % {"path": target}, returncode=2
            )
        write_text_atomically(target, text)


def read_csv(source: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of ``source`` (``kezek.engine.io``: quoted cells, ``;`` or tab too);
    blank lines are skipped, and an unreadable file fails naming the option."""
    try:
        header, table = read_table(source)
        rows = [dict(zip(header, cells, strict=False)) for cells in table if any(cells)]
    except (OSError, FileProblem) as exc:
        raise CommandError(
            _("--input %(path)s cannot be read: %(error)s") % {"path": source, "error": exc},
            returncode=2,
        ) from None
    if "calls" not in header:
        raise CommandError(
            _("--input %(path)s: line 1 has no column 'calls'") % {"path": source}, returncode=2
        )
    return header, rows


def read_columns(
    header: list[str], rows: list[dict[str, str]], defaults: dict[str, float]
) -> dict[str, np.ndarray[Any, np.dtype[np.float64]]]:
    """Engine arrays from the CSV; every bad cell is reported, with line and column."""
    columns = {f.engine: np.full(len(rows), defaults.get(f.engine, math.nan)) for f in FIELDS}
    errors: list[str] = []
    for index, row in enumerate(rows):
        line = index + 2  # the header is line 1
        values: dict[str, float] = dict(defaults)
        for field in FIELDS:
            raw = (row.get(field.column) or "").strip() if field.column in header else ""
            if not raw:
                continue
            try:
                values[field.engine] = columns[field.engine][index] = parse_value(field, raw)
            except ValueError as exc:
                errors.append(_("line %(line)d, column %(column)s: %(error)s")
                              % {"line": line, "column": field.column, "error": exc})  # fmt: skip
        missing = [f for f in FIELDS[:3:2] if f.engine not in values]
        for field in missing:
            errors.append(_("line %(line)d, column %(column)s: missing (no %(option)s default)")
                          % {"line": line, "column": field.column, "option": field.option})  # fmt: skip
        problem = None if missing else check_row(values)
        if problem:
            errors.append(_("line %(line)d: %(error)s") % {"line": line, "error": problem})
    if errors:
        shown = errors[:50] + (
            [_("... and %(n)d more") % {"n": len(errors) - 50}] if len(errors) > 50 else []
        )
        raise CommandError("\n".join(shown), returncode=2)
    return columns


def check_row(values: dict[str, float]) -> str | None:
    """A target is needed when solving; abandonment needs a patience."""
    if "agents" not in values and not any(t in values for t in TARGETS):
        return _(
            "no target: give --target-sl, --max-asa-seconds, --max-abandon or --max-occupancy (or --agents)"
        )
    if "max_abandon" in values and "patience_s" not in values:
        return _("--max-abandon needs --patience-seconds (Erlang C assumes nobody abandons)")
    return None


def present(values: dict[str, float]) -> dict[str, float]:
    """Engine arguments of one interval; missing optional ones are NaN ("not set")."""
    return {f.engine: values.get(f.engine, math.nan) for f in FIELDS}


def solve(values: dict[str, Any], definition: str) -> StaffingTable:
    """Call the engine; ``values`` holds scalars or arrays, NaN meaning "not set"."""
    args = present(values) if all(np.ndim(v) == 0 for v in values.values()) else values
    return staff_intervals(**args, service_level_definition=definition)  # type: ignore[arg-type]


def solve_file(
    columns: dict[str, np.ndarray[Any, np.dtype[np.float64]]],
    definition: str,
    rows: list[dict[str, str]],
    progress: bool,
) -> StaffingTable:
    """Solve every row in chunks (with a progress bar); an engine error names its line."""
    parts: list[StaffingTable] = []
    with _progress(progress, len(rows)) as advance:
        for start in range(0, len(rows), CHUNK_ROWS):
            chunk = {k: v[start : start + CHUNK_ROWS] for k, v in columns.items()}
            try:
                parts.append(solve(chunk, definition))
            except ValueError:
                _raise_for_row(chunk, definition, start)
            advance(len(chunk["contacts"]))
    return concatenate(parts)


def _raise_for_row(chunk: dict[str, Any], definition: str, start: int) -> None:
    for offset in range(len(chunk["contacts"])):
        try:
            solve({k: v[offset : offset + 1] for k, v in chunk.items()}, definition)
        except ValueError as exc:
            line = start + offset + 2
            message = _("line %(line)d: %(error)s") % {
                "line": line,
                "error": explain_engine_error(exc),
            }
            raise CommandError(message, returncode=2) from None
    raise AssertionError("a chunk failed but none of its rows does")  # pragma: no cover


def concatenate(parts: list[StaffingTable]) -> StaffingTable:
    if not parts:
        return solve({f.engine: np.zeros(0) for f in FIELDS}, "offered")
    names = StaffingTable.__dataclass_fields__
    return StaffingTable(**{n: np.concatenate([getattr(p, n) for p in parts]) for n in names})


def explain_engine_error(exc: ValueError) -> str:
    text = str(exc)
    if "unreachable" in text:
        return _("the targets cannot be met (%(error)s); relax --target-sl, --max-asa-seconds, "
                 "--max-abandon or --max-occupancy") % {"error": text}  # fmt: skip
    return text


def show_progress(rows: int) -> bool:
    """A bar on large files: from 5,000 rows on a terminal, from 100,000 rows always."""
    terminal = sys.stderr.isatty()
    return rows >= PROGRESS_LARGE_ROWS or (terminal and rows >= PROGRESS_MIN_ROWS)


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[Any]:
    if not enabled:
        yield lambda _n: None
        return
    with Progress(console=Console(file=sys.stderr), transient=False) as bar:
        task = bar.add_task(_("Staffing intervals"), total=total)
        yield lambda n: bar.advance(task, n)


def _cell(value: float, *, digits: int = 10) -> str:
    if not math.isfinite(value):
        return ""
    return repr(round(float(value), digits))


def render_csv(header: list[str], rows: list[dict[str, str]], table: StaffingTable) -> str:
    """Input columns as read, then the result columns (replacing same-named inputs).

    An input cell a spreadsheet would run as a formula is written after a quote
    (``kezek.core.spreadsheets``); every other cell, numbers included, is unchanged.
    """
    kept = [c for c in header if c not in RESULT_COLUMNS]
    lines = (
        [
            *(row.get(c, "") for c in kept),
            int(table.agents[index]),
            int(table.scheduled_agents[index]),
            _cell(table.service_level[index]),
            _cell(table.asa_seconds[index]),
            _cell(table.occupancy[index]),
            _cell(table.wait_probability[index]),
            _cell(table.abandon_rate[index]),
            str(table.model[index]),
        ]
        for index, row in enumerate(rows)
    )
    return csv_text(itertools.chain([[*kept, *RESULT_COLUMNS]], lines), lineterminator="\n")


def render_table(result: IntervalStaffing, values: dict[str, float]) -> str:
    """A readable summary of one interval."""
    percent = "{:.2%}".format
    model = _("Erlang A") if result.model == "erlang_a" else _("Erlang C")
    asa = result.asa_seconds
    lines = [
        (_("Model"), model),
        (_("Agents"), str(result.agents)),
        (_("Scheduled agents"), _("%(n)d (shrinkage %(s)s)") % {"n": result.scheduled_agents, "s": percent(values["shrinkage"])}),
        (_("Service level"), _("%(sl)s answered within %(t)g s") % {"sl": percent(result.service_level), "t": values["target_answer_s"]}),
        (_("Average speed of answer"), _("%(asa).2f s") % {"asa": asa} if math.isfinite(asa) else _("unbounded")),
        (_("Occupancy"), percent(result.occupancy)),
        (_("Wait probability"), percent(result.wait_probability)),
        (_("Abandon rate"), _("n/a (Erlang C)") if result.abandon_rate is None else percent(result.abandon_rate)),
    ]  # fmt: skip
    width = max(len(label) for label, _value in lines)
    return "\n".join(f"{label:<{width}}  {value}" for label, value in lines)
