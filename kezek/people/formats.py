"""The staff file, read and written here only: CSV (``,`` ``;`` or tab) and XLSX.

One row per person, one column per field (``COLUMNS``); the header row names the columns,
in any order, and only ``staff_number`` is required: a column left out is left as it is.
Cells holding lists use semicolons: ``acd_login_ids`` (``4711;4712``), ``skills``
(``Payroll hotline:3;Russian:2``) and ``availability``, written like the rostering engine's
agents file (``Mon-Fri 07:00-15:00;Sat 08:00-20:00``).

Reading reports every bad cell at once (:class:`ImportProblems`), each naming its row (the
header is row 1, as a spreadsheet counts) and column. Writing goes through
``kezek.core.spreadsheets``, so no cell runs as a formula; a cell it wrote as ``'=…`` is read
back without the quote.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext as _

from kezek.core.spreadsheets import csv_text, starts_like_formula, xlsx_bytes
from kezek.engine.io import sniff_delimiter
from kezek.people.choices import WEEKDAYS, weekdays_of
from kezek.people.models import MAX_HOURS_PER_WEEK, MAX_LEVEL, MIN_LEVEL, StaffMember

COLUMNS = (
    "staff_number",
    "first_name",
    "last_name",
    "organisation",
    "site",
    "team",
    "team_leader",
    "position",
    "hire_date",
    "status",
    "status_date",
    "status_reason",
    "min_hours_per_week",
    "max_hours_per_week",
    "acd_login_ids",
    "skills",
    "star_level",
    "availability",
    "username",
)
MAX_ROWS = 5000
_LOGIN_ID = re.compile(r"^[A-Za-z0-9._-]+$")
_WINDOW = re.compile(
    r"^(?P<days>[A-Za-z,\- ]+?)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})$"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLOCK = re.compile(r"^(\d{1,2}):([0-5]\d)$")


@dataclass(frozen=True, slots=True)
class CellProblem:
    """What is wrong with one cell (``column`` empty: the row; ``row`` 0: the file)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        if not self.column:
            return _("row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportProblems(Exception):
    """Every problem of a file; nothing of it was saved."""

    def __init__(self, problems: Sequence[CellProblem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = list(problems)


class CellError(ValueError):
    """A cell that cannot be read; the caller names its row and column."""


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One data row: its number in the file, and the text of each column of the header."""

    number: int
    cells: dict[str, str]


@dataclass(frozen=True, slots=True)
class Table:
    columns: frozenset[str]
    rows: list[SheetRow]


@dataclass(frozen=True, slots=True)
class Window:
    """An availability window: ``weekdays`` (Monday = 0) from ``start`` to ``end``."""

    weekdays: frozenset[int]
    start: time
    end: time


# Reading a file


def read_table(*, file_name: str, content: bytes) -> Table:
    """The rows of a staff file; :class:`ImportProblems` when it cannot be read."""
    lines = _xlsx_lines(content) if file_name.lower().endswith(".xlsx") else _csv_lines(content)
    numbered = [(number, cells) for number, cells in enumerate(lines, 1) if any(cells)]
    if not numbered:
        raise ImportProblems([CellProblem(0, "", _("The file is empty."))])
    header_number, header = numbered[0]
    columns = _header(header_number, header)
    body = numbered[1:]
    if len(body) > MAX_ROWS:
        message = _("The file has %(count)s rows; import at most %(max)s at a time.")
        raise ImportProblems([CellProblem(0, "", message % {"count": len(body), "max": MAX_ROWS})])
    rows = [
        SheetRow(
            number,
            {
                name: _unquoted(cells[index]) if index < len(cells) else ""
                for index, name in enumerate(columns)
                if name
            },
        )
        for number, cells in body
    ]
    return Table(frozenset(name for name in columns if name), rows)


def _csv_lines(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")  # the byte-order mark Excel writes is dropped
    except UnicodeDecodeError:
        raise ImportProblems(
            [CellProblem(0, "", _("The file is not UTF-8 text: save it as “CSV UTF-8”."))]
        ) from None
    delimiter = sniff_delimiter(text)  # the one rule of every table Kezek reads
    try:
        return [
            [cell.strip() for cell in cells]
            for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise ImportProblems(
            [CellProblem(0, "", _("The file is not readable CSV: %(error)s") % {"error": exc})]
        ) from None


def _xlsx_lines(content: bytes) -> list[list[str]]:
    # Imported here: openpyxl is slow to import, and most files are CSV.
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportProblems(
            [CellProblem(0, "", _("The file is not an Excel workbook (.xlsx)."))]
        ) from None
    try:
        sheets = book.worksheets
        if not sheets:
            raise ImportProblems([CellProblem(0, "", _("The file is empty."))])
        return [
            [_xlsx_text(value) for value in row] for row in sheets[0].iter_rows(values_only=True)
        ]
    finally:
        book.close()


def _xlsx_text(value: Any) -> str:
    """A cell's value as the text a CSV file would hold for it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a staff number or hours typed as a number: 1001, not 1001.0
    return str(value).strip()


def _unquoted(text: str) -> str:
    """A cell as it was before the export put a quote before text that looks like a formula."""
    if text.startswith("'") and starts_like_formula(text[1:]):
        return text[1:]
    return text


def _header(number: int, cells: list[str]) -> list[str]:
    names = [cell.strip().lower().replace(" ", "_") for cell in cells]
    problems = []
    for index, name in enumerate(names):
        if name and name not in COLUMNS:
            message = _("%(name)s is not a column of the staff file; the columns are: %(columns)s")
            problems.append(
                CellProblem(
                    number,
                    cells[index],
                    message % {"name": cells[index], "columns": ", ".join(COLUMNS)},
                )
            )
        elif name and names.index(name) != index:
            problems.append(CellProblem(number, cells[index], _("The column comes twice.")))
    if "staff_number" not in names:
        problems.append(CellProblem(number, "", _("The header row has no column staff_number.")))
    if problems:
        raise ImportProblems(problems)
    return names


# Reading cells


def parse_date(text: str) -> date:
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass  # 2026-02-30: written right, but no such day
    raise CellError(_("%(value)s is not a date written YYYY-MM-DD.") % {"value": text})


def parse_hours(text: str) -> Decimal:
    """Paid hours per week, 0 to 168, with at most two decimals (37.5; 37,5 too)."""
    try:
        hours = Decimal(text.replace(",", ".") if "." not in text else text)
    except InvalidOperation:
        hours = Decimal("NaN")
    if not hours.is_finite() or not 0 <= hours <= MAX_HOURS_PER_WEEK or hours != round(hours, 2):
        raise CellError(
            _("%(value)s is not a number of hours from 0 to %(max)s.")
            % {"value": text, "max": MAX_HOURS_PER_WEEK}
        )
    return hours


def parse_level(text: str) -> int:
    if not text.isdigit() or not MIN_LEVEL <= int(text) <= MAX_LEVEL:
        raise CellError(
            _("%(value)s is not a level from %(min)s to %(max)s.")
            % {"value": text, "min": MIN_LEVEL, "max": MAX_LEVEL}
        )
    return int(text)


def parse_choice(text: str, choices: type[TextChoices]) -> str:
    """A choice by its value (``team_leader``) or its label in the page's language."""
    wanted = text.strip().lower()
    for value, label in choices.choices:
        if wanted in (value, str(label).lower()):
            return str(value)
    raise CellError(
        _("%(value)s is not one of: %(choices)s")
        % {"value": text, "choices": ", ".join(choices.values)}
    )


def parse_login_ids(text: str) -> list[str]:
    """ACD login ids separated by semicolons, each once."""
    ids = [item.strip() for item in text.split(";") if item.strip()]
    for login_id in ids:
        if not _LOGIN_ID.match(login_id):
            raise CellError(
                _("%(value)s is not an ACD login id (letters, digits, dots, dashes, underscores).")
                % {"value": login_id}
            )
    repeated = sorted({login_id for login_id in ids if ids.count(login_id) > 1})
    if repeated:
        raise CellError(_("%(value)s comes twice.") % {"value": repeated[0]})
    return ids


def parse_skills(text: str) -> list[tuple[str, int]]:
    """``name:level`` pairs separated by semicolons: ``Payroll hotline:3;Russian:2``."""
    skills: dict[str, int] = {}
    for item in (part.strip() for part in text.split(";")):
        if not item:
            continue
        name, colon, level = (part.strip() for part in item.rpartition(":"))
        if not colon or not name:
            raise CellError(
                _("%(value)s is not a skill with its level, like Payroll hotline:3.")
                % {"value": item}
            )
        if name in skills:
            raise CellError(_("%(value)s comes twice.") % {"value": name})
        try:
            skills[name] = parse_level(level)
        except CellError as exc:
            raise CellError(f"{name}: {exc}") from None
    return list(skills.items())


def parse_availability(text: str) -> list[Window]:
    """``Mon-Fri 07:00-15:00;Sat 08:00-20:00`` as windows; empty text: any time.

    Days are ``Mon`` … ``Sun``, ranges (``Mon-Fri``; ``Fri-Mon`` wraps) and lists
    (``Mon,Wed``); an end at or before the start runs past midnight; 24:00 is midnight.
    """
    windows = []
    for item in (part.strip() for part in text.split(";")):
        if not item:
            continue
        match = _WINDOW.match(item)
        if match is None:
            raise CellError(
                _("%(value)s is not a window like Mon-Fri 07:00-15:00.") % {"value": item}
            )
        windows.append(
            Window(
                weekdays=_weekdays(match.group("days"), item),
                start=_clock(match.group("start"), item, end=False),
                end=_clock(match.group("end"), item, end=True),
            )
        )
    return windows


def _weekdays(text: str, item: str) -> frozenset[int]:
    days: set[int] = set()
    for part in text.split(","):
        ends = [_weekday(name, item) for name in part.split("-")]
        if len(ends) > 2:
            raise CellError(_("%(value)s is not a day or a range of days.") % {"value": part})
        first, last = ends[0], ends[-1]
        days.update((first + step) % 7 for step in range((last - first) % 7 + 1))
    return frozenset(days)


def _weekday(name: str, item: str) -> int:
    try:
        return WEEKDAYS.index(name.strip().capitalize())
    except ValueError:
        raise CellError(
            _("%(day)s in %(value)s is not a weekday (%(days)s).")
            % {"day": name.strip(), "value": item, "days": ", ".join(WEEKDAYS)}
        ) from None


def _clock(text: str, item: str, *, end: bool) -> time:
    match = _CLOCK.match(text)
    hours, minutes = (int(match.group(1)), int(match.group(2))) if match else (99, 0)
    if end and (hours, minutes) == (24, 0):
        return time(0)
    if hours > 23:
        raise CellError(
            _("%(time)s in %(value)s is not a time from 00:00 to 24:00.")
            % {"time": text, "value": item}
        )
    return time(hours, minutes)


# Writing cells and files


def format_availability(windows: Iterable[Window]) -> str:
    """Windows as the staff file writes them: ``Mon-Fri 07:00-15:00;Sat 08:00-20:00``."""
    return ";".join(window_text(window) for window in windows)


def window_text(window: Window, day_names: Sequence[str] = WEEKDAYS) -> str:
    """One window, its days named by ``day_names`` (Monday first): a page passes its own."""
    end = "24:00" if window.end == time(0) and window.start != time(0) else f"{window.end:%H:%M}"
    return f"{_day_ranges(window.weekdays, day_names)} {window.start:%H:%M}-{end}"


def _day_ranges(days: frozenset[int], names: Sequence[str]) -> str:
    """``Mon-Fri``, ``Sat,Sun``, ``Mon,Wed-Fri``: runs of three days or more as ranges."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(
        f"{names[run[0]]}-{names[run[-1]]}" if len(run) > 2 else ",".join(names[d] for d in run)
        for run in runs
    )


def member_windows(member: StaffMember) -> list[Window]:
    return [
        Window(frozenset(weekdays_of(w.weekdays)), w.start_time, w.end_time)
        for w in member.availability.all()
    ]


def staff_rows(members: Iterable[StaffMember]) -> list[list[object]]:
    """The header and one row per person, in ``COLUMNS`` order.

    ``members`` come with their open ACD logins (``open_acd_logins``), skills, availability
    and latest status change (``status_changes``) prefetched: see ``selectors.staff_export``.
    """
    rows: list[list[object]] = [list(COLUMNS)]
    for member in members:
        latest = next(iter(member.status_changes.all()), None)
        rows.append(
            [
                member.staff_number,
                member.first_name,
                member.last_name,
                member.organisation.name,
                member.site.name if member.site else "",
                member.team.name if member.team else "",
                member.team_leader.staff_number if member.team_leader else "",
                member.position,
                member.hire_date.isoformat(),
                member.status,
                member.status_since.isoformat() if member.status_since else "",
                latest.reason if latest else "",
                _hours_cell(member.min_hours_per_week),
                _hours_cell(member.max_hours_per_week),
                ";".join(login.login_id for login in getattr(member, "open_acd_logins", [])),
                ";".join(f"{skill.name}:{skill.level}" for skill in member.skills.all()),
                member.star_level if member.star_level is not None else "",
                format_availability(member_windows(member)),
                member.user.username if member.user else "",
            ]
        )
    return rows


def _hours_cell(hours: Decimal) -> int | Decimal:
    """40, not 40.00: the file shows hours as people write them."""
    return int(hours) if hours == hours.to_integral_value() else hours.normalize()


def staff_csv(rows: Iterable[Iterable[object]]) -> bytes:
    # The byte-order mark makes Excel read the file as UTF-8.
    return csv_text(rows).encode("utf-8-sig")


def staff_xlsx(rows: Iterable[Iterable[object]]) -> bytes:
    return xlsx_bytes({_("Staff"): rows})
