"""Every file workforce planning reads or writes, in one place, for its pages and its commands.

* Special-day lists: ``date, factor, reason``, pasted on a queue's page or the
  file of ``kezek forecast --special-days``.
* The forecast (CSV and XLSX) and the schedule (XLSX) a planner or a vendor downloads.

Tables are written through :mod:`kezek.core.spreadsheets`, so no cell is ever
run as a formula.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from kezek.core.spreadsheets import csv_text, xlsx_bytes
from kezek.engine.io import sniff_delimiter
from kezek.wfm.models import Forecast, Schedule

__all__ = [
    "FORECAST_COLUMNS",
    "ListedDay",
    "SpecialDayListError",
    "forecast_csv",
    "forecast_workbook",
    "iso_date",
    "read_special_day_list",
    "schedule_workbook",
]

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
