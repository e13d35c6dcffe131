"""The access matrix: every page and API route of Kezek, for every role, with outsiders' ids.

Every URL name and API operation is classified in ``ROUTES``; a new one that is not fails
``test_every_route_is_classified``. For each role, with the world of ``access_world.py``:

* anonymous: pages answer 302 to the login page, the API 401, and no write changes a row;
* objects and exports: the ids ``policy.rows`` hides from the actor answer 404 (GET and POST),
  and a POST with them changes no row; the ids it shows answer without a server error;
* pages, lists, exports and API answers never answer 500, never redirect off the site, and
  never name a person, company, request, group, service, article, campaign, queue or job the
  actor may not see (``Sight.hidden_labels``); an API list holds only ids the actor may see;
* what an actor reads does not change when data it may not see grows (``GROWTHS``: the other
  client's and vendor's, confidential cases, internal notes and drafts): counts and totals
  over rows it may not see show up here;
* the admin site answers only the superuser.

Each role is one test that reports every problem at once. ``KNOWN_LEAKS`` holds the
(role, route, problem) triples other branches are fixing; the test fails when one of them
stops leaking, so that it is removed.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit

import pytest
import time_machine
from django.conf import settings
from django.contrib import admin
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import transaction
from django.db.models import ForeignKey, Model
from django.http import HttpResponseBase
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from kezek.accounts.models import Organisation, User
from kezek.core.models import Job
from kezek.people.models import Absence, AcdLogin, StaffMember, StaffSkill
from kezek.servicedesk.models import Approval, Article, Attachment, Reply, Request, Service
from kezek.surveys.models import (
    Action,
    Campaign,
    Feedback,
    Invitation,
    Question,
    QuestionnaireVersion,
    Response,
)
from kezek.tests.access_matrix import (
    Hidden,
    Route,
    Sight,
    api_list,
    api_needs_login,
    api_operations,
    body_of,
    export,
    finder,
    fingerprint,
    is_admin,
    is_api_operation,
    obj,
    page,
    public,
    reading_of,
    text_of,
    url_routes,
    write,
)
from kezek.tests.access_world import (
    GROWTHS,
    NOW,
    PAYDAY,
    ROLES,
    TEMPLATES,
    AccessWorld,
    build_access_world,
)
from kezek.wfm.models import Forecast, ForecastInterval, Queue, Schedule, StaffingPlan

EVIL = "https://evil.example/"

ROUTES: dict[str, Route] = {
    # Site-wide.
    "home": page(),
    "job-detail": obj({"job_id": Job}),
    "set_language": public(post=True, body={"language": "en", "next": EVIL}),
    "login": public(),
    "logout": public(),  # POST only; posting it would end the session of the loop
    "password_change": page(post=True),
    "password_change_done": page(),
    "password_reset": public(),
    "password_reset_done": public(),
    "password_reset_confirm": public(values={"uidb64": ("MQ",), "token": ("set-password",)}),
    "password_reset_complete": public(),
    "api:api-root": public(),
    # The schema needs a login (or a token) unless KEZEK_PUBLIC_API_SCHEMA; it answers in JSON.
    "api:openapi-json": page(anonymous=frozenset({401})),
    "api:openapi-view": page(),
    # People and organisations.
    "accounts:people-list": page(),
    "accounts:person-detail": obj({"person_id": User}),
    "accounts:organisation-list": page(),
    # Service desk.
    "servicedesk:portal": page(),
    "servicedesk:catalogue": page(),
    "servicedesk:request-new": obj(
        {"service_id": Service}, post=True, body={"title": "Matrix request"}
    ),
    "servicedesk:my-requests": page(),
    "servicedesk:request-detail": obj({"request_id": Request}),
    "servicedesk:request-reply": write({"request_id": Request}, body={"body": "Matrix reply"}),
    "servicedesk:request-transition": write(
        {"request_id": Request}, body={"to_state": "cancelled"}
    ),
    "servicedesk:request-assign": write({"request_id": Request}, body={"assignee": ""}),
    "servicedesk:request-rate": write({"request_id": Request}, body={"rating": "5"}),
    "servicedesk:attachment": export({"attachment_id": Attachment}),
    "servicedesk:queue": page(),
    "servicedesk:queue-bulk": write(body={"ids": Hidden(Request), "to_state": "cancelled"}),
    "servicedesk:confidential": page(),
    "servicedesk:approvals": page(),
    "servicedesk:approval-decide": write(
        {"approval_id": Approval}, body={"decision": "approve", "comment": ""}
    ),
    "servicedesk:agents": page(post=True),
    "servicedesk:sla-report": page(),
    "servicedesk:kb": page(query={"q": "bonus rules"}),
    "servicedesk:kb-suggest": page(query={"title": "bonus rules"}),
    "servicedesk:kb-article": obj({"article_id": Article}),
    "servicedesk:kb-feedback": write({"article_id": Article}, body={"helpful": "1"}),
    "servicedesk:kb-deflect": write({"article_id": Article}),
    "servicedesk:kb-manage": page(),
    "servicedesk:kb-new": page(post=True),
    "servicedesk:kb-edit": obj({"article_id": Article}, post=True),
    "servicedesk:kb-history": obj({"article_id": Article}),
    # Surveys.
    "surveys:home": page(),
    "surveys:version-list": page(),
    "surveys:version-detail": obj({"version_id": QuestionnaireVersion}),
    "surveys:version-new": write({"version_id": QuestionnaireVersion}),
    "surveys:version-publish": write({"version_id": QuestionnaireVersion}),
    "surveys:question-edit": write({"version_id": QuestionnaireVersion, "question_id": Question}),
    "surveys:campaign-new": page(post=True),
    "surveys:campaign-detail": obj({"campaign_id": Campaign}),
    "surveys:campaign-command": write({"campaign_id": Campaign}, values={"command": ("close",)}),
    "surveys:results": obj({"campaign_id": Campaign}),
    "surveys:analysis": obj({"campaign_id": Campaign}),
    "surveys:feedback": obj({"campaign_id": Campaign}),
    "surveys:actions": obj({"campaign_id": Campaign}, post=True),
    "surveys:report": obj({"campaign_id": Campaign}, post=True, body={"summary": "Matrix"}),
    "surveys:paper": obj({"campaign_id": Campaign}, post=True),
    "surveys:export-responses": export({"campaign_id": Campaign}, values={"fmt": ("csv", "xlsx")}),
    "surveys:export-report": export({"campaign_id": Campaign}),
    "surveys:feedback-triage": write({"feedback_id": Feedback}, body={"status": "accepted"}),
    "surveys:feedback-clarify": write({"feedback_id": Feedback}, body={"text": "Matrix"}),
    "surveys:action-update": write(
        {"action_id": Action}, body={"status": "complete", "percent_complete": "100"}
    ),
    "surveys:invitation-answer": obj(
        {"invitation_id": Invitation}, post=True, shows_ssc_staff=True
    ),
    "surveys:answer": obj(
        {"token": Invitation}, post=True, shows_ssc_staff=True, opens_with_link=True
    ),
    # Workforce management.
    "wfm:staffing": page(query={"calls": "100", "aht_seconds": "180", "interval_minutes": "30"}),
    "wfm:queue-list": page(),
    "wfm:queue-new": page(post=True),
    "wfm:queue-detail": obj({"queue_id": Queue}),
    "wfm:queue-edit": obj({"queue_id": Queue}, post=True),
    "wfm:history-import": write({"queue_id": Queue}),
    "wfm:forecast-new": write(
        {"queue_id": Queue}, body={"origin": "2026-03-06", "horizon_days": "1"}
    ),
    "wfm:special-day-new": write(
        {"queue_id": Queue}, body={"day": "2026-03-20", "factor": "0", "reason": "Matrix"}
    ),
    "wfm:special-days-paste": write({"queue_id": Queue}, body={"text": "2026-03-20,0,Matrix"}),
    "wfm:special-day-delete": write({"queue_id": Queue}, values={"day": (PAYDAY.isoformat(),)}),
    "wfm:forecast-detail": obj({"forecast_id": Forecast}),
    "wfm:forecast-publish": write({"forecast_id": Forecast}),
    "wfm:forecast-day-change": write(
        {"forecast_id": Forecast}, body={"day": "2026-03-05", "percent": "10", "reason": "Matrix"}
    ),
    "wfm:forecast-export": export(
        {"forecast_id": Forecast}, values={"file_format": ("csv", "xlsx")}
    ),
    "wfm:forecast-override": write(
        {"interval_id": ForecastInterval}, body={"calls": "1", "reason": "Matrix"}
    ),
    "wfm:shift-template-list": page(post=True, body={"csv_text": TEMPLATES}),
    "wfm:plan-detail": obj({"plan_id": StaffingPlan}),
    "wfm:schedule-start": write({"plan_id": StaffingPlan}),
    "wfm:schedule-detail": obj({"schedule_id": Schedule}),
    "wfm:schedule-export": export({"schedule_id": Schedule}),
    # Contact-centre staff.
    "people:staff-list": page(),
    "people:staff-export": page(values={"file_format": ("csv", "xlsx")}),
    "people:staff-new": page(post=True),
    "people:staff-import": page(post=True),
    "people:staff-detail": obj({"member_id": StaffMember}),
    "people:staff-edit": obj({"member_id": StaffMember}, post=True),
    "people:status-change": write(
        {"member_id": StaffMember}, body={"status": "standby", "effective_date": "2026-03-04"}
    ),
    "people:acd-assign": write(
        {"member_id": StaffMember}, body={"login_id": "MX-NEW", "valid_from": "2026-03-04"}
    ),
    "people:skill-set": write({"member_id": StaffMember}, body={"name": "Matrix", "level": "2"}),
    "people:absence-new": write(
        {"member_id": StaffMember},
        body={"kind": "sick", "first_day": "2026-03-20", "last_day": "2026-03-20"},
    ),
    "people:acd-release": write({"acd_login_id": AcdLogin}, body={"valid_to": "2026-03-05"}),
    "people:skill-remove": write({"skill_id": StaffSkill}),
    "people:absence-remove": write({"absence_id": Absence}),
    # The API (kezek/core/api.py, routers added in kezek/config/urls.py).
    "GET /api/me": page(),
    "POST /api/me/tokens": write(body={"name": "Matrix"}),
    "GET /api/organisations": api_list(Organisation),
    "GET /api/organisations/{organisation_id}": obj({"organisation_id": Organisation}),
    "GET /api/people": api_list(User),
    "GET /api/people/{person_id}": obj({"person_id": User}),
    "GET /api/servicedesk/services": api_list(Service),
    "GET /api/servicedesk/requests": api_list(Request),
    "POST /api/servicedesk/requests": write(
        body={"service_id": Hidden(Service, many=False), "title": "Matrix request"}
    ),
    "GET /api/servicedesk/requests/{request_id}": obj({"request_id": Request}),
    "GET /api/servicedesk/requests/{request_id}/replies": obj({"request_id": Request}, items=Reply),
    "POST /api/servicedesk/requests/{request_id}/replies": write(
        {"request_id": Request}, body={"body": "Matrix reply"}
    ),
    "GET /api/servicedesk/approvals": api_list(Approval),
    "POST /api/servicedesk/approvals/{approval_id}/decide": write(
        {"approval_id": Approval}, body={"approve": True}
    ),
    "GET /api/servicedesk/kb/search": api_list(Article, query={"q": "bonus rules"}),
    "GET /api/servicedesk/kb/articles/{article_id}": obj({"article_id": Article}),
    "GET /api/surveys/questionnaires": api_list(QuestionnaireVersion),
    "GET /api/surveys/questionnaires/{version_id}": obj({"version_id": QuestionnaireVersion}),
    "GET /api/surveys/campaigns": api_list(Campaign),
    "GET /api/surveys/campaigns/{campaign_id}": obj({"campaign_id": Campaign}),
    "GET /api/surveys/campaigns/{campaign_id}/results": obj({"campaign_id": Campaign}),
    "GET /api/surveys/campaigns/{campaign_id}/responses": obj(
        {"campaign_id": Campaign}, items=Response
    ),
    "POST /api/surveys/answers": write(body={"token": "not-a-token", "answers": {}}),
    "GET /api/surveys/campaigns/{campaign_id}/feedback": obj(
        {"campaign_id": Campaign}, items=Feedback
    ),
    "POST /api/surveys/feedback/{feedback_id}/triage": write(
        {"feedback_id": Feedback}, body={"status": "accepted", "explanation": ""}
    ),
    "POST /api/wfm/staffing": write(body={}),
    "GET /api/staff": api_list(StaffMember),
    "GET /api/staff/{member_id}": obj({"member_id": StaffMember}),
    "POST /api/staff": write(
        body={
            "staff_number": "MX-NEW",
            "first_name": "M",
            "last_name": "X",
            "hire_date": "2026-03-02",
        }
    ),
    "PATCH /api/staff/{member_id}": write({"member_id": StaffMember}, body={"star_level": 2}),
}

VENDOR_ROLES = ("supervisor", "team_leader", "agent", "vendor_manager", "other_vendor_manager")
# What a problem is: a status outside the expected ones, a write by an outsider, a redirect off
# the site, a name the actor may not see, an API list item it may not see, an answer that
# changes when data it may not see grows.
Problem = Literal["status", "writes", "redirect", "names", "items", "grows"]
# (role, route, problem) of the leaks other engineers are fixing right now in their own
# branches. Fixed by the scoping branch; remove when merged.
KNOWN_LEAKS: set[tuple[str, str, Problem]] = set()

ANONYMOUS_PAGE = frozenset({302})
ANONYMOUS_API = frozenset({401})
HIDDEN = frozenset({404})
READ = frozenset({200, 302, 403, 404, 410})
WRITE = READ | {201, 400, 405, 422}
PUBLIC = frozenset({200, 302, 404, 405, 410})
LINK_HIDDEN = HIDDEN | {410}  # a spent link says so to whoever holds it, logged in or not


# ---------------------------------------------------------------------------------------------
# The world, built once for the module at a standing clock.


@pytest.fixture(autouse=True)
def _quiet_refusals() -> Iterator[None]:
    """The matrix is made of 404s: Django's warning for each would bury a real failure."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture(scope="module")
def access_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[AccessWorld]:
    with (
        django_db_blocker.unblock(),
        time_machine.travel(NOW, tick=False),
        transaction.atomic(),
    ):
        world = build_access_world()
        yield world
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def unseen_growths(access_world: AccessWorld, django_db_blocker: Any) -> dict[str, list[str]]:
    """For each role, the ``GROWTHS`` it may see nothing of (the anonymous visitor, who sees
    nothing of any, reads no page twice)."""
    unseen: dict[str, list[str]] = {role: [] for role in ROLES}
    with django_db_blocker.unblock():
        for name, grow in GROWTHS.items():
            with transaction.atomic():
                grown = grow(access_world)
                for role in ROLES:
                    sight = Sight(access_world.person(role))
                    if role != "anonymous" and not any(
                        row.pk in sight.visible(type(row)) for row in grown
                    ):
                        unseen[role].append(name)
                transaction.set_rollback(True)
    return unseen


# ---------------------------------------------------------------------------------------------
# The tests.


def test_every_route_is_classified() -> None:
    found = {r.name for r in url_routes() if not is_admin(r) and not is_api_operation(r)}
    found |= {operation.key for operation in api_operations()}

    missing = sorted(found - set(ROUTES))
    stale = sorted(set(ROUTES) - found)

    assert not missing, [
        f"classify the new route {key!r} in ROUTES of kezek/tests/test_access_matrix.py"
        for key in missing
    ]
    assert not stale, [f"{key!r} is in ROUTES but no longer a route: remove it" for key in stale]


def test_every_known_leak_names_a_role_and_a_route() -> None:
    assert {role for role, _key, _kind in KNOWN_LEAKS} <= set(ROLES)
    assert {key for _role, key, _kind in KNOWN_LEAKS} <= set(ROUTES)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_role_reaches_nothing_the_policy_hides(
    access_world: AccessWorld, unseen_growths: dict[str, list[str]], role: str
) -> None:
    matrix = Matrix(access_world, role)

    matrix.walk()
    matrix.walk_admin()
    matrix.compare_after_growing(unseen_growths[role])

    assert matrix.unexpected() == [], "\n".join(matrix.unexpected())


# ---------------------------------------------------------------------------------------------
# One role's walk.


@dataclass
class Case:
    key: str
    route: Route
    method: str
    url: str
    data: dict[str, Any]
    expect: frozenset[int]
    targets: list[Model] = field(default_factory=list)  # outsiders' rows a write must not touch
    must_not_write: bool = False
    viewer: User | None = None  # whose eyes the labels are for, when not the actor's
    compare: bool = False  # read again after data the actor may not see grew

    @property
    def is_api(self) -> bool:
        return _is_api(self.key)


class Matrix:
    def __init__(self, world: AccessWorld, role: str) -> None:
        self.world = world
        self.role = role
        self.user = world.person(role)
        self.client = Client(raise_request_exception=False)
        if self.user is not None:
            self.client.force_login(self.user)
        self.sight = Sight(self.user)
        self.problems: dict[tuple[str, Problem], list[str]] = {}
        self.readings: dict[tuple[str, str], str] = {}
        self._finders: dict[tuple[int | None, bool], Any] = {}
        self.baseline = fingerprint()

    # -- reporting -------------------------------------------------------------------------

    def report(self, case: Case, kind: Problem, what: str) -> None:
        line = f"{self.role} {case.method} {case.url} [{case.key}]: {what}"
        self.problems.setdefault((case.key, kind), []).append(line)

    def unexpected(self) -> list[str]:
        """Every problem but the known leaks, and every known leak that no longer shows."""
        known = {(key, kind) for role, key, kind in KNOWN_LEAKS if role == self.role}
        found = [line for place, lines in self.problems.items() if place not in known
                 for line in lines]  # fmt: skip
        healed = [
            f"{self.role} [{key}] {kind}: no longer leaks, remove it from KNOWN_LEAKS"
            for key, kind in sorted(known - set(self.problems))
        ]
        return found + healed

    # -- the walk --------------------------------------------------------------------------

    def walk(self) -> None:
        for key, route in ROUTES.items():
            for case in self.cases(key, route):
                self.run(case)

    def cases(self, key: str, route: Route) -> Iterator[Case]:
        if route.kind == "public" and self.user is not None:
            return  # the same for everyone: asked once, by the anonymous visitor
        for values in _products(route.values):
            if route.ids:
                yield from self.object_cases(key, route, values)
            else:
                yield from self.page_cases(key, route, values)

    def page_cases(self, key: str, route: Route, values: dict[str, str]) -> Iterator[Case]:
        url = self.url(key, values, route.query)
        hidden_body = any(isinstance(v, Hidden) for v in route.body.values())
        if route.kind == "write":
            body, targets = self.body(route)
            if body is None:
                return
            expect = self.expect(key, route, WRITE)
            if self.user is not None and _single_hidden(route):
                expect = HIDDEN
            yield Case(key, route, "POST", url, body, expect, targets,
                       must_not_write=hidden_body or self.user is None)  # fmt: skip
            return
        yield Case(key, route, "GET", url, {}, self.expect(key, route, READ), compare=True)
        if route.post:
            body, _targets = self.body(route)
            yield Case(key, route, "POST", url, body or {}, self.expect(key, route, WRITE))

    def object_cases(self, key: str, route: Route, values: dict[str, str]) -> Iterator[Case]:
        methods = ["GET"] * (route.kind != "write") + ["POST"] * (
            route.kind == "write" or route.post
        )
        body = {k: v for k, v in route.body.items() if not isinstance(v, Hidden)}
        found = list(self.objects(route))
        newest = next((rows for rows, visible in reversed(found) if visible), None)
        for method in methods:
            for rows, visible in found:
                url = self.url(key, {**values, **self.path_values(route, rows)}, route.query)
                viewer = self.viewer(route, rows)
                if self.user is None and viewer is None:
                    expect = self.expect(key, route, READ if method == "GET" else WRITE)
                    yield Case(key, route, method, url, body, expect, list(rows.values()),
                               must_not_write=method == "POST")  # fmt: skip
                elif visible or viewer is not None:
                    expect = (PUBLIC if viewer else READ) if method == "GET" else WRITE
                    yield Case(key, route, method, url, body, expect, viewer=viewer,
                               compare=method == "GET" and rows is newest)  # fmt: skip
                else:
                    expect = LINK_HIDDEN if route.opens_with_link else HIDDEN
                    yield Case(key, route, method, url, body, expect, list(rows.values()),
                               must_not_write=method == "POST")  # fmt: skip

    def objects(self, route: Route) -> Iterator[tuple[dict[str, Model], bool]]:
        """Rows of the route's model: the first and the last the actor may not see (one side's
        and the other's), and the first, middle and last it may."""
        (first, model), *rest = route.ids.items()
        candidates: list[Model]
        if route.opens_with_link:  # only invitations whose one-time link the world kept
            candidates = list(Invitation.objects.filter(pk__in=self.world.tokens).order_by("pk"))
        else:
            candidates = list(model._default_manager.order_by("pk"))
        seen = self.sight.visible(model)
        hidden = [row for row in candidates if row.pk not in seen]
        visible = [row for row in candidates if row.pk in seen]
        if self.user is None and route.opens_with_link:
            hidden = hidden[::-1]  # an open invitation: the link answers without a login
        for row, is_visible in [
            *[(r, False) for r in _spread(hidden, 2)],
            *[(r, True) for r in _spread(visible, 3)],
        ]:
            rows = {first: row}
            for name, child in rest:
                rows[name] = _child_of(child, row)
            yield rows, is_visible

    def viewer(self, route: Route, rows: dict[str, Model]) -> User | None:
        """The person a one-time link stands for, when nobody is logged in."""
        if not route.opens_with_link or self.user is not None:
            return None
        invitation = next(iter(rows.values()))
        assert isinstance(invitation, Invitation)
        return invitation.person

    def path_values(self, route: Route, rows: dict[str, Model]) -> dict[str, str]:
        if route.opens_with_link:
            return {name: self.world.tokens[row.pk] for name, row in rows.items()}
        return {name: str(row.pk) for name, row in rows.items()}

    def body(self, route: Route) -> tuple[dict[str, Any] | None, list[Model]]:
        """The route's body with the actor's hidden pks put in; None when there are none."""
        body: dict[str, Any] = {}
        targets: list[Model] = []
        for name, value in route.body.items():
            if not isinstance(value, Hidden):
                body[name] = value
                continue
            pks = self.sight.hidden(value.model)
            if not pks:
                return None, []
            body[name] = pks if value.many else pks[0]
            targets += list(value.model._default_manager.filter(pk__in=pks))
        return body, targets

    def expect(self, key: str, route: Route, allowed: frozenset[int]) -> frozenset[int]:
        if self.user is not None or route.kind == "public":
            return PUBLIC if route.kind == "public" else allowed
        if route.anonymous:
            return route.anonymous
        if _is_api(key):
            return ANONYMOUS_API if api_needs_login(key) else allowed
        return ANONYMOUS_PAGE

    def url(self, key: str, kwargs: dict[str, str], query: dict[str, str]) -> str:
        if _is_api(key):
            path = key.split(" ", 1)[1].format(**kwargs)
        else:
            path = reverse(key, kwargs=kwargs or None)
        return f"{path}?{urlencode(query)}" if query else path

    # -- one request -----------------------------------------------------------------------

    def send(self, case: Case) -> tuple[HttpResponseBase, bool]:
        """The response, and whether it changed a row; nothing it writes is kept."""
        before = [_snapshot(row) for row in case.targets]
        with transaction.atomic():
            response = self.request(case)
            self.client.cookies.pop(CookieStorage.cookie_name, None)  # not the next page's
            changed = (
                case.must_not_write
                and response.status_code < 500
                and (
                    fingerprint() != self.baseline
                    or [_snapshot(row) for row in case.targets] != before
                )
            )
            transaction.set_rollback(True)
        return response, changed

    def request(self, case: Case) -> HttpResponseBase:
        if case.method == "GET":
            return self.client.get(case.url)
        if case.is_api:  # a write with the operation's own method (POST, PATCH)
            method = case.key.split(" ", 1)[0]
            return self.client.generic(
                method, case.url, json.dumps(case.data), content_type="application/json"
            )
        return self.client.post(case.url, {"next": EVIL, **case.data})

    def run(self, case: Case) -> None:
        response, changed = self.send(case)
        status = response.status_code
        if status not in case.expect:
            what = f"answered {status}, expected {sorted(case.expect)}"
            exc_info = getattr(response, "exc_info", None)
            if exc_info:
                what += f" ({exc_info[0].__name__}: {exc_info[1]})"
            self.report(case, "status", what)
        if changed:
            self.report(case, "writes", "changed rows of the database")
        self.check_redirect(case, response)
        text = text_of(response, body_of(response))
        self.check_names(case, text)
        self.check_items(case, text)
        if case.compare and self.user is not None:
            self.readings[(case.key, case.url)] = reading_of(text)

    def check_redirect(self, case: Case, response: HttpResponseBase) -> None:
        location = response.get("Location", "")
        if not location:
            return
        target = urlsplit(location)
        if target.netloc and target.netloc != "testserver":
            self.report(case, "redirect", f"redirects off the site to {location}")
        login = resolve_url(settings.LOGIN_URL)
        if case.expect == ANONYMOUS_PAGE and not target.path.startswith(login):
            self.report(case, "status", f"redirects to {location}, not to the login page")

    def check_names(self, case: Case, text: str) -> None:
        labels, pattern = self.labels(case)
        if pattern is None:
            return
        named = sorted({labels[m] + f" {m!r}" for m in pattern.findall(text)})
        if named:
            self.report(case, "names", "names what the actor may not see: " + "; ".join(named))

    def labels(self, case: Case) -> tuple[dict[str, str], Any]:
        viewer = case.viewer or self.user
        key = (viewer.pk if viewer else None, case.route.shows_ssc_staff)
        if key not in self._finders:
            sight = self.sight if viewer is self.user else Sight(viewer)
            labels = sight.hidden_labels(ssc_staff_shown=case.route.shows_ssc_staff)
            self._finders[key] = (labels, finder(labels))
        found: tuple[dict[str, str], Any] = self._finders[key]
        return found

    def check_items(self, case: Case, text: str) -> None:
        model = case.route.items
        if model is None or not case.is_api or not text.startswith(("[", "{")):
            return
        data = json.loads(text)
        items = data.get("items", []) if isinstance(data, dict) else data
        ids = {item["id"] for item in items if isinstance(item, dict) and "id" in item}
        foreign = sorted(ids - self.sight.visible(model))
        if foreign:
            self.report(
                case, "items", f"lists {model.__name__} rows the actor may not see: {foreign}"
            )

    # -- the admin site --------------------------------------------------------------------

    def walk_admin(self) -> None:
        """Django's admin: the superuser's alone; everyone else is sent to its login."""
        superuser = self.user is not None and self.user.is_superuser
        urls = [reverse("admin:index")]
        if not superuser:
            urls += [
                reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist")
                for m in admin.site._registry
            ]
        for url in urls:
            case = Case("admin", page(), "GET", url, {}, frozenset({200 if superuser else 302}))
            response, _changed = self.send(case)
            location = response.get("Location", "")
            if response.status_code not in case.expect or (
                not superuser and not location.startswith(reverse("admin:login"))
            ):
                self.report(case, "status", f"answered {response.status_code} {location}".strip())

    # -- non-interference ------------------------------------------------------------------

    def compare_after_growing(self, growths: list[str]) -> None:
        """Read every page (and each route's newest visible object) again once ``growths``,
        data the actor may not see, have grown: nothing may change."""
        if not growths:
            return
        with transaction.atomic():
            for growth in growths:
                GROWTHS[growth](self.world)
            before, self.readings = self.readings, {}
            for key, route in ROUTES.items():
                for case in self.cases(key, route):
                    if case.compare:
                        self.send_and_read(case)
            grown = ", ".join(growths)
            for (key, url), reading in self.readings.items():
                if before.get((key, url)) != reading:
                    case = Case(key, ROUTES[key], "GET", url, {}, READ)
                    self.report(case, "grows", f"changes when {grown} grow")
            self.readings = before
            transaction.set_rollback(True)

    def send_and_read(self, case: Case) -> None:
        response, _changed = self.send(case)
        self.readings[(case.key, case.url)] = reading_of(text_of(response, body_of(response)))


def _is_api(key: str) -> bool:
    """API routes are keyed by method and path, pages by URL name."""
    return " " in key


def _products(values: dict[str, tuple[str, ...]]) -> list[dict[str, str]]:
    names = list(values)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*values.values())]


def _spread(rows: list[Model], most: int) -> list[Model]:
    """At most ``most`` of ``rows``, first and last included, evenly apart."""
    if len(rows) <= most:
        return rows
    step = (len(rows) - 1) / (most - 1)
    return [rows[round(i * step)] for i in range(most)]


def _single_hidden(route: Route) -> bool:
    return any(isinstance(v, Hidden) and not v.many for v in route.body.values())


def _child_of(model: type[Model], parent: Model) -> Model:
    """A row of ``model`` that belongs to ``parent`` (a question of a version)."""
    link = next(
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, ForeignKey) and f.related_model is type(parent)
    )
    child: Model = model._default_manager.filter(**{link: parent}).order_by("pk")[0]
    return child


def _snapshot(row: Model) -> dict[str, Any]:
    found: dict[str, Any] = type(row)._default_manager.filter(pk=row.pk).values().first() or {}
    return found
