"""Pages: sending a request, bad input with messages on the fields, the agent's queue and bulk
actions, approvals, hand-over, the SLA report; query counts pinned for the lists."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult

from kezek.servicedesk.choices import State
from kezek.servicedesk.models import AgentProfile, Approval, Reply, Request
from kezek.servicedesk.services.requests import reply_create, request_assign
from kezek.servicedesk.tests.factories import MONDAY_NOON, Desk

pytestmark = pytest.mark.django_db


def new_request(client: Client, desk: Desk, **data: Any) -> Any:
    values = {"title": "Certificate for the embassy", "f_purpose": "Embassy", "f_copies": "2"}
    values.update(data)
    return client.post(
        f"/desk/catalogue/{desk.certificate.pk}/new/",
        {k: v for k, v in values.items() if v is not None},
    )


def test_an_employee_sends_a_request_and_is_told_by_mail(client: Client, desk: Desk) -> None:
    client.force_login(desk.employee)

    response = new_request(client, desk, description="For the **Schengen** visa")

    request = Request.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/desk/requests/{request.pk}/"
    assert request.form_data == {"purpose": "Embassy", "copies": "2"}
    assert request.assignee == desk.agent
    assert {m.to[0] for m in mail.outbox} == {desk.employee.email, desk.agent.email}
    page = client.get(response["Location"]).content.decode()
    assert "<strong>Schengen</strong>" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": None}, "title", "This field is required."),
        ({"f_purpose": None}, "f_purpose", "This field is required."),
        ({"f_purpose": "Casino"}, "f_purpose", "Select a valid choice."),
        ({"f_copies": "many"}, "f_copies", "Enter a number."),
    ],
)
def test_bad_input_shows_a_message_on_the_field_and_saves_nothing(
    client: Client, desk: Desk, data: dict[str, Any], field: str, message: str
) -> None:
    client.force_login(desk.employee)

    response = new_request(client, desk, **data)

    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not Request.objects.exists()


def test_a_date_range_that_ends_before_it_starts_is_refused(client: Client, desk: Desk) -> None:
    client.force_login(desk.employee)

    response = client.post(
        f"/desk/catalogue/{desk.vacation.pk}/new/",
        {"title": "Leave", "f_period_start": "2026-07-14", "f_period_end": "2026-07-01"},
    )

    assert response.context["form"].errors["f_period_end"] == [
        "The end date must not be before the start date."
    ]
    assert 'id="sd-field-f_period_end"' in response.content.decode()
    assert not Request.objects.exists()
    assert not Approval.objects.exists()


def test_another_clients_service_list_and_request_page_are_404(client: Client, desk: Desk) -> None:
    desk.certificate.clients.set([desk.world.client])
    client.force_login(desk.other_employee)

    assert client.get(f"/desk/catalogue/{desk.certificate.pk}/new/").status_code == 404
    assert "certificate-of-employment" not in client.get("/desk/catalogue/").content.decode()


def test_a_reply_to_another_persons_request_is_404_and_saves_nothing(
    client: Client, desk: Desk
) -> None:
    request = desk.request()
    client.force_login(desk.other_employee)

    response = client.post(f"/desk/requests/{request.pk}/reply/", {"body": "hello"})

    assert response.status_code == 404
    assert not Reply.objects.exists()


def test_an_empty_reply_is_refused_on_the_field(client: Client, desk: Desk) -> None:
    request = desk.request()
    client.force_login(desk.employee)

    response = client.post(f"/desk/requests/{request.pk}/reply/", {"body": "   "})

    assert response.status_code == 422
    assert "This field is required." in str(response.context["reply_form"].errors["body"])


def test_the_agent_resolves_and_the_employee_rates(client: Client, desk: Desk) -> None:
    request = desk.request()
    rate = f"/desk/requests/{request.pk}/rate/"
    client.force_login(desk.employee)
    too_early = client.post(rate, {"rating": "5", "comment": "Fast"}, follow=True)
    client.force_login(desk.agent)
    client.post(f"/desk/requests/{request.pk}/reply/", {"body": "Ready at reception"})
    client.post(f"/desk/requests/{request.pk}/state/", {"to_state": "resolved"})
    client.force_login(desk.employee)

    rated = client.post(rate, {"rating": "5", "comment": "Fast"}, follow=True)
    client.post(f"/desk/requests/{request.pk}/state/", {"to_state": "closed"})

    request.refresh_from_db()
    assert "Rate the request once it is resolved." in too_early.content.decode()
    assert "Thank you for your rating." in rated.content.decode()
    assert (request.state, request.rating) == (State.CLOSED, 5)
    assert request.first_responded_at is not None


def test_an_employee_cannot_resolve_their_own_request(client: Client, desk: Desk) -> None:
    request = desk.request()
    client.force_login(desk.employee)

    client.post(f"/desk/requests/{request.pk}/state/", {"to_state": "resolved"})

    request.refresh_from_db()
    assert request.state == State.NEW


def test_the_queue_page_runs_a_fixed_number_of_queries(
    client: Client, desk: Desk, django_assert_max_num_queries: Any
) -> None:
    for index in range(12):
        desk.request(desk.other_employee if index % 2 else desk.employee, title=f"Request {index}")
    client.force_login(desk.agent)
    client.get("/desk/queue/")  # warm the session and caches

    with django_assert_max_num_queries(11):
        page = client.get("/desk/queue/?sort=priority")
    with django_assert_max_num_queries(11):
        partial = client.get("/desk/queue/?assignee=me", headers={"HX-Request": "true"})

    assert page.content.decode().count("sd-request-row") == 12
    assert "<html" not in partial.content.decode()


def test_my_requests_runs_a_fixed_number_of_queries(
    client: Client, desk: Desk, django_assert_max_num_queries: Any
) -> None:
    for index in range(12):
        desk.request(title=f"Request {index}")
    desk.request(desk.colleague, title="Not mine")
    client.force_login(desk.employee)
    client.get("/desk/requests/")

    with django_assert_max_num_queries(8):
        page = client.get("/desk/requests/").content.decode()

    assert page.count("sd-request-row") == 12
    assert "Not mine" not in page


def test_bulk_assign_and_resolve(client: Client, desk: Desk) -> None:
    first, second = desk.request(), desk.request()
    case = desk.request(service=desk.case_service, form_data={})
    client.force_login(desk.agent)

    client.post(
        "/desk/queue/bulk/",
        {
            "ids": [first.pk, second.pk, case.pk],
            "assignee": desk.agent2.pk,
            "to_state": "in_progress",
        },
    )

    assert set(
        Request.objects.filter(assignee=desk.agent2, state="in_progress").values_list(
            "pk", flat=True
        )
    ) == {first.pk, second.pk}
    case.refresh_from_db()
    assert case.state == State.NEW
    assert case.assignee is None


@pytest.mark.parametrize(
    ("next_", "location"),
    [
        ("https://evil.example/phish", "/desk/queue/"),
        ("/desk/queue/?page=2", "/desk/queue/?page=2"),
    ],
)
def test_after_a_bulk_action_the_queue_goes_back_only_to_a_page_of_this_site(
    client: Client, desk: Desk, next_: str, location: str
) -> None:
    first = desk.request()
    client.force_login(desk.agent)

    response = client.post(
        "/desk/queue/bulk/", {"ids": [first.pk], "to_state": "in_progress", "next": next_}
    )

    assert response.status_code == 302
    assert response["Location"] == location


def test_a_manager_approves_from_the_approvals_page(client: Client, desk: Desk) -> None:
    request = desk.request(
        service=desk.vacation, form_data={"period": ["2026-07-01", "2026-07-14"]}
    )
    client.force_login(desk.manager)

    listing = client.get("/desk/approvals/").content.decode()
    client.post(f"/desk/approvals/{request.approvals.get().pk}/decide/", {"decision": "approve"})

    request.refresh_from_db()
    assert "sd-approval-" in listing
    assert request.state == State.NEW


def test_a_team_leader_hands_an_absent_agents_work_to_a_stand_in(
    client: Client, desk: Desk
) -> None:
    first, second = desk.request(), desk.request()  # round robin: agent1, agent2
    client.force_login(desk.team_leader)

    client.post("/desk/agents/", {"agent": desk.agent.pk, "stand_in": desk.agent2.pk})

    assert set(Request.objects.filter(assignee=desk.agent2).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert AgentProfile.objects.get(user=desk.agent).is_absent
    assert desk.request().assignee == desk.vendor_member  # the absent agent is skipped


def test_the_agents_page_counts_only_the_open_requests_its_reader_may_see(
    client: Client, desk: Desk
) -> None:
    case = desk.request(service=desk.case_service, title="Pressure at work", form_data={})
    request_assign(
        actor=desk.case_officer, request=case, assignee=desk.case_officer, now=MONDAY_NOON
    )
    loads = {}
    for reader in (desk.team_leader, desk.case_officer):
        client.force_login(reader)
        rows = client.get("/desk/agents/").context["rows"]
        loads[reader.pk] = {person.pk: load for person, load, _absent in rows}

    # The case is the officer's group's alone: the team leader does not learn it exists.
    assert loads[desk.team_leader.pk][desk.case_officer.pk] == 0
    assert loads[desk.case_officer.pk][desk.case_officer.pk] == 1


def test_the_sla_report_counts_per_client(client: Client, desk: Desk) -> None:
    desk.request()
    desk.request(desk.other_employee)
    reply_create(actor=desk.agent, request=desk.request(), body="x", now=MONDAY_NOON)
    client.force_login(desk.agent)

    lines = client.get("/desk/sla-report/?by=client").context["lines"]

    assert [(name, line["total"]) for name, line in lines] == [("Client A", 2), ("Client B", 1)]


def test_clients_and_vendors_get_no_queue_or_report(client: Client, desk: Desk) -> None:
    for person in (desk.employee, desk.manager, desk.vendor_agent, desk.planner):
        client.force_login(person)
        assert client.get("/desk/sla-report/").status_code == 404
        assert client.get("/desk/agents/").status_code == 404
    client.force_login(desk.employee)
    assert client.get("/desk/queue/").status_code == 404


def test_mail_goes_out_for_approval_replies_and_resolution(desk: Desk) -> None:
    from kezek.servicedesk.services.requests import request_transition

    leave = desk.request(service=desk.vacation, form_data={"period": ["2026-07-01", "2026-07-14"]})
    number = leave.number
    assert (mail.outbox[0].to, mail.outbox[0].subject) == (
        [desk.manager.email],
        f"Your approval is needed: request {number}",
    )
    request = desk.request()
    mail.outbox.clear()
    reply_create(actor=desk.agent, request=request, body="Ready **today**", now=MONDAY_NOON)
    request_transition(actor=desk.agent, request=request, to_state="resolved", now=MONDAY_NOON)

    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        (desk.employee.email, f"New reply on request {request.number}"),
        (desk.employee.email, f"Request {request.number} is resolved"),
    ]
    assert "Ready **today**" in mail.outbox[0].body


def test_the_queue_counts_no_further_than_its_cap(
    client: Client, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kezek.servicedesk.views import queue

    monkeypatch.setattr(queue, "QUEUE_COUNT_CAP", 3)
    for _ in range(4):
        desk.request()
    client.force_login(desk.agent)

    page = client.get("/desk/queue/")

    assert page.context["page_obj"].paginator.count == 3
    assert 'id="sd-queue-capped"' in page.content.decode()


def test_queue_rows_escape_titles_and_show_sla_badges_in_local_time(
    client: Client, desk: Desk
) -> None:
    states = ("breached", "warning", "paused", "ok", "none")
    made = {state: desk.request(title=f"<script>alert('{state}')</script>") for state in states}
    for state, request in made.items():
        Request.objects.filter(pk=request.pk).update(sla_state=state)
    client.force_login(desk.agent)

    page = client.get("/desk/queue/").content.decode()

    assert "<script>alert" not in page
    assert page.count("&lt;script&gt;alert(&#x27;") == len(states)
    due = made["breached"].resolution_due_at
    assert due is not None
    local = due.astimezone(ZoneInfo("Asia/Almaty"))  # the agent's organisation's time zone
    assert f'title="{local:%Y-%m-%d %H:%M}">Breached</span>' in page
    assert ">At risk</span>" in page
    assert '<span class="badge sd-sla">Paused</span>' in page
    assert f'<span class="badge ok sd-sla">{local:%d.%m %H:%M}</span>' in page
    assert '<span class="muted">—</span>' in page
    row = page[page.index(f'data-id="{made["ok"].pk}"') :].split("</tr>")[0]
    assert f'value="{made["ok"].pk}"' in row  # the bulk checkbox
    assert f"<td>{desk.employee}</td>" in row
    assert "<td>Normal</td>" in row


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_creating_a_request_runs_a_fixed_number_of_queries_and_queues_its_mail(
    desk: Desk, django_assert_max_num_queries: Any
) -> None:
    desk.request()  # the agents' profiles exist from here on
    mail.outbox.clear()
    DBTaskResult.objects.all().delete()

    with django_assert_max_num_queries(13):
        request = desk.request(title="Certificate for the embassy")

    assert request.assignee is not None
    assert mail.outbox == []  # a worker sends it, not the page
    queued = DBTaskResult.objects.filter(task_path="kezek.core.mail.mail_deliver")
    recipients = {m["to"] for r in queued for m in r.args_kwargs["kwargs"]["messages"]}
    assert recipients == {desk.employee.email, request.assignee.email}
