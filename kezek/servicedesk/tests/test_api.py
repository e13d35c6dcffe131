"""The API: catalogue, requests, replies, approvals and FAQ search, all scoped by the policy."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kezek.servicedesk.models import KbCategory, Reply, Request
from kezek.servicedesk.services.kb import article_save
from kezek.servicedesk.tests.factories import Desk

pytestmark = pytest.mark.django_db
API = "/api/servicedesk"


def post(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.post(f"{API}{path}", data, content_type="application/json")


def test_the_catalogue_lists_the_services_with_their_fields(client: Client, desk: Desk) -> None:
    client.force_login(desk.employee)

    services = client.get(f"{API}/services").json()

    certificate = next(s for s in services if s["code"] == "certificate-of-employment")
    assert [f["key"] for f in certificate["fields"]] == ["purpose", "copies"]
    assert certificate["fields"][0]["choices"] == ["Bank", "Embassy"]


def test_a_request_is_created_with_its_deadlines(client: Client, desk: Desk) -> None:
    client.force_login(desk.employee)

    response = post(
        client,
        "/requests",
        {
            "service_id": desk.certificate.pk,
            "title": "For the bank",
            "form_data": {"purpose": "Bank", "copies": 1},
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "new"
    assert body["sla_state"] == "ok"
    assert body["resolution_due_at"] is not None


def test_bad_input_answers_422_with_field_errors_and_saves_nothing(
    client: Client, desk: Desk
) -> None:
    client.force_login(desk.employee)

    response = post(
        client,
        "/requests",
        {
            "service_id": desk.vacation.pk,
            "title": "Leave",
            "form_data": {"period": ["2026-07-14", "2026-07-01"]},
        },
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "f_period_end", "message": "The end date must not be before the start date."}
    ]
    assert not Request.objects.exists()


def test_requests_are_scoped_and_another_clients_request_is_404(client: Client, desk: Desk) -> None:
    mine = desk.request()
    theirs = desk.request(desk.other_employee)
    desk.request(service=desk.case_service, form_data={})
    client.force_login(desk.employee)

    listed = client.get(f"{API}/requests").json()

    assert listed["count"] == 2  # their own request and their own confidential case
    assert client.get(f"{API}/requests/{mine.pk}").status_code == 200
    assert client.get(f"{API}/requests/{theirs.pk}").json()["code"] == "not_found"
    assert client.get(f"{API}/requests/{theirs.pk}/replies").status_code == 404


def test_the_agents_list_leaves_out_confidential_cases(client: Client, desk: Desk) -> None:
    desk.request()
    desk.request(service=desk.case_service, form_data={})
    client.force_login(desk.case_officer)

    assert client.get(f"{API}/requests").json()["count"] == 1


def test_replies_go_through_the_policy(client: Client, desk: Desk) -> None:
    request = desk.request()
    client.force_login(desk.other_employee)
    assert post(client, f"/requests/{request.pk}/replies", {"body": "hi"}).status_code == 404

    client.force_login(desk.employee)
    internal = post(client, f"/requests/{request.pk}/replies", {"body": "hi", "is_internal": True})
    public = post(client, f"/requests/{request.pk}/replies", {"body": "<b>hi</b>"})

    assert internal.status_code == 422
    assert internal.json()["errors"] == [
        {"field": "is_internal", "message": "Only SSC staff write internal notes."}
    ]
    assert public.status_code == 201
    assert list(Reply.objects.values_list("body", flat=True)) == [
        "<b>hi</b>"
    ]  # stored raw, rendered safely


def test_a_manager_reply_to_a_team_members_request_is_refused_on_the_field(
    client: Client, desk: Desk
) -> None:
    request = desk.request()
    client.force_login(desk.manager)

    response = post(client, f"/requests/{request.pk}/replies", {"body": "hurry"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"


def test_approvals_are_listed_and_decided_with_a_signature(client: Client, desk: Desk) -> None:
    request = desk.request(
        service=desk.vacation, form_data={"period": ["2026-07-01", "2026-07-14"]}
    )
    client.force_login(desk.employee)
    assert client.get(f"{API}/approvals").json()["count"] == 0
    approval_id = request.approvals.get().pk
    assert post(client, f"/approvals/{approval_id}/decide", {"approve": True}).status_code == 422

    client.force_login(desk.manager)
    listed = client.get(f"{API}/approvals").json()
    decided = post(client, f"/approvals/{approval_id}/decide", {"approve": True, "comment": "ok"})

    assert [a["id"] for a in listed["items"]] == [approval_id]
    assert decided.status_code == 200
    assert len(decided.json()["signature"]) == 64


def test_the_request_list_api_runs_a_fixed_number_of_queries(
    client: Client, desk: Desk, django_assert_max_num_queries: Any
) -> None:
    for _ in range(10):
        desk.request()
    client.force_login(desk.agent)

    # session, user, organisation, roles, led teams, count, page
    with django_assert_max_num_queries(7):
        assert client.get(f"{API}/requests").json()["count"] == 10


def test_kb_search_respects_visibility(client: Client, desk: Desk) -> None:
    category = KbCategory.objects.create(name="HR")
    article_save(
        editor=None,
        key="cert",
        language="en",
        category=category,
        title="Certificate of employment",
        body="Order it in the catalogue.",
    )
    article_save(
        editor=None,
        key="secret",
        language="en",
        category=category,
        title="Certificate templates for agents",
        body="Internal.",
        audience="ssc",
    )
    client.force_login(desk.employee)

    found = client.get(f"{API}/kb/search", {"q": "certificate"}).json()

    assert [a["key"] for a in found] == ["cert"]


def test_the_endpoints_are_in_the_openapi_schema(client: Client, desk: Desk) -> None:
    client.force_login(desk.employee)

    paths = client.get("/api/openapi.json").json()["paths"]

    for path in (
        "/api/servicedesk/services",
        "/api/servicedesk/requests",
        "/api/servicedesk/requests/{request_id}",
        "/api/servicedesk/requests/{request_id}/replies",
        "/api/servicedesk/approvals",
        "/api/servicedesk/approvals/{approval_id}/decide",
        "/api/servicedesk/kb/search",
    ):
        assert path in paths, path
