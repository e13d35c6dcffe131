"""The access matrix: every kind of person against requests of the same team, another client
and confidential cases; the API and pages answer 404 for what the policy hides."""

from __future__ import annotations

import pytest
from django.test import Client

from kezek.core import policy
from kezek.servicedesk.models import Reply, Request
from kezek.servicedesk.services.requests import reply_create
from kezek.servicedesk.tests.factories import MONDAY_NOON, Desk

pytestmark = pytest.mark.django_db

# Requests: A the employee's own; S the manager's, about the employee; C the colleague's;
# K the employee's confidential case; L the colleague's confidential case; X another client's.
ALL_OPEN = "ASCX"
VISIBLE = {
    "employee": "ASK",
    "colleague": "CL",
    "manager": "ASC",
    "other_employee": "X",
    "agent": ALL_OPEN,
    "case_officer": ALL_OPEN + "KL",
    "admin": ALL_OPEN,
    "planner": "",
    "vendor_agent": "",
    "vendor_member": ALL_OPEN,
}
# Who may work or answer them ("change").
CHANGEABLE = {
    "employee": "ASK",
    "colleague": "CL",
    "manager": "S",
    "other_employee": "X",
    "agent": ALL_OPEN,
    "case_officer": ALL_OPEN + "KL",
    "admin": ALL_OPEN,
    "planner": "",
    "vendor_agent": "",
    "vendor_member": ALL_OPEN,
}


@pytest.fixture
def requests(desk: Desk) -> dict[str, Request]:
    return {
        "A": desk.request(),
        "S": desk.request(desk.manager, subject=desk.employee, title="For my employee"),
        "C": desk.request(desk.colleague),
        "K": desk.request(service=desk.case_service, title="Pressure at work", form_data={}),
        "L": desk.request(desk.colleague, service=desk.case_service, form_data={}),
        "X": desk.request(desk.other_employee),
    }


@pytest.mark.parametrize("who", list(VISIBLE))
def test_each_person_sees_and_works_exactly_their_requests(
    desk: Desk, requests: dict[str, Request], who: str
) -> None:
    person = getattr(desk, who)

    visible = set(policy.rows(person, Request).values_list("pk", flat=True))
    changeable = set(policy.rows(person, Request, "change").values_list("pk", flat=True))

    assert visible == {requests[letter].pk for letter in VISIBLE[who]}, who
    assert changeable == {requests[letter].pk for letter in CHANGEABLE[who]}, who


@pytest.mark.parametrize("who", list(VISIBLE))
def test_the_detail_page_answers_404_for_every_hidden_request(
    client: Client, desk: Desk, requests: dict[str, Request], who: str
) -> None:
    client.force_login(getattr(desk, who))

    for letter, item in requests.items():
        status = client.get(f"/desk/requests/{item.pk}/").status_code
        assert status == (200 if letter in VISIBLE[who] else 404), (who, letter)


def test_internal_notes_are_hidden_from_the_requester(
    desk: Desk, requests: dict[str, Request]
) -> None:
    reply_create(
        actor=desk.agent,
        request=requests["A"],
        body="Check the payroll first",
        is_internal=True,
        now=MONDAY_NOON,
    )
    reply_create(actor=desk.agent, request=requests["A"], body="Ready tomorrow", now=MONDAY_NOON)

    seen = list(policy.rows(desk.employee, Reply).values_list("body", flat=True))

    assert seen == ["Ready tomorrow"]
    assert policy.rows(desk.agent, Reply).count() == 2


def test_every_look_at_a_confidential_case_is_logged(
    client: Client, desk: Desk, requests: dict[str, Request]
) -> None:
    client.force_login(desk.case_officer)

    client.get(f"/desk/requests/{requests['K'].pk}/")
    client.get(f"/api/servicedesk/requests/{requests['K'].pk}")
    client.get(f"/desk/requests/{requests['A'].pk}/")

    log = list(requests["K"].access_log.values_list("user__username", "action"))
    assert sorted(log) == [("cases", "api view"), ("cases", "view")]
    assert not requests["A"].access_log.exists()


def test_confidential_cases_stay_out_of_the_queue_and_search_even_for_their_group(
    client: Client, desk: Desk, requests: dict[str, Request]
) -> None:
    client.force_login(desk.case_officer)

    queue = client.get("/desk/queue/?q=Pressure")
    cases = client.get("/desk/confidential/")

    assert "Pressure at work" not in queue.content.decode()
    assert "Pressure at work" in cases.content.decode()


def test_an_admin_browsing_sees_no_confidential_case(
    client: Client, desk: Desk, requests: dict[str, Request]
) -> None:
    client.force_login(desk.admin)

    assert client.get("/desk/confidential/").content.decode().count("sd-request-row") == 0
    assert client.get(f"/api/servicedesk/requests/{requests['K'].pk}").status_code == 404


def test_a_manager_cannot_answer_a_team_members_request(
    client: Client, desk: Desk, requests: dict[str, Request]
) -> None:
    client.force_login(desk.manager)

    response = client.post(f"/desk/requests/{requests['C'].pk}/reply/", {"body": "Hurry up"})

    assert response.status_code == 422
    assert "You can reply only to your own requests." in response.content.decode()
    assert not Reply.objects.exists()


# What each person may do at all, by capability (the rows above are what they reach).
CAPABLE = {
    "employee": set(),
    "manager": {"may_act_for_team"},
    "agent": {"may_work_desk", "may_work_requests"},
    "team_leader": {"may_work_desk", "may_work_requests", "may_manage_kb", "may_hand_over_work"},
    "admin": {"may_work_desk", "may_work_requests", "may_manage_kb", "may_hand_over_work"},
    "planner": set(),
    "vendor_agent": {"may_work_requests"},
}
DESK_CAPABILITIES = (
    "may_work_desk",
    "may_work_requests",
    "may_manage_kb",
    "may_hand_over_work",
    "may_act_for_team",
)


@pytest.mark.parametrize("who", CAPABLE)
def test_each_person_has_the_desk_capabilities_of_their_roles(desk: Desk, who: str) -> None:
    person = getattr(desk, who)

    assert {name for name in DESK_CAPABILITIES if policy.can(person, name)} == CAPABLE[who]
