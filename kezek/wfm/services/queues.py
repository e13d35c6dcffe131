"""Creating and changing queues."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kezek.accounts.models import Organisation
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
