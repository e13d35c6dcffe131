"""The demo data loads through the services, twice without harm, with ~60 requests in every
state, a verifiable signature chain and FAQ articles in English and Russian."""

from __future__ import annotations

import random

import pytest

from kezek.accounts import demo as accounts_demo
from kezek.servicedesk import demo
from kezek.servicedesk.models import Article, Request, Service
from kezek.servicedesk.services.approvals import approval_chain_verify

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_with_requests_in_every_state() -> None:
    accounts_demo.load(rng=random.Random(1))

    demo.load(rng=random.Random(2))
    demo.load(rng=random.Random(2))

    states = set(Request.objects.values_list("state", flat=True))
    assert 55 <= Request.objects.count() <= 70
    assert states == {
        "new",
        "in_progress",
        "waiting_requester",
        "waiting_approval",
        "resolved",
        "closed",
        "cancelled",
        "reopened",
    }
    assert Service.objects.count() >= 15
    assert set(Article.objects.values_list("language", flat=True)) == {"en", "ru"}
    assert Request.objects.filter(is_confidential=True).count() == 1
    assert all(check.ok for check in approval_chain_verify())
