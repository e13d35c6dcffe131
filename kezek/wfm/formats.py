"""Every file workforce planning reads or writes, in one place, for its pages and its commands.

* Shift templates: CSV with the columns of ``kezek schedule --shifts``; one set of
  rules for the import on the templates page and for the command.
* Special-day lists: ``date, factor, reason``, pasted on a queue's page or the
  file of ``kezek forecast --special-days``.
* The forecast (CSV and XLSX) and the schedule (XLSX) a planner or a vendor downloads.

Tables are read by :mod:`kezek.engine.io` (the ``csv`` module: quoted cells, a
byte order mark, ``;`` or tab as the delimiter) and written through
:mod:`kezek.core.spreadsheets`, so no cell is ever run as a formula. A bad row
is a :class:`~kezek.engine.io.RowProblem` naming its line and column; every
one is reported, and nothing is used then.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from kezek.core.spreadsheets import csv_text, xlsx_bytes
from kezek.engine.io import BadRows, RowProblem, Table, sniff_delimiter
from kezek.wfm.models import Forecast, Schedule, ShiftTemplate
from kezek.wfm.models.schedules import ALL_DAYS

__all__ = [
    "FORECAST_COLUMNS",
    "SHIFT_TEMPLATE_COLUMNS",
    "ListedDay",
    "ReadTemplate",
    "SpecialDayListError",
    "forecast_csv",
    "forecast_workbook",
    "iso_date",
    "problem_messages",
    "read_shift_templates",
    "read_special_day_list",
    "schedule_workbook",
]

# Problems in words.


def problem_messages(problems: Iterable[RowProblem], *, file: str = "") -> list[str]:
    """Each problem as a sentence naming its line (and column): ``file`` prefixes it, for a
    command that reads several files; a page says ``Line 3, column calls: ...``."""
    messages = []
    for p in problems:
        values = {"file": file, "line": p.line, "column": p.column, "reason": p.reason}
        if file and p.column:
            messages.append(_("%(file)s line %(line)s, column %(column)s: %(reason)s") % values)
        elif file:
            messages.append(_("%(file)s line %(line)s: %(error)s") % {**values, "error": p.reason})
        elif p.column:
            messages.append(_("Line %(line)s, column %(column)s: %(reason)s") % values)
        else:
            messages.append(_("Line %(line)s: %(error)s") % {**values, "error": p.reason})
    return messages


# Shift templates.

SHIFT_TEMPLATE_COLUMNS = (
    "name",
    "earliest_start",
    "latest_start",
    "start_step_minutes",
    "length_minutes",
    "lunch_minutes",
)
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(:00)?$")


@dataclass(frozen=True, slots=True)
class ReadTemplate:
    """A template as read (unsaved, without its organisation) and the line it came from."""

    line: int
    template: ShiftTemplate


def read_shift_templates(table: Table) -> list[ReadTemplate]:
    """The templates of a table, in its order; ``BadRows`` names every bad cell if any.

    Columns: those of ``SHIFT_TEMPLATE_COLUMNS``, and optionally ``days_of_week``
    (the weekday digits a template may start on, ``01234`` Monday to Friday;
    without it, every day) and ``lunch_earliest_offset_minutes`` /
    ``lunch_latest_offset_minutes`` (the window for the lunch start after the
    shift start; without them, centred in the shift ± 1 h). Other columns are
    ignored, and so are blank lines.

    The rules are the stored template's (``ShiftTemplate``'s validators and
    ``clean``): a start as ``HH:MM``, a latest start not before the earliest,
    a step of 5 to 1,440 minutes, a length of 1 to 16 hours, a lunch shorter than
    the shift, a name that does not start like a formula; and a name only once.
    """
    header, rows = table
    names = [cell.lower() for cell in header]
    missing = [c for c in SHIFT_TEMPLATE_COLUMNS if c not in names]
    if missing:
        raise BadRows([RowProblem(1, c, _("required column is missing")) for c in missing])
    read: list[ReadTemplate] = []
    problems: list[RowProblem] = []
    lines: dict[str, int] = {}
    for line, cells in enumerate(rows, start=2):
        if not any(cells):
            continue
        row = dict(zip(names, cells, strict=False))
        template, errors = _template_from_row(row)
        name = template.name
        if name and name in lines:
            errors.setdefault("name", []).append(
                _("%(name)s is already the name of line %(line)s")
                % {"name": name, "line": lines[name]}
            )
        lines.setdefault(name, line)
        problems.extend(RowProblem(line, _column(c), m) for c, ms in errors.items() for m in ms)
        if not errors:
            read.append(ReadTemplate(line=line, template=template))
    if problems:
        raise BadRows(problems)
    return read


def _column(field: str) -> str:
    return "" if field == NON_FIELD_ERRORS else field


def _template_from_row(row: dict[str, str]) -> tuple[ShiftTemplate, dict[str, list[str]]]:
    """The template of a row, and every problem of it by column (none: it is valid)."""
    unreadable: dict[str, str] = {}

    def cell(column: str) -> str:
        return row.get(column, "")

    def clock(column: str) -> time | None:
        if not cell(column):
            return None  # reported by the model as a missing value
        match = _CLOCK.match(cell(column))
        if match is None:
            unreadable[column] = _("write a time as HH:MM, not %(value)s") % {"value": cell(column)}
            return None
        return time(int(match[1]), int(match[2]))

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
    template = ShiftTemplate(**fields)
    errors: dict[str, list[str]] = {column: [m] for column, m in unreadable.items()}
    try:
        if unreadable:  # the rules across columns need every cell read, so check cell by cell
            template.clean_fields(exclude=["organisation", *unreadable])
        else:
            template.full_clean(
                exclude=["organisation"], validate_unique=False, validate_constraints=False
            )
    except ValidationError as exc:
        for column, messages in exc.message_dict.items():
            errors.setdefault(column, []).extend(messages)
    return template, errors


# Special-day lists.
#
# * The columns are separated by a tab, a semicolon or a comma: the first of these found
#   on the first line (``kezek.engine.io.sniff_delimiter``).
# * A first line naming the columns (``date`` or ``day``, ``factor``, and ``reason``,
#   ``name`` or ``description``) gives their order, and other columns are ignored; without
#   it the order is date, factor, reason. A first line holding a date or a number is a day,
#   not a header, whatever its reason says (``2027-06-06;1;Day``).
# * The date is written YYYY-MM-DD; the factor is a number from 0 (closed) up to the
#   caller's ceiling, a decimal comma allowed where the comma does not separate the columns.
# * Every bad line is reported with its number, and nothing is returned then.

DATE_NAMES = ("date", "day")
REASON_NAMES = ("reason", "name", "description")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class ListedDay:
    line: int
    day: date
    factor: float
    reason: str


class SpecialDayListError(ValueError):
    """What is wrong with a list: one message per problem, each naming its line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class _Columns:
    """Where a line's date, factor and reason are: by a header line, or in that order."""

    date: int = 0
    factor: int = 1
    reason: int | None = None  # a header without a reason column
    named: bool = False


def read_special_day_list(
    text: str, *, max_factor: float, reason_required: bool
) -> list[ListedDay]:
    """The days of ``text`` in their order; ``SpecialDayListError`` if a line is wrong."""
    delimiter = sniff_delimiter(text)
    rows = [
        (number, [cell.strip() for cell in cells])
        for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1)
        if any(cell.strip() for cell in cells)
    ]
    columns = _Columns()
    if rows and _is_header(rows[0][1]):
        number, header = rows.pop(0)
        columns = _named_columns(number, header)
    listed: dict[date, ListedDay] = {}
    problems: list[str] = []
    for number, cells in rows:
        parsed = _parse_day(number, cells, columns, delimiter, max_factor, reason_required)
        if isinstance(parsed, str):
            problems.append(_("line %(line)s: %(problem)s") % {"line": number, "problem": parsed})
        elif parsed.day in listed:
            problems.append(
                _("line %(line)s: %(day)s comes twice") % {"line": number, "day": parsed.day}
            )
        else:
            listed[parsed.day] = parsed
    if problems:
        raise SpecialDayListError(problems)
    return list(listed.values())


def _is_header(cells: list[str]) -> bool:
    """Whether a first line names the columns: it names one and holds no value of a day."""
    names = {cell.lower() for cell in cells}
    return bool(names & {*DATE_NAMES, "factor"}) and not any(map(_is_value, cells))


def _is_value(cell: str) -> bool:
    """Whether ``cell`` is written as a date or a number, which no column name is."""
    return bool(_DATE.match(cell)) or not math.isnan(_number(cell, decimal_comma=True))


def _named_columns(number: int, header: list[str]) -> _Columns:
    names = [cell.lower() for cell in header]
    date_at = next((names.index(n) for n in DATE_NAMES if n in names), None)
    if date_at is None or "factor" not in names:
        raise SpecialDayListError(
            [_("line %(line)s: name the columns date and factor") % {"line": number}]
        )
    reason = next((names.index(n) for n in REASON_NAMES if n in names), None)
    return _Columns(date=date_at, factor=names.index("factor"), reason=reason, named=True)


def _reason(cells: list[str], columns: _Columns) -> str:
    if not columns.named:  # date, factor, then the reason, commas and all
        return ", ".join(cell for cell in cells[2:] if cell)
    if columns.reason is None or columns.reason >= len(cells):
        return ""
    return cells[columns.reason]


def _parse_day(
    number: int,
    cells: list[str],
    columns: _Columns,
    delimiter: str,
    max_factor: float,
    reason_required: bool,
) -> ListedDay | str:
    """The day of a line, or what is wrong with it."""
    reason = _reason(cells, columns)
    if len(cells) <= max(columns.date, columns.factor) or (reason_required and not reason):
        if reason_required:
            return _("write the date, the factor and a reason")
        return _("write the date and the factor")
    if not columns.named and delimiter == "," and len(cells) > 3 and cells[2].isdigit():
        return _("write a decimal factor with a point, or separate the columns with semicolons")
    day = iso_date(cells[columns.date])
    if day is None:
        return _("%(value)s is not a date as YYYY-MM-DD") % {"value": cells[columns.date]}
    factor = _number(cells[columns.factor], decimal_comma=delimiter != ",")
    if not 0 <= factor <= max_factor:
        return _("the factor must be a number from 0 (closed) to %(max)s, not %(value)s") % {
            "max": f"{max_factor:g}",
            "value": cells[columns.factor],
        }
    return ListedDay(line=number, day=day, factor=factor, reason=reason)


def iso_date(text: str) -> date | None:
    """The date written YYYY-MM-DD in ``text``, or None (also for 20260101 or 2026-W01-1)."""
    try:
        return date.fromisoformat(text) if _DATE.match(text) else None
    except ValueError:
        return None


def _number(text: str, *, decimal_comma: bool) -> float:
    """The value of ``text``, or NaN; ``inf`` and ``nan`` written out are NaN too."""
    try:
        value = float(text.replace(",", ".") if decimal_comma else text)
    except ValueError:
        return math.nan
    return value if math.isfinite(value) else math.nan


# Downloads.

FORECAST_COLUMNS = ("timestamp", "calls", "lower_80", "upper_80", "lower_95", "upper_95")
"""The columns of ``kezek forecast``; the forecast page's CSV adds AHT and the model's calls."""


def forecast_csv(forecast: Forecast) -> str:
    """The forecast per interval in local time, with the columns of ``kezek forecast``."""
    zone = zoneinfo.ZoneInfo(forecast.queue.time_zone)
    header = [*FORECAST_COLUMNS, "aht_seconds", "model_calls"]
    rows = (
        [
            i.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
            *(f"{v:.3f}" for v in (i.calls, i.lower_80, i.upper_80, i.lower_95, i.upper_95)),
            f"{i.aht_seconds:.1f}",
            f"{i.model_calls:.3f}",
        ]
        for i in forecast.intervals.all()
    )
    return csv_text([header, *rows], lineterminator="\n")


def forecast_workbook(forecast: Forecast) -> bytes:
    """The forecast per interval: planner's calls, model calls, bands and AHT."""
    zone = zoneinfo.ZoneInfo(forecast.queue.time_zone)
    rows = (
        [
            _naive(i.starts_at, zone),
            i.calls,
            i.model_calls,
            i.lower_80,
            i.upper_80,
            i.lower_95,
            i.upper_95,
            i.aht_seconds,
        ]
        for i in forecast.intervals.all()
    )
    header = [
        _("Interval start"),
        _("Calls"),
        _("Forecast calls"),
        _("Lower 80%"),
        _("Upper 80%"),
        _("Lower 95%"),
        _("Upper 95%"),
        _("AHT (s)"),
    ]
    return xlsx_bytes({_("Forecast"): [header, *rows]})


def schedule_workbook(schedule: Schedule) -> bytes:
    """One row per agent-shift, with an empty column for the vendor to name the agent."""
    zone = zoneinfo.ZoneInfo(schedule.plan.forecast.queue.time_zone)
    rows = (
        [
            shift.agent_slot,
            shift.template_name,
            _naive(shift.starts_at, zone),
            _naive(shift.ends_at, zone),
            "; ".join(f"{_clock(a, zone)}-{_clock(b, zone)}" for a, b in shift.breaks),
            "",
        ]
        for shift in schedule.shifts.all()
    )
    header = [_("Agent slot"), _("Shift"), _("Start"), _("End"), _("Breaks"), _("Agent")]
    return xlsx_bytes({_("Schedule"): [header, *rows]})


def _naive(moment: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """Local wall-clock time: Excel cells carry no time zone."""
    return moment.astimezone(zone).replace(tzinfo=None)


def _clock(text: str, zone: zoneinfo.ZoneInfo) -> str:
    return datetime.fromisoformat(text).astimezone(zone).strftime("%H:%M")
