"""A save based on a version someone else has saved since is refused, and says what changed."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection, connections, transaction
from django.utils import translation

from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.core.versions import VersionConflict, Versioned, VersionedAdmin, claim_version
from kezek.wfm.models import Queue
from kezek.wfm.tests.factories import QueueFactory

pytestmark = pytest.mark.django_db


def save(queue_id: int, *, expected: int | None, **changes: Any) -> Queue:
    """What a service does: claim the version, change the record, save it, in one transaction."""
    with transaction.atomic():
        queue = Queue.objects.get(pk=queue_id)
        claim_version(queue, expected=expected)
        for name, value in changes.items():
            setattr(queue, name, value)
        queue.save()
    return queue


def test_two_stale_saves_in_a_row_are_refused_and_the_first_save_stays(world: World) -> None:
    queue = QueueFactory.create(organisation=world.owner, name="Payroll", shrinkage=0.3)

    save(queue.pk, expected=1, vendor=world.vendor, name="Payroll outsourced")
    with pytest.raises(VersionConflict) as first:
        save(queue.pk, expected=1, shrinkage=0.4)
    with pytest.raises(VersionConflict) as second:
        save(queue.pk, expected=1, name="Payroll again")

    queue.refresh_from_db()
    assert (queue.vendor, queue.name, queue.shrinkage) == (world.vendor, "Payroll outsourced", 0.3)
    assert queue.row_version == 2
    for refused in (first.value, second.value):
        assert refused.version == 2
        assert refused.current["vendor_id"] == world.vendor.pk
        assert refused.current["name"] == "Payroll outsourced"
        assert [(c.label, c.stored, c.opened) for c in refused.changes] == [
            ("Vendor", "Vendor A", "—"),
            ("Name", "Payroll outsourced", "Payroll"),
        ]


def test_a_save_from_the_version_stored_now_goes_through(world: World) -> None:
    queue = QueueFactory.create(organisation=world.owner, shrinkage=0.3)

    save(queue.pk, expected=1, shrinkage=0.35)
    saved = save(queue.pk, expected=2, shrinkage=0.4)

    queue.refresh_from_db()
    assert (saved.row_version, queue.row_version, queue.shrinkage) == (3, 3, 0.4)
    assert list(queue.history.values_list("row_version", "shrinkage")) == [
        (3, 0.4),
        (2, 0.35),
        (1, 0.3),
    ]


def test_a_save_without_a_version_counts_one_so_pages_opened_before_are_refused(
    world: World,
) -> None:
    queue = QueueFactory.create(organisation=world.owner, shrinkage=0.3)

    save(queue.pk, expected=None, shrinkage=0.35)
    with pytest.raises(VersionConflict) as refused:
        save(queue.pk, expected=1, shrinkage=0.4)

    queue.refresh_from_db()
    assert (queue.row_version, queue.shrinkage) == (2, 0.35)
    assert [(c.label, c.stored, c.opened) for c in refused.value.changes] == [
        ("Shrinkage", "0.35", "0.3")
    ]


def test_the_refusal_names_who_saved_when_and_each_field_they_changed(world: World) -> None:
    queue = QueueFactory.create(organisation=world.owner, name="Payroll")
    colleague = PersonFactory.create(
        organisation=world.owner, first_name="Aida", last_name="Sarsen"
    )
    with transaction.atomic():
        claim_version(queue, expected=1)
        queue.name, queue._history_user = "Payroll outsourced", colleague  # type: ignore[attr-defined]
        queue.save()

    with pytest.raises(VersionConflict) as refused, translation.override("en"):
        save(queue.pk, expected=1, name="Benefits")

    headline, line = refused.value.messages
    assert refused.value.saved_by == "Aida Sarsen"
    assert headline.startswith("Aida Sarsen saved this at ")
    assert "after you opened it, and nothing of yours is saved yet." in headline
    assert line == "Name is now “Payroll outsourced”; it was “Payroll” when you opened it."


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one writer at a time: no race to lose"
)
@pytest.mark.django_db(transaction=True)  # each thread commits its own transaction
def test_of_two_saves_racing_from_the_same_version_one_is_refused(world: World) -> None:
    queue = QueueFactory.create(organisation=world.owner, shrinkage=0.3)
    both_opened = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(shrinkage: float) -> None:
        try:
            with transaction.atomic():
                opened = Queue.objects.get(pk=queue.pk)
                both_opened.wait(timeout=10)
                claim_version(opened, expected=1)
                opened.shrinkage = shrinkage
                opened.save()
            outcomes.append(f"saved {shrinkage}")
        except VersionConflict:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(s,)) for s in (0.35, 0.4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    queue.refresh_from_db()
    assert sorted(outcomes) == ["refused", f"saved {queue.shrinkage}"]
    assert queue.row_version == 2


@pytest.mark.django_db(transaction=True)  # outside the test's own transaction
def test_a_claim_outside_the_saving_transaction_is_a_programming_error(world: World) -> None:
    queue = QueueFactory.create(organisation=world.owner)

    with pytest.raises(transaction.TransactionManagementError):
        claim_version(queue, expected=1)

    queue.refresh_from_db()
    assert queue.row_version == 1


def test_every_versioned_model_keeps_its_history() -> None:
    """The history is what a refusal reads to say who changed what."""
    versioned = [model for model in apps.get_models() if issubclass(model, Versioned)]

    assert versioned
    assert [model._meta.label for model in versioned if not hasattr(model, "history")] == []


def test_every_admin_of_a_versioned_model_refuses_stale_saves() -> None:
    """An admin save that counts no version would be undone by a page opened before it."""
    plain = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if issubclass(model, Versioned) and not isinstance(model_admin, VersionedAdmin)
    ]

    assert plain == []
