"""The API shell: token clients write without CSRF, session clients keep it, every error
(bad page, unknown path, wrong method, oversized or unreadable body) in the one JSON format,
documented in the schema, and the schema itself behind a login."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.test import Client, RequestFactory, override_settings

from kezek.accounts.services import api_token_create
from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.core.api import api
from kezek.core.middleware import ApiErrorFormat

pytestmark = pytest.mark.django_db


def _token_client(world: World, *roles: str) -> tuple[Client, dict[str, str]]:
    person = PersonFactory.create(organisation=world.owner, roles=list(roles) or ["planner"])
    _, key = api_token_create(user=person, name="script")
    return Client(enforce_csrf_checks=True), {"Authorization": f"Bearer {key}"}


def _schema() -> dict[str, Any]:
    return api.get_openapi_schema()  # type: ignore[no-any-return]


def _operations(method: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (path, operations[method])
        for path, operations in _schema()["paths"].items()
        if method in operations
    ]


def _concrete(path: str) -> str:
    """A schema path with every ``{id}`` filled by an id that exists nowhere."""
    parts = [("999999" if part.startswith("{") else part) for part in path.split("/")]
    return "/".join(parts)


def test_a_token_client_creates_a_token_without_csrf(world: World) -> None:
    client, headers = _token_client(world)

    response = client.post(
        "/api/me/tokens", {"name": "cron"}, content_type="application/json", headers=headers
    )

    assert response.status_code == 201
    assert response.json()["name"] == "cron"


def test_an_x_api_key_client_computes_staffing_without_csrf(world: World) -> None:
    client, headers = _token_client(world)
    key = headers["Authorization"].removeprefix("Bearer ")
    payload = {"calls": 100, "interval_minutes": 30, "aht_seconds": 180, "target_sl": 0.8}

    response = client.post(
        "/api/wfm/staffing", payload, content_type="application/json", headers={"X-API-Key": key}
    )

    assert response.status_code == 200, response.content
    assert response.json()["agents"] > 10


def test_no_write_endpoint_asks_a_token_client_for_csrf(world: World) -> None:
    client, headers = _token_client(world, "planner", "centre_manager")
    writes = _operations("post")

    answers = {
        path: client.post(_concrete(path), {}, content_type="application/json", headers=headers)
        for path, _ in writes
    }

    assert len(writes) >= 7
    refused = {path: r.json() for path, r in answers.items() if r.status_code in (401, 403)}
    assert refused == {}
    assert {r.status_code for r in answers.values()} <= {200, 201, 404, 422}


def test_a_session_client_still_needs_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(PersonFactory.create(organisation=world.client))

    refused = client.post("/api/me/tokens", {"name": "x"}, content_type="application/json")
    client.get("/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    allowed = client.post(
        "/api/me/tokens", {"name": "x"}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )

    assert refused.status_code == 403
    assert set(refused.json()) == {"code", "message", "errors"}
    assert allowed.status_code == 201


def test_a_wrong_token_is_401_not_a_csrf_failure(world: World) -> None:
    response = Client(enforce_csrf_checks=True).post(
        "/api/me/tokens",
        {"name": "x"},
        content_type="application/json",
        headers={"Authorization": "Bearer kzk_forged"},
    )

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize("page", ["9223372036854775808", "1000001", "0", "-1"])
def test_every_paginated_endpoint_refuses_a_page_out_of_bounds_with_422(
    world: World, page: str
) -> None:
    client, headers = _token_client(world, "centre_manager")
    paginated = [
        path
        for path, operation in _operations("get")
        if any(p["name"] == "page" for p in operation.get("parameters", []))
    ]

    answers = {
        path: client.get(_concrete(path), {"page": page}, headers=headers) for path in paginated
    }

    assert len(paginated) >= 9  # the eight of the probe and the staff list
    assert {path: r.status_code for path, r in answers.items()} == dict.fromkeys(paginated, 422)
    assert all(r.json()["errors"][0]["field"] == "page" for r in answers.values())


def test_a_page_size_over_the_maximum_is_refused(world: World) -> None:
    client, headers = _token_client(world)

    response = client.get("/api/people", {"page_size": 101}, headers=headers)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "page_size"


def test_an_unknown_api_path_and_a_wrong_method_answer_in_json(world: World) -> None:
    client, headers = _token_client(world)

    unknown = client.get("/api/no-such-thing", headers=headers)
    wrong_method = client.delete("/api/me", headers=headers)

    assert unknown.status_code == 404
    assert unknown.json() == {"code": "not_found", "message": "Not found.", "errors": []}
    assert wrong_method.status_code == 405
    assert wrong_method.json()["code"] == "method_not_allowed"
    assert wrong_method["Allow"] == "GET"


def test_an_unreadable_body_is_400_and_an_oversized_one_413(world: World) -> None:
    client, headers = _token_client(world)

    unreadable = client.post(
        "/api/me/tokens", "{not json", content_type="application/json", headers=headers
    )
    oversized = client.post(
        "/api/me/tokens",
        json.dumps({"name": "x" * 3_000_000}),
        content_type="application/json",
        headers=headers,
    )

    assert unreadable.status_code == 400
    assert set(unreadable.json()) == {"code", "message", "errors"}
    assert oversized.status_code == 413
    assert oversized.json()["code"] == "too_large"


def test_a_server_error_under_the_api_is_json_and_elsewhere_untouched() -> None:
    def crash(request: HttpRequest) -> HttpResponse:
        return HttpResponseServerError("<h1>Server Error</h1>")

    middleware = ApiErrorFormat(crash)
    api_response = middleware(RequestFactory().get("/api/people"))
    page_response = middleware(RequestFactory().get("/desk/"))

    assert api_response.status_code == 500
    assert json.loads(api_response.content)["code"] == "server_error"
    assert page_response.content == b"<h1>Server Error</h1>"


def test_the_schema_documents_the_errors_of_every_operation() -> None:
    schema = _schema()
    operations = [op for ops in schema["paths"].values() for op in ops.values()]

    undocumented = [
        op["operationId"]
        for op in operations
        if not {"422"} | ({"401", "403", "404"} if op.get("security") else set())
        <= {str(code) for code in op["responses"]}
    ]

    assert undocumented == []
    assert schema["components"]["schemas"]["Error"]["required"] == ["code", "message", "errors"]


def test_the_schema_and_its_docs_need_a_login(world: World) -> None:
    anonymous = Client()
    client, headers = _token_client(world)

    assert anonymous.get("/api/openapi.json").status_code == 401
    assert anonymous.get("/api/docs").status_code == 302
    assert client.get("/api/openapi.json", headers=headers).status_code == 200


@override_settings(KEZEK_PUBLIC_API_SCHEMA=True)
def test_a_setting_makes_the_schema_public() -> None:
    assert Client().get("/api/openapi.json").status_code == 200


def test_pages_carry_a_content_security_policy_without_inline_script(world: World) -> None:
    response = Client().get("/accounts/login/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy


def test_a_nul_character_in_a_query_or_a_body_is_refused_before_any_database_sees_it(
    world: World,
) -> None:
    client, headers = _token_client(world, "centre_manager")

    in_query = client.get("/api/staff", {"q": "a\x00b"}, headers=headers)
    in_body = client.post(
        "/api/me/tokens", '{"name": "a\\u0000b"}', content_type="application/json", headers=headers
    )

    assert in_query.status_code == 422
    assert in_query.json()["errors"] == [
        {"field": "q", "message": "Null characters are not allowed."}
    ]
    assert in_body.status_code == 422
    assert in_body.json()["errors"][0]["field"] == "body"
