"""The staffing calculator page and ``POST /api/wfm/staffing``."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World

pytestmark = pytest.mark.django_db

# Reference case of the issue: 100 calls in 30 min, AHT 180 s, 80/20 gives
# 14 agents (SL 0.8884, ASA 7.84 s), 20 scheduled with 30 % shrinkage.
REFERENCE: dict[str, Any] = {
    "calls": 100,
    "interval_minutes": 30,
    "aht_seconds": 180,
    "target_sl": 0.8,
    "answer_seconds": 20,
}


def test_the_calculator_gives_the_reference_staffing(client: Client, world: World) -> None:
    client.force_login(PersonFactory.create(organisation=world.owner, roles=["planner"]))

    response = client.get(reverse("wfm:staffing"), {**REFERENCE, "shrinkage": "0.3"})
    page = response.content.decode()

    assert '<td class="num" id="agents">14</td>' in page
    assert '<td class="num" id="scheduled-agents">20</td>' in page
    assert "0.8884" in page
    assert "7.84" in page
    assert "<td>Erlang C (callers wait)</td>" in page


def test_the_calculator_answers_htmx_with_the_result_panel_only(
    client: Client, world: World
) -> None:
    client.force_login(PersonFactory.create(organisation=world.owner, roles=["planner"]))

    response = client.get(reverse("wfm:staffing"), REFERENCE, headers={"HX-Request": "true"})

    assert b"<html" not in response.content
    assert b'id="agents">14<' in response.content


def test_the_calculator_asks_for_a_target(client: Client, world: World) -> None:
    client.force_login(PersonFactory.create(organisation=world.owner, roles=["planner"]))

    response = client.get(
        reverse("wfm:staffing"),
        {"calls": 100, "interval_minutes": 30, "aht_seconds": 180, "answer_seconds": 20},
    )

    assert "Give at least one target" in response.content.decode()
    assert 'id="agents"' not in response.content.decode()


def test_the_api_returns_the_cli_keys(client: Client, world: World) -> None:
    client.force_login(PersonFactory.create(organisation=world.owner, roles=["planner"]))

    response = client.post(
        "/api/wfm/staffing", {**REFERENCE, "shrinkage": 0.3}, content_type="application/json"
    )
    body = response.json()

    assert response.status_code == 200
    assert set(body) == {
        "agents",
        "scheduled_agents",
        "service_level",
        "asa_seconds",
        "occupancy",
        "wait_probability",
        "abandon_rate",
        "model",
    }
    assert (body["agents"], body["scheduled_agents"], body["model"]) == (14, 20, "erlang_c")
    assert body["service_level"] == pytest.approx(0.8884, abs=5e-5)
    assert body["asa_seconds"] == pytest.approx(7.84, abs=5e-3)
    assert body["abandon_rate"] is None


def test_the_api_switches_to_erlang_a_with_patience(client: Client, world: World) -> None:
    client.force_login(PersonFactory.create(organisation=world.owner, roles=["planner"]))

    erlang_a = client.post(
        "/api/wfm/staffing", {**REFERENCE, "patience_seconds": 120}, content_type="application/json"
    ).json()

    assert erlang_a["model"] == "erlang_a"
    assert 0 < erlang_a["abandon_rate"] < 0.1
    assert erlang_a["agents"] <= 14  # here abandonment relieves the queue: fewer agents


def test_the_api_names_a_bad_field(client: Client, world: World) -> None:
    client.force_login(PersonFactory.create(organisation=world.owner, roles=["planner"]))

    response = client.post(
        "/api/wfm/staffing", {**REFERENCE, "target_sl": 1.5}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "target_sl"


def test_the_api_needs_a_login(client: Client) -> None:
    assert (
        client.post("/api/wfm/staffing", REFERENCE, content_type="application/json").status_code
        == 401
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("calls", 1e308), ("aht_seconds", 1e308), ("interval_minutes", 1e6), ("agents", 10**12)],
)
def test_the_api_refuses_figures_past_the_calculators_ceilings(
    client: Client, world: World, field: str, value: float
) -> None:
    client.force_login(PersonFactory.create(organisation=world.owner, roles=["planner"]))

    response = client.post(
        "/api/wfm/staffing", {**REFERENCE, field: value}, content_type="application/json"
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_the_calculator_page_names_a_figure_past_its_ceiling(client: Client, world: World) -> None:
    client.force_login(PersonFactory.create(organisation=world.owner, roles=["planner"]))

    response = client.get(reverse("wfm:staffing"), {**REFERENCE, "calls": "1e308"})

    assert response.status_code == 200
    assert "less than or equal to 100000" in response.content.decode()
    assert 'id="agents"' not in response.content.decode()
