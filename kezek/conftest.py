"""Fixtures shared by every app's tests: the test database and the organisations of a small
service centre.

``world`` holds the owner, two client companies and two vendors, so that every
test has outsiders at hand (another client, another vendor).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import connection
from django.utils import translation
from pytest_django import DjangoDbBlocker

from kezek.accounts.models import Organisation
from kezek.accounts.tests.factories import OrganisationFactory


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_use_migrations: bool, django_db_blocker: DjangoDbBlocker
) -> None:
    """Each worker builds its test database from the models (``--nomigrations`` in pyproject:
    a second instead of half a minute); what only a migration makes, SQLite's full-text index
    of articles, is made here by that migration's own code. ``scripts/test`` applies every
    migration from zero on both databases, and ``makemigrations --check`` keeps the models
    and the migrations the same schema."""
    if django_db_use_migrations:
        return
    article_fts = importlib.import_module("kezek.servicedesk.migrations.0002_article_fts")
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        article_fts.create_index(apps, editor)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of the migrations themselves need them: without ``--migrations`` they are skipped
    with the reason, and ``scripts/test`` runs them in a step of their own."""
    if not config.getoption("nomigrations"):
        return
    skip = pytest.mark.skip(reason="needs the real migrations: run with --migrations")
    for item in items:
        if item.get_closest_marker("migrations"):
            item.add_marker(skip)


@dataclass
class World:
    owner: Organisation
    client: Organisation
    other_client: Organisation
    vendor: Organisation
    other_vendor: Organisation


@pytest.fixture
def world(db: None) -> World:
    return World(
        owner=OrganisationFactory.create(name="Owner SSC", kind="owner"),
        client=OrganisationFactory.create(name="Client A", kind="client"),
        other_client=OrganisationFactory.create(name="Client B", kind="client"),
        vendor=OrganisationFactory.create(name="Vendor A", kind="vendor"),
        other_vendor=OrganisationFactory.create(name="Vendor B", kind="vendor"),
    )


@pytest.fixture(autouse=True)
def _language_of_each_test_its_own() -> Iterator[None]:
    """Each test starts in the default language, whatever the one before it asked for.

    A request with ``Accept-Language: ru`` leaves Russian active in the test's
    thread (a server would set it anew per request): the tests after it read
    Russian messages.
    """
    yield
    translation.deactivate()
