"""Factories for queues, forecasts and plans."""

from __future__ import annotations

import factory

from kezek.accounts.tests.factories import OrganisationFactory
from kezek.wfm.models import Queue


class QueueFactory(factory.django.DjangoModelFactory[Queue]):
    class Meta:
        model = Queue

    organisation = factory.SubFactory(OrganisationFactory, kind="owner")
    name = factory.Sequence(lambda n: f"Queue {n}")
    time_zone = "Asia/Almaty"
    interval_minutes = 30
