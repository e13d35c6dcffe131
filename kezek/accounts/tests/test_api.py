"""The API: authentication, scoping by the access policy, and one error format."""

from __future__ import annotations

import pytest
from django.test import Client

from kezek.accounts.services import api_token_create
from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World

pytestmark = pytest.mark.django_db


def test_the_api_refuses_anonymous_requests_in_the_common_error_format(client: Client) -> None:
    response = client.get("/api/me")

    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "message": "Log in or send an API token.",
        "errors": [],
    }


def test_a_bearer_token_authenticates(client: Client, world: World) -> None:
    person = PersonFactory.create(username="planner1", organisation=world.owner, roles=["planner"])
    _, key = api_token_create(user=person, name="laptop")

    response = client.get("/api/me", headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 200
    assert response.json()["username"] == "planner1"
    assert response.json()["roles"] == ["planner"]


def test_a_wrong_token_is_refused(client: Client, world: World) -> None:
    response = client.get("/api/me", headers={"Authorization": "Bearer kzk_not-a-token"})

    assert response.status_code == 401


def test_a_session_login_works_for_the_api(client: Client, world: World) -> None:
    client.force_login(PersonFactory.create(organisation=world.client))

    assert client.get("/api/me").status_code == 200


def test_a_created_token_is_shown_once_and_works(client: Client, world: World) -> None:
    client.force_login(PersonFactory.create(organisation=world.client))

    created = client.post("/api/me/tokens", {"name": "script"}, content_type="application/json")
    key = created.json()["key"]

    assert created.status_code == 201
    assert Client().get("/api/me", headers={"Authorization": f"Bearer {key}"}).status_code == 200


def test_people_are_paginated_and_scoped_to_the_vendor(client: Client, world: World) -> None:
    manager = PersonFactory.create(organisation=world.vendor, roles=["vendor_manager"])
    for _ in range(3):
        PersonFactory.create(organisation=world.vendor, roles=["agent"])
    competitor = PersonFactory.create(organisation=world.other_vendor, roles=["agent"])
    client.force_login(manager)

    body = client.get("/api/people").json()

    assert body["count"] == 4
    assert competitor.pk not in {item["id"] for item in body["items"]}
    assert client.get(f"/api/people/{competitor.pk}").status_code == 404
    assert client.get(f"/api/organisations/{world.other_vendor.pk}").json()["code"] == "not_found"


def test_the_openapi_schema_lists_the_endpoints(client: Client, world: World) -> None:
    client.force_login(PersonFactory.create(organisation=world.client))
    schema = client.get("/api/openapi.json").json()

    assert schema["info"]["title"] == "Kezek API"
    assert {"/api/me", "/api/people", "/api/organisations"} <= set(schema["paths"])


def test_a_bad_payload_names_the_field(client: Client, world: World) -> None:
    client.force_login(PersonFactory.create(organisation=world.client))

    response = client.post("/api/me/tokens", {}, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"
