"""Creating and changing queues."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kezek.accounts.models import Organisation
from kezek.core.versions import claim_version
from kezek.wfm.models import Queue


@transaction.atomic
def queue_create(
    *,
    organisation: Organisation,
    name: str,
    time_zone: str,
    vendor: Organisation | None = None,
    **targets: Any,
) -> Queue:
    """A queue of ``organisation`` (the owner), optionally served by ``vendor``."""
    queue = Queue(
        organisation=organisation, vendor=vendor, name=name, time_zone=time_zone, **targets
    )
    queue.full_clean()
    queue.save()
    return queue


@transaction.atomic
def queue_update(*, queue: Queue, opened_version: int | None = None, **changes: Any) -> Queue:
    """Change ``queue``'s name, vendor, targets or planning assumptions.

    The clock and the grid (``time_zone``, ``interval_minutes``) stay as they
    are once history is imported: the stored intervals were cut on them.
    ``opened_version`` is the version the settings page was opened at: a save
    from a page opened before someone else's is refused (``VersionConflict``).
    """
    claim_version(queue, expected=opened_version)
    fixed = {"time_zone", "interval_minutes"} & {
        name for name, value in changes.items() if value != getattr(queue, name)
    }
    if fixed and queue.history_intervals.exists():
        raise ValidationError(
            {
                name: _("It cannot change once history is imported: the stored intervals use it.")
                for name in sorted(fixed)
            }
        )
    for name, value in changes.items():
        setattr(queue, name, value)
    queue.full_clean()
    queue.save()
    return queue
