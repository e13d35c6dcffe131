"""Storing traffic history: every interval of a file, or none of them."""

from __future__ import annotations

import math
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kezek.accounts.models import User
from kezek.engine.forecasting.call_times import CallTimeColumns, read_call_times
from kezek.engine.forecasting.calls import IntervalStats, aggregate_calls, read_call_records
from kezek.engine.forecasting.history import (
    IntervalCounts,
    local_time_exists,
    read_interval_counts,
)
from kezek.engine.io import BadRows
from kezek.wfm.formats import problem_messages
from kezek.wfm.models import HistoryImport, HistoryInterval, Queue


@dataclass(frozen=True, slots=True)
class IntervalRecord:
    """One interval as read from a file, in the queue's local time (naive).

    ``utc_start``: the exact instant, when the file wrote its time stamps with a
    UTC offset; it wins over the local time, which the queue's zone would map.
    """

    local_start: datetime
    calls: int
    handled: int | None = None
    abandoned: int | None = None
    aht_seconds: float | None = None
    asa_seconds: float | None = None
    service_level: float | None = None
    patience_seconds: float | None = None
    utc_start: datetime | None = None


def local_to_utc(local: datetime, zone: zoneinfo.ZoneInfo, *, fold: int = 0) -> datetime | None:
    """The UTC instant of a naive local time, or ``None`` when the spring clock change skips it."""
    if not local_time_exists(local, zone):
        return None
    return local.replace(tzinfo=zone, fold=fold).astimezone(UTC)


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
    for local in starts:
        instant = local_to_utc(local, zone, fold=1 if local in seen else 0)
        seen.add(local)
        if instant is None:
            problems.append(
                _("Interval %(time)s does not exist in %(zone)s (clocks moved forward).")
                % {"time": local.isoformat(sep=" "), "zone": time_zone}
            )
            continue
        result.append(instant)
    if problems:
        raise ValidationError(problems)
    return result


def history_store(
    *,
    queue: Queue,
    records: Sequence[IntervalRecord],
    file_name: str,
    file_format: str,
    imported_by: User,
) -> HistoryImport:
    """Store ``records`` for ``queue``, replacing intervals it already had, in one transaction.

    The rows are converted to UTC and checked first; the transaction only writes.
    """
    if not records:
        raise ValidationError(_("The file holds no intervals."))
    if all(r.utc_start is not None for r in records):
        starts = [r.utc_start for r in records if r.utc_start is not None]
    else:
        starts = local_starts_to_utc([r.local_start for r in records], queue.time_zone)
    source = HistoryImport(
        queue=queue,
        file_name=file_name[:255],
        file_format=file_format,
        intervals=len(records),
        imported_by=imported_by,
    )
    source.full_clean()
    intervals = [
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
    ]
    with transaction.atomic():
        source.save()  # the intervals take its id as they are created
        # Re-importing a period replaces it: the newest file is the truth.
        HistoryInterval.objects.filter(
            queue=queue, starts_at__gte=min(starts), starts_at__lte=max(starts)
        ).delete()
        HistoryInterval.objects.bulk_create(intervals, batch_size=2000)
    return source


def history_records_from_file(
    *,
    path: Path,
    kind: str,
    interval_minutes: int,
    target_answer_s: float = 20.0,
    columns: Mapping[str, str] | None = None,
    time_zone: str | None = None,
) -> list[IntervalRecord]:
    """Read and validate a whole file; every bad row is reported, in one ``ValidationError``.

    ``kind`` is ``"intervals"`` (per-interval counts: ``timestamp`` or
    ``interval_start``, ``calls``, optional ``handled``, ``abandoned``, ``aht_s``),
    ``"calls"`` (one row per call, read with the Anonymous Bank column mapping)
    or ``"call_times"`` (one row per call with its arrival, answer and end
    times, in the columns ``columns`` names); calls are aggregated to intervals
    with ASA, service level and patience. ``time_zone``: the queue's, so that a
    per-interval row at a local time the spring clock change skips is named
    with the other bad rows.
    """
    try:
        if kind in ("calls", "call_times"):
            calls = (
                read_call_times(path=path, columns=CallTimeColumns(**(columns or {})))
                if kind == "call_times"
                else read_call_records(path=path)
            )
            stats = aggregate_calls(
                records=calls, interval_minutes=interval_minutes, target_answer_s=target_answer_s
            )
            counts, extra = stats.counts, stats
        else:
            counts = read_interval_counts(
                path=path, interval_minutes=interval_minutes, time_zone=time_zone
            )
            extra = None
    except BadRows as exc:
        raise ValidationError(problem_messages(exc.problems)) from exc
    except (ValueError, OSError) as exc:
        raise ValidationError(
            _("The file cannot be read: %(error)s"), params={"error": str(exc)}
        ) from exc
    return _records(counts, extra)


def _records(counts: IntervalCounts, stats: IntervalStats | None) -> list[IntervalRecord]:
    def value(array: Any, index: int) -> float | None:
        if array is None or math.isnan(array[index]):
            return None
        return float(array[index])

    starts = counts.start.astype("datetime64[m]").astype(datetime)
    utc = counts.utc_starts()
    instants = (
        [None] * len(starts)
        if utc is None
        else [t.replace(tzinfo=UTC) for t in utc.astype(datetime)]
    )
    return [
        IntervalRecord(
            local_start=start,
            calls=round(float(counts.calls[i])),
            handled=None if (v := value(counts.handled, i)) is None else round(v),
            abandoned=None if (v := value(counts.abandoned, i)) is None else round(v),
            aht_seconds=value(counts.aht_s, i),
            asa_seconds=value(stats.asa_s, i) if stats else None,
            service_level=value(stats.service_level, i) if stats else None,
            patience_seconds=value(stats.patience_s, i) if stats else None,
            utc_start=instants[i],
        )
        for i, start in enumerate(starts)
    ]
