"""Special days of a queue: holidays, reduced days and campaigns, one at a time or a list at once."""

from __future__ import annotations

import csv
import io
import math
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kezek.wfm.models import Queue, SpecialDay

MAX_FACTOR = 10.0


def special_day_set(*, queue: Queue, day: date, factor: float, reason: str) -> SpecialDay:
    """Declare (or redeclare) a special day of ``queue``."""
    queue.special_days.filter(day=day).delete()
    special = SpecialDay(queue=queue, day=day, factor=factor, reason=reason.strip())
    special.full_clean()
    special.save()
    return special


def special_day_remove(*, queue: Queue, day: date) -> bool:
    """Take back a special day of ``queue``; False if it had none that day."""
    deleted, _per_model = queue.special_days.filter(day=day).delete()
    return deleted > 0


@transaction.atomic
def special_days_import(*, queue: Queue, text: str) -> int:
    """Declare every special day of a pasted list, or none if a line is wrong.

    One line per day: ``date, factor, reason`` (comma, semicolon or tab), the date
    as YYYY-MM-DD, the factor from 0 (closed) to ``MAX_FACTOR``; a first line
    naming the columns is skipped. Every bad line is reported with its number.
    Returns how many days were declared.
    """
    rows = _rows(text)
    problems: list[str] = []
    days: dict[date, tuple[float, str]] = {}
    for number, cells in rows:
        parsed = _parse(cells)
        if isinstance(parsed, str):
            problems.append(_("line %(line)s: %(problem)s") % {"line": number, "problem": parsed})
        elif parsed[0] in days:
            problems.append(
                _("line %(line)s: %(day)s comes twice") % {"line": number, "day": parsed[0]}
            )
        else:
            days[parsed[0]] = parsed[1:]
    if problems:
        raise ValidationError(problems)
    if not days:
        raise ValidationError(_("Paste one line per day: date, factor, reason."))
    for day, (factor, reason) in days.items():
        special_day_set(queue=queue, day=day, factor=factor, reason=reason)
    return len(days)


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """Non-empty lines with their numbers, split on the separator the text uses."""
    lines = text.splitlines()
    sample = "\n".join(lines[:5])
    delimiter = next((d for d in ("\t", ";", ",") if d in sample), ",")
    rows = [
        (number, [cell.strip() for cell in cells])
        for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1)
        if any(cell.strip() for cell in cells)
    ]
    if rows and rows[0][1][0].lower() in {"date", "day"}:
        rows = rows[1:]
    return rows


def _parse(cells: list[str]) -> tuple[date, float, str] | str:
    """The day, factor and reason of a line, or what is wrong with it."""
    if len(cells) < 3 or not cells[2]:
        return _("write the date, the factor and a reason")
    if len(cells) > 3 and cells[2].isdigit():  # "0,5" split by the comma between columns
        return _("write a decimal factor with a point, or separate the columns with semicolons")
    try:
        day = date.fromisoformat(cells[0])
    except ValueError:
        return _("%(value)s is not a date as YYYY-MM-DD") % {"value": cells[0]}
    try:
        factor = float(cells[1].replace(",", "."))
    except ValueError:
        factor = math.nan
    if not 0 <= factor <= MAX_FACTOR:
        return _("the factor must be a number from 0 (closed) to %(max)s, not %(value)s") % {
            "max": int(MAX_FACTOR),
            "value": cells[1],
        }
    reason = ", ".join(cells[2:])
    try:
        SpecialDay(day=day, factor=factor, reason=reason).full_clean(exclude=["queue"])
    except ValidationError as exc:
        return " ".join(exc.messages)
    return day, factor, reason
