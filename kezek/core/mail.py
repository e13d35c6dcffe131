"""Outgoing mail, handed to a worker so that no page waits for the mail server."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.core.mail import EmailMessage, get_connection
from django_tasks import task


@dataclass(frozen=True, slots=True)
class Mail:
    subject: str
    body: str
    to: str


@task()
def mail_deliver(messages: list[dict[str, str]]) -> int:
    """Send prepared messages over one connection; how many the backend accepted."""
    mails = [Mail(**message) for message in messages]
    with get_connection() as connection:
        sent = connection.send_messages(
            [EmailMessage(mail.subject, mail.body, None, [mail.to]) for mail in mails]
        )
    return int(sent or 0)


# Messages per task: one connection serves a batch, and a failure stops one batch, not all.
MAIL_BATCH = 100


def mail_enqueue(mails: list[Mail]) -> None:
    """Queue ``mails`` for a worker, inside the transaction that makes them true: with the
    database queue (the default backend) they are queued if and only if it commits."""
    for start in range(0, len(mails), MAIL_BATCH):
        batch = mails[start : start + MAIL_BATCH]
        mail_deliver.enqueue(messages=[asdict(mail) for mail in batch])
