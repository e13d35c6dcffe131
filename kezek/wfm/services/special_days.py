"""Special days of a queue: holidays, reduced days and campaigns, one at a time or a list at once."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kezek.wfm.formats import ListedDay, SpecialDayListError, read_special_day_list
from kezek.wfm.models import Queue, SpecialDay

MAX_FACTOR = 10


@transaction.atomic
def special_day_set(*, queue: Queue, day: date, factor: float, reason: str) -> SpecialDay:
    """Declare (or redeclare) a special day of ``queue``: the old declaration goes with it."""
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

    One line per day: ``date, factor, reason`` (see ``kezek.wfm.formats``), the
    factor from 0 (closed) to ``MAX_FACTOR``. Every bad line is reported with
    its number. Returns how many days were declared.
    """
    try:
        listed = read_special_day_list(text, max_factor=MAX_FACTOR, reason_required=True)
    except SpecialDayListError as exc:
        raise ValidationError(exc.problems) from exc
    if not listed:
        raise ValidationError(_("Paste one line per day: date, factor, reason."))
    problems = [problem for entry in listed if (problem := _invalid(entry))]
    if problems:
        raise ValidationError(problems)
    for entry in listed:
        special_day_set(queue=queue, day=entry.day, factor=entry.factor, reason=entry.reason)
    return len(listed)


def _invalid(entry: ListedDay) -> str:
    """What the model refuses in a listed day (a reason too long), naming its line; or ""."""
    try:
        SpecialDay(day=entry.day, factor=entry.factor, reason=entry.reason).full_clean(
            exclude=["queue"]
        )
    except ValidationError as exc:
        return _("line %(line)s: %(problem)s") % {
            "line": entry.line,
            "problem": " ".join(exc.messages),
        }
    return ""
