"""Schemathesis against the API's own OpenAPI schema: every operation, a bounded number of
generated requests, as an employee, a vendor manager and a centre manager. No request may
end in a 5xx, answer a status its operation does not document, or return a body that does
not match its documented schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import kezek.config.urls  # noqa: F401  (mounts every router on the API)
from kezek.accounts.services import api_token_create
from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.core.api import api

pytestmark = pytest.mark.django_db

# Examples per operation and role: 26 operations × 3 roles × 15 ≈ 1,200 requests a run.
EXAMPLES = 15
ROLES = {
    "employee": ("client", ["employee"]),
    "vendor_manager": ("vendor", ["vendor_manager"]),
    "centre_manager": ("owner", ["centre_manager", "planner"]),
}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()


@pytest.fixture
def _wsgi_keeps_the_test_transaction() -> Iterator[None]:
    """A WSGI request closes the connection when it starts and when it finishes; the test's
    transaction must live (Django's test client does the same). SQLite's in-memory database
    ignores the close, PostgreSQL's connection does not."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_finished.connect(close_old_connections)
    request_started.connect(close_old_connections)


@pytest.fixture(params=sorted(ROLES))
def token(request: pytest.FixtureRequest, world: World) -> str:
    kind, roles = ROLES[request.param]
    organisation = {"client": world.client, "vendor": world.vendor, "owner": world.owner}[kind]
    _, key = api_token_create(
        user=PersonFactory.create(organisation=organisation, roles=roles), name="fuzz"
    )
    return key


@pytest.mark.usefixtures("_wsgi_keeps_the_test_transaction")
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_breaks_the_api(case: schemathesis.Case[Any], token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
