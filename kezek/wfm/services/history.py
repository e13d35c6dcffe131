"""Storing traffic history: every interval of a file, or none of them."""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kezek.accounts.models import User
from kezek.wfm.models import HistoryImport, HistoryInterval, Queue


@dataclass(frozen=True, slots=True)
class IntervalRecord:
    """One interval as read from a file, in the queue's local time (naive)."""

    local_start: datetime
    calls: int
    handled: int | None = None
    abandoned: int | None = None
    aht_seconds: float | None = None
    asa_seconds: float | None = None
    service_level: float | None = None
    patience_seconds: float | None = None


def local_starts_to_utc(starts: Sequence[datetime], time_zone: str) -> list[datetime]:
    """Convert naive local interval starts to UTC, surviving both DST changes.

    On the autumn day the hour after the change repeats its local times: the
    second time a local time is seen it is the later instant (``fold=1``). On
    the spring day the skipped hour does not exist, and a row in it is an error.
    """
    zone = zoneinfo.ZoneInfo(time_zone)
    seen: set[datetime] = set()
    result = []
    problems = []
    for line, local in enumerate(starts, start=1):
        aware = local.replace(tzinfo=zone, fold=1 if local in seen else 0)
        seen.add(local)
        # A local time that does not exist survives a round trip changed.
        if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local:
            problems.append(
                _("Row %(row)s: %(time)s does not exist in %(zone)s (clocks moved forward).")
                % {"row": line, "time": local.isoformat(sep=" "), "zone": time_zone}
            )
            continue
        result.append(aware.astimezone(UTC))
    if problems:
        raise ValidationError(problems)
    return result


@transaction.atomic
def history_store(
    *,
    queue: Queue,
    records: Sequence[IntervalRecord],
    file_name: str,
    file_format: str,
    imported_by: User,
) -> HistoryImport:
    """Store ``records`` for ``queue``, replacing intervals it already had, in one transaction."""
    if not records:
        raise ValidationError(_("The file holds no intervals."))
    starts = local_starts_to_utc([r.local_start for r in records], queue.time_zone)
    source = HistoryImport(
        queue=queue,
        file_name=file_name[:255],
        file_format=file_format,
        intervals=len(records),
        imported_by=imported_by,
    )
    source.full_clean()
    source.save()
    # Re-importing a period replaces it: the newest file is the truth.
    HistoryInterval.objects.filter(
        queue=queue, starts_at__gte=min(starts), starts_at__lte=max(starts)
    ).delete()
    HistoryInterval.objects.bulk_create(
        (
            HistoryInterval(
                queue=queue,
                source=source,
                starts_at=start,
                calls=record.calls,
                handled=record.handled,
                abandoned=record.abandoned,
                aht_seconds=record.aht_seconds,
                asa_seconds=record.asa_seconds,
                service_level=record.service_level,
                patience_seconds=record.patience_seconds,
            )
            for start, record in zip(starts, records, strict=True)
        ),
        batch_size=2000,
    )
    return source
