"""Mail leaves through the task queue: a page never waits for the mail server."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from kezek.core.mail import Mail, mail_deliver, mail_enqueue

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MAILS = [
    Mail(subject="Request SD-000001", body="Hello", to="aigerim@example.com"),
    Mail(subject="Запрос SD-000002", body="Здравствуйте", to="oleg@example.com"),
]


def test_delivery_sends_every_message_as_prepared() -> None:
    mail_enqueue(MAILS)  # the test settings run tasks at once

    assert [(m.subject, m.body, m.to) for m in mail.outbox] == [
        ("Request SD-000001", "Hello", ["aigerim@example.com"]),
        ("Запрос SD-000002", "Здравствуйте", ["oleg@example.com"]),
    ]


@override_settings(TASKS=DATABASE_TASKS)
def test_with_the_database_queue_the_worker_sends_not_the_caller() -> None:
    mail_enqueue(MAILS)

    assert mail.outbox == []
    queued = DBTaskResult.objects.get(task_path="kezek.core.mail.mail_deliver")

    # What the worker does with the row (the worker command itself closes the connection).
    sent = queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])

    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["aigerim@example.com", "oleg@example.com"]


@override_settings(TASKS=DATABASE_TASKS)
def test_mail_queued_in_a_rolled_back_transaction_is_never_sent() -> None:
    def change_that_fails() -> None:
        with transaction.atomic():
            mail_enqueue(MAILS)
            raise RuntimeError("the change that the mail speaks of fails")

    with pytest.raises(RuntimeError):
        change_that_fails()

    assert not DBTaskResult.objects.exists()


@override_settings(TASKS=DATABASE_TASKS)
def test_a_large_mailing_is_queued_in_batches_of_a_hundred() -> None:
    mailing = [Mail(subject="Survey", body="Link", to=f"p{n}@example.com") for n in range(250)]

    mail_enqueue(mailing)

    batches = [
        [m["to"] for m in r.args_kwargs["kwargs"]["messages"]]
        for r in DBTaskResult.objects.order_by("enqueued_at", "id")
    ]
    assert sorted(len(b) for b in batches) == [50, 100, 100]
    assert sorted(a for b in batches for a in b) == sorted(m.to for m in mailing)


@override_settings(TASKS=DATABASE_TASKS)
def test_nothing_is_queued_for_no_mail() -> None:
    mail_enqueue([])

    assert not DBTaskResult.objects.exists()


def test_the_task_reports_how_many_the_backend_accepted() -> None:
    assert mail_deliver.call(messages=[{"subject": "S", "body": "B", "to": "a@example.com"}]) == 1
    assert mail_deliver.call(messages=[]) == 0
