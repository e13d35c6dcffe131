"""Email notifications, rendered in each recipient's language and sent by a worker."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from kezek.accounts.models import User
from kezek.core.mail import Mail, mail_enqueue
from kezek.servicedesk.models import Request

KINDS = frozenset(
    {
        "created",
        "reply",
        "approval_needed",
        "approval_decided",
        "sla_warning",
        "sla_breach",
        "resolved",
    }
)


_MUTED: ContextVar[bool] = ContextVar("servicedesk_mail_muted", default=False)


@contextmanager
def notifications_muted() -> Iterator[None]:
    """No mail inside the block (demo data and benchmark loads)."""
    token = _MUTED.set(True)
    try:
        yield
    finally:
        _MUTED.reset(token)


def notify(
    *,
    kind: str,
    request: Request,
    recipients: Iterable[User | None],
    context: dict[str, Any] | None = None,
) -> None:
    """Queue mail to ``recipients`` about ``request``; a worker sends it.

    The messages join the caller's transaction in the database queue: none leaves about a
    change that was rolled back, creating a request pays no extra commit, and a slow or
    absent mail server never holds up the person who caused the mail.

    Templates: ``servicedesk/email/<kind>_subject.txt`` and ``<kind>.txt``. Confidential
    requests are mailed by number only: mail leaves the access policy's reach.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {sorted(KINDS)}, got {kind!r}")
    if _MUTED.get():
        return
    people: dict[int, User] = {p.pk: p for p in recipients if p is not None and p.email}
    if not people:
        return
    mail_enqueue(_render(kind, request, list(people.values()), dict(context or {})))


def _render(kind: str, request: Request, people: list[User], extra: dict[str, Any]) -> list[Mail]:
    path = reverse("servicedesk:request-detail", args=[request.pk])
    mails = []
    for person in people:
        with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
            context = {"request": request, "person": person, "path": path, **extra}
            subject = render_to_string(f"servicedesk/email/{kind}_subject.txt", context)
            body = render_to_string(f"servicedesk/email/{kind}.txt", context)
        mails.append(Mail(subject=" ".join(subject.split()), body=body, to=person.email))
    return mails
