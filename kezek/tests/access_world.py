"""The access matrix's world: two clients, two vendors and the owner, one login per role, and
one object of every model that has a page, an export or an API route, on each side.

Every person has a name, username and e-mail address found nowhere else, so a page that names
them can be caught by a plain substring search. Built through the services, at a fixed time.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model

from kezek.accounts.calendars import calendar_create
from kezek.accounts.models import Organisation, Team, User
from kezek.accounts.services import organisation_create, person_create, team_create
from kezek.core.models import Job
from kezek.people.models import StaffMember
from kezek.people.services.acd import acd_login_assign
from kezek.people.services.staff import absence_add, staff_member_create, staff_skill_set
from kezek.servicedesk.models import (
    KbCategory,
    Request,
    Service,
    ServiceCategory,
    SlaPolicy,
    SupportGroup,
    SupportGroupMember,
)
from kezek.servicedesk.services.kb import article_save
from kezek.servicedesk.services.notifications import notifications_muted
from kezek.servicedesk.services.requests import (
    open_states,
    reply_create,
    request_assign,
    request_create,
)
from kezek.surveys import services as sv
from kezek.surveys.models import Campaign, Questionnaire
from kezek.surveys.services.questionnaires import shipped_template
from kezek.surveys.tests.factories import user_answers
from kezek.wfm.demo import synthetic_history
from kezek.wfm.models import Queue
from kezek.wfm.services.forecasts import forecast_create
from kezek.wfm.services.history import history_store
from kezek.wfm.services.queues import queue_create
from kezek.wfm.services.schedules import schedule_build, shift_templates_import
from kezek.wfm.services.special_days import special_day_set
from kezek.wfm.services.staffing import staffing_plan_publish

# Wednesday 4 March 2026, 11:00 in Almaty: the clock stands still here for the whole matrix.
NOW = datetime(2026, 3, 4, 6, 0, tzinfo=UTC)
TOMORROW = date(2026, 3, 5)
PAYDAY = TOMORROW + timedelta(days=6)  # a special day of every queue
PDF = b"%PDF-1.4 matrix"
TEMPLATES = (
    "name,earliest_start,latest_start,start_step_minutes,length_minutes,lunch_minutes\n"
    "Day,08:00,10:00,60,480,0\n"
    "Late,11:00,12:00,60,480,0\n"
)

# key: (organisation, roles, first name, last name). The keys of the roles the matrix logs
# in as are ROLES; the others are the people those roles must (or may) meet.
PEOPLE: dict[str, tuple[str, tuple[str, ...], str, str]] = {
    "admin": ("owner", ("admin",), "Almagul", "Abenova"),
    "centre_manager": ("owner", ("centre_manager",), "Bibigul", "Bekturova"),
    "planner": ("owner", ("planner",), "Chingis", "Chokinov"),
    "quality_analyst": ("owner", ("quality_analyst",), "Dariga", "Dzhaksybekova"),
    "ssc_agent": ("owner", ("agent",), "Erbol", "Ermekbaev"),
    "case_officer": ("owner", ("agent",), "Fariza", "Fazylbekova"),
    "supervisor": ("vendor", ("supervisor",), "Gulnur", "Gafurkyzy"),
    "team_leader": ("vendor", ("team_leader",), "Khadisha", "Khamitkyzy"),
    "agent": ("vendor", ("agent",), "Ilyas", "Iskendirov"),
    "vendor_manager": ("vendor", ("vendor_manager",), "Zhanar", "Zhunusbekova"),
    "other_vendor_manager": ("other_vendor", ("vendor_manager",), "Kuanysh", "Kudaibergenov"),
    "other_vendor_agent": ("other_vendor", ("agent",), "Lazzat", "Lesbekkyzy"),
    "manager": ("client", ("manager",), "Marat", "Mukanbetov"),
    "employee": ("client", ("employee",), "Nazira", "Nurlanbekova"),
    "other_manager": ("other_client", ("manager",), "Olzhas", "Orazbekuly"),
    "other_employee": ("other_client", ("employee",), "Perizat", "Pernebekkyzy"),
}
ROLES = (
    "admin",
    "centre_manager",
    "planner",
    "quality_analyst",
    "ssc_agent",
    "supervisor",
    "team_leader",
    "agent",
    "vendor_manager",
    "other_vendor_manager",
    "manager",
    "employee",
    "anonymous",
)


@dataclass
class AccessWorld:
    organisations: dict[str, Organisation]
    people: dict[str, User]
    tokens: dict[int, str] = field(default_factory=dict)  # invitation pk -> its one-time token

    def person(self, key: str) -> User | None:
        return None if key == "anonymous" else self.people[key]


def build_access_world() -> AccessWorld:
    """The whole world; call it with the clock at ``NOW``."""
    organisations = {
        "owner": organisation_create(
            name="Kestrel Service Centre", kind="owner", time_zone="Asia/Almaty"
        ),
        "client": organisation_create(name="Amberfield Mining", kind="client"),
        "other_client": organisation_create(name="Birchwood Telecom", kind="client"),
        "vendor": organisation_create(name="Aldergate Calls", kind="vendor"),
        "other_vendor": organisation_create(name="Beechmont Contact", kind="vendor"),
    }
    teams = {
        side: team_create(organisation=organisations[side], name=f"{name} team")
        for side, name in (("client", "Amberfield"), ("other_client", "Birchwood"))
    }
    teams["vendor"] = team_create(organisation=organisations["vendor"], name="Aldergate floor")
    people = {key: _person(key, organisations, teams) for key in PEOPLE}
    for side, leader in (("client", "manager"), ("other_client", "other_manager")):
        _lead(teams[side], people[leader])
    _lead(teams["vendor"], people["team_leader"])
    User.objects.filter(pk=people["admin"].pk).update(is_staff=True, is_superuser=True)
    people["admin"].refresh_from_db()
    world = AccessWorld(organisations=organisations, people=people)
    with notifications_muted():
        _service_desk(world)
    _surveys(world)
    _workforce(world)
    _staff(world)
    return world


def _person(key: str, organisations: dict[str, Organisation], teams: dict[str, Team]) -> User:
    side, roles, first, last = PEOPLE[key]
    return person_create(
        username=f"mx.{key}",
        organisation=organisations[side],
        roles=roles,
        password="matrix-password",
        first_name=first,
        last_name=last,
        email=f"mx.{key}@matrix.example",
        team=teams.get(side) if key not in {"supervisor", "vendor_manager"} else None,
    )


def _lead(team: Team, leader: User) -> None:
    team.leader = leader
    team.save()


def _service_desk(world: AccessWorld) -> None:
    people, organisations = world.people, world.organisations
    calendar = calendar_create(
        name="Kestrel hours",
        time_zone="Asia/Almaty",
        hours={day: [(time(9), time(18))] for day in range(5)},
        holidays=[],
    )
    groups = {
        name: SupportGroup.objects.create(name=name, assignment_rule="manual")
        for name in ("Kestrel payroll desk", "Aldergate line", "Beechmont line", "Kestrel cases")
    }
    for group, member in (
        ("Kestrel payroll desk", "ssc_agent"),
        ("Aldergate line", "agent"),
        ("Beechmont line", "other_vendor_agent"),
        ("Kestrel cases", "case_officer"),
    ):
        SupportGroupMember.objects.create(group=groups[group], user=people[member])
    category = ServiceCategory.objects.create(name="Kestrel HR administration")
    services = {
        code: Service.objects.create(
            code=code,
            category=category,
            name=name,
            group=groups[group],
            needs_approval=code == "leave",
            is_confidential=code == "case",
        )
        for code, name, group in (
            ("certificate", "Certificate of employment", "Kestrel payroll desk"),
            ("aldergate-payslip", "Amberfield payslip copy", "Aldergate line"),
            ("beechmont-payslip", "Birchwood payslip copy", "Beechmont line"),
            # Named apart from the staff pages' absence kind "Annual leave".
            ("leave", "Kestrel annual leave", "Kestrel payroll desk"),
            ("case", "Kestrel grievance case", "Kestrel cases"),
        )
    }
    services["aldergate-payslip"].clients.set([organisations["client"]])
    services["beechmont-payslip"].clients.set([organisations["other_client"]])
    for service in services.values():
        SlaPolicy.objects.create(
            service=service,
            priority="normal",
            calendar=calendar,
            first_response_minutes=60,
            resolution_minutes=960,
        )
    for employee, line, vendor_agent in (
        ("employee", "aldergate-payslip", "agent"),
        ("other_employee", "beechmont-payslip", "other_vendor_agent"),
    ):
        _requests(world, services, employee=employee, line=line, vendor_agent=vendor_agent)
    kb = KbCategory.objects.create(name="Kestrel answers")
    for key, title, clients, published in (
        ("everyone", "Kestrel opening hours", [], True),
        ("amberfield", "Amberfield bonus rules", [organisations["client"]], True),
        ("birchwood", "Birchwood bonus rules", [organisations["other_client"]], True),
        ("draft", "Unpublished payroll draft", [], False),
    ):
        article_save(
            editor=people["centre_manager"],
            key=key,
            language="en",
            category=kb,
            title=title,
            body=f"{title}: the answer.",
            clients=clients,
            is_published=published,
        )


def _requests(
    world: AccessWorld, services: dict[str, Service], *, employee: str, line: str, vendor_agent: str
) -> None:
    """One side's requests: to the owner's desk, to its vendor's ``line``, a confidential case
    and a leave waiting for the manager's approval, with replies (an internal note among them)
    and attachments."""
    people = world.people
    requester = people[employee]
    name = requester.last_name
    for code, title, worker in (
        ("certificate", f"{name} certificate for the bank", "ssc_agent"),
        (line, f"{name} payslip for February", vendor_agent),
        ("case", f"{name} confidential complaint", "case_officer"),
    ):
        request = request_create(
            requester=requester,
            service=services[code],
            title=title,
            now=NOW - timedelta(days=1),
            files=[SimpleUploadedFile(f"{name.lower()}-{code}.pdf", PDF)],
        )
        agent = people[worker]
        request_assign(actor=agent, request=request, assignee=agent, now=NOW - timedelta(hours=20))
        reply_create(
            actor=agent,
            request=request,
            body=f"{title}: we are on it.",
            now=NOW - timedelta(hours=19),
            files=[SimpleUploadedFile(f"{name.lower()}-{code}-answer.pdf", PDF)],
        )
        reply_create(
            actor=agent,
            request=request,
            body=f"{title}: internal note.",
            is_internal=True,
            now=NOW - timedelta(hours=18),
            files=[SimpleUploadedFile(f"{name.lower()}-{code}-internal.pdf", PDF)],
        )
    request_create(
        requester=requester,
        service=services["leave"],
        title=f"{name} leave in April",
        now=NOW - timedelta(hours=10),
    )


def _surveys(world: AccessWorld) -> None:
    """Each client's own survey and a joint one, answered with a comment, triaged, with an
    action and a published report; and a joint survey whose invitations are still open."""
    people, organisations = world.people, world.organisations
    by = people["centre_manager"]
    version = sv.questionnaire_import(data=shipped_template("employee"), by=by)
    sv.version_draft_create(questionnaire=version.questionnaire, by=by)
    client, other = organisations["client"], organisations["other_client"]
    campaigns = {
        name: sv.campaign_open(
            campaign=sv.campaign_create(
                name=name,
                version=version,
                opens_at=NOW - timedelta(days=3),
                closes_at=NOW + timedelta(days=30),
                clients=clients,
                roles=["employee"],
                anonymous=False,
                min_group_size=2,
                created_by=by,
            )
        )
        for name, clients in (
            ("Amberfield pulse survey", [client]),
            ("Birchwood pulse survey", [other]),
            ("Joint pulse survey", [client, other]),
            ("Joint spring survey", [client, other]),
        )
    }
    for employee, own in (("employee", "Amberfield"), ("other_employee", "Birchwood")):
        person = people[employee]
        for name in (f"{own} pulse survey", "Joint pulse survey", "Joint spring survey"):
            offer = sv.invitation_create(campaign=campaigns[name], person=person)
            world.tokens[offer.invitation.pk] = offer.token
            if name == "Joint spring survey":
                continue  # left open for the answer pages
            answers = user_answers(
                suggestions=f"{person.last_name} wants payslips by e-mail ({name}).",
                staff_involved=[people["ssc_agent"].pk],
                staff_rating=4,
            )
            sv.response_submit(invitation=offer.invitation, answers=answers)
    for name in ("Amberfield pulse survey", "Birchwood pulse survey", "Joint pulse survey"):
        _programme(campaigns[name], by)


def _programme(campaign: Campaign, by: User) -> None:
    feedback = list(campaign.feedback.all())
    for item in feedback:
        sv.feedback_triage(feedback=item, status="accepted", explanation="", by=by)
    sv.action_create(
        campaign=campaign,
        title=f"{campaign.name}: payslips by e-mail",
        owner=by,
        due_on=TOMORROW + timedelta(days=30),
        feedback=feedback,
    )
    sv.report_publish(campaign=campaign, by=by, summary=f"{campaign.name}: we heard you.")


def _workforce(world: AccessWorld) -> None:
    owner, planner = world.organisations["owner"], world.people["planner"]
    templates = shift_templates_import(organisation=owner, text=TEMPLATES)
    queues = [
        queue_create(organisation=owner, vendor=world.organisations[side], name=name,
                     time_zone="Asia/Almaty", interval_minutes=60)
        for side, name in (("vendor", "Aldergate queue"), ("other_vendor", "Beechmont queue"))
    ]  # fmt: skip
    queues.append(
        queue_create(
            organisation=owner, name="Kestrel in-house queue", time_zone="Asia/Almaty",
            interval_minutes=60,
        )
    )  # fmt: skip
    for number, queue in enumerate(queues):
        _plan(queue, planner, templates, seed=number, full=queue.vendor_id is not None)
    for starter, queue in (("planner", queues[0]), ("other_vendor_manager", queues[1])):
        Job.objects.create(
            name=f"{queue.name}: history import", started_by=world.people[starter], status="done"
        )


def _plan(queue: Queue, planner: User, templates: Any, *, seed: int, full: bool) -> None:
    records = synthetic_history(
        rng=random.Random(seed),
        first_day=TOMORROW - timedelta(weeks=4),
        last_day=TOMORROW - timedelta(days=1),
        interval_minutes=queue.interval_minutes,
        daily_calls=300,
    )
    history_store(
        queue=queue,
        records=records,
        file_name=f"{queue.name.lower().replace(' ', '-')}.csv",
        file_format="csv",
        imported_by=planner,
    )
    special_day_set(queue=queue, day=PAYDAY, factor=1.2, reason="Payday")
    forecast = forecast_create(queue=queue, origin=TOMORROW, horizon_days=1, created_by=planner)
    if full:
        plan = staffing_plan_publish(forecast=forecast, published_by=planner)
        schedule_build(plan=plan, templates=templates, created_by=planner, time_limit_s=10)


# Staff records: (key, organisation, login or None, team leader key, on the team, staff
# number, first and last name). Their names are not their logins': each is found only where
# the record is shown.
STAFF = (
    ("leader", "vendor", "team_leader", None, True, "ALD-T01", "Ulbolsyn", "Utepova"),
    ("agent", "vendor", "agent", "leader", True, "ALD-A01", "Venera", "Valikhanova"),
    ("colleague", "vendor", None, "leader", True, "ALD-A02", "Yerzhan", "Yessimov"),
    ("stranger", "vendor", None, None, False, "ALD-A03", "Zauresh", "Zeinollakyzy"),
    ("theirs", "other_vendor", "other_vendor_agent", None, False, "BCH-A01", "Xeniya", "Xalelova"),
    ("guide", "owner", None, None, False, "KST-G01", "Wiliya", "Wakhitova"),
)


def _staff(world: AccessWorld) -> None:
    """Staff records on every side, each with an ACD login id, a skill and an absence: the
    vendor's team leader leads two of them on their team, the third is on no team."""
    made: dict[str, StaffMember] = {}
    team = Team.objects.get(name="Aldergate floor")
    for number, (key, side, login, leader, on_team, staff_number, first, last) in enumerate(STAFF):
        member = staff_member_create(
            organisation=world.organisations[side],
            staff_number=staff_number,
            first_name=first,
            last_name=last,
            hire_date=date(2025, 9, 1),
            position="team_leader" if key == "leader" else "agent",
            team=team if on_team else None,
            team_leader=made.get(leader or ""),
            user=world.people[login] if login else None,
        )
        made[key] = member
        acd_login_assign(
            actor=None, member=member, login_id=f"MX-{number}", valid_from=date(2025, 9, 1)
        )
        staff_skill_set(member=member, name="Payroll", level=3)
        absence_add(
            member=member, kind="sick", first_day=TOMORROW, last_day=TOMORROW, note="Matrix"
        )


@dataclass(frozen=True)
class Side:
    """One client and the vendor that serves it, as ``grow_side`` adds to them."""

    client: str
    vendor: str
    vendor_manager: str
    line: str
    service: str
    queue: str
    newcomers: tuple[str, str, str, str]  # first and last names at the client, at the vendor
    staff: tuple[str, str, str]  # staff number, first and last name of a new vendor record


SIDES = {
    "first": Side("client", "vendor", "vendor_manager", "Aldergate line", "aldergate-payslip",
                  "Aldergate queue", ("Saltanat", "Sarsenbaeva", "Timur", "Tokhtarov"),
                  ("ALD-N01", "Balnur", "Baimukhanova")),
    "other": Side("other_client", "other_vendor", "other_vendor_manager", "Beechmont line",
                  "beechmont-payslip", "Beechmont queue", ("Quralai", "Qasymkyzy", "Rustem",
                  "Rakhimzhanov"), ("BCH-N01", "Kairat", "Kenzhebayev")),
}  # fmt: skip


def grow_side(world: AccessWorld, *, name: str) -> list[Model]:
    """More data on one side, none of it the other side's: a newcomer at its client and at
    its vendor, a request to the vendor's line answered by that newcomer, an answer to the
    joint survey, an article for the client, a special day of the vendor's queue, a job of
    the vendor's manager and a staff record of the vendor. Returns the rows made."""
    side, organisations = SIDES[name], world.organisations
    first, last, vendor_first, vendor_last = side.newcomers
    newcomer = person_create(
        username=f"mx.{name}_newcomer", organisation=organisations[side.client],
        roles=["employee"], first_name=first, last_name=last,
        email=f"mx.{name}_newcomer@matrix.example",
        team=Team.objects.get(organisation=organisations[side.client]),
    )  # fmt: skip
    vendor_newcomer = person_create(
        username=f"mx.{name}_vendor_newcomer", organisation=organisations[side.vendor],
        roles=["agent"], first_name=vendor_first, last_name=vendor_last,
        email=f"mx.{name}_vendor_newcomer@matrix.example",
    )  # fmt: skip
    SupportGroupMember.objects.create(
        group=SupportGroup.objects.get(name=side.line), user=vendor_newcomer
    )
    with notifications_muted():
        request = request_create(
            requester=newcomer,
            service=Service.objects.get(code=side.service),
            title=f"{last} payslip for January",
            now=NOW,
            files=[SimpleUploadedFile(f"{last.lower()}.pdf", PDF)],
        )
        request_assign(actor=vendor_newcomer, request=request, assignee=vendor_newcomer, now=NOW)
        reply = reply_create(
            actor=vendor_newcomer, request=request, body=f"{last}: on it.", now=NOW
        )
    offer = sv.invitation_create(
        campaign=Campaign.objects.get(name="Joint spring survey"), person=newcomer
    )
    response = sv.response_submit(
        invitation=offer.invitation, answers=user_answers(suggestions=f"{last} wants a callback.")
    )
    article = article_save(
        editor=world.people["centre_manager"], key=f"{name}-overtime", language="en",
        category=KbCategory.objects.get(), title=f"{last} overtime rules",
        body="Overtime rules: the answer.", clients=[organisations[side.client]],
    )  # fmt: skip
    special = special_day_set(
        queue=Queue.objects.get(name=side.queue),
        day=TOMORROW + timedelta(days=2),
        factor=0.5,
        reason=f"{vendor_last} training",
    )
    job = Job.objects.create(
        name=f"{side.queue}: more history", started_by=world.people[side.vendor_manager]
    )
    staff_number, staff_first, staff_last = side.staff
    staff = staff_member_create(
        organisation=organisations[side.vendor], staff_number=staff_number,
        first_name=staff_first, last_name=staff_last, hire_date=date(2026, 3, 2),
    )  # fmt: skip
    return [newcomer, vendor_newcomer, request, reply, offer.invitation, response, article,
            special, job, staff]  # fmt: skip


def grow_confidential_cases(world: AccessWorld) -> list[Model]:
    """A new confidential case of each client's employee, answered by the case officer with a
    file: only the cases' group and the requester see them. Returns the rows made."""
    grown: list[Model] = []
    service = Service.objects.get(code="case")
    officer = world.people["case_officer"]
    with notifications_muted():
        for employee in ("employee", "other_employee"):
            requester = world.people[employee]
            request = request_create(
                requester=requester,
                service=service,
                title=f"{requester.last_name} second grievance",
                now=NOW,
            )
            request_assign(actor=officer, request=request, assignee=officer, now=NOW)
            reply = reply_create(
                actor=officer,
                request=request,
                body=f"{requester.last_name}: we will call you.",
                now=NOW,
                files=[SimpleUploadedFile(f"{requester.last_name.lower()}-grievance.pdf", PDF)],
            )
            grown += [request, reply, *reply.attachments.all()]
    return grown


def grow_internal_notes_and_drafts(world: AccessWorld) -> list[Model]:
    """An internal note with a file on every open request of the owner's desk, a draft
    article and a draft questionnaire version: none of them is for the clients' eyes."""
    grown: list[Model] = []
    agent, editor = world.people["ssc_agent"], world.people["centre_manager"]
    desk = SupportGroup.objects.get(name="Kestrel payroll desk")
    with notifications_muted():
        for request in Request.objects.filter(group=desk, state__in=open_states()):
            name = request.requester.last_name
            reply = reply_create(
                actor=agent, request=request, body=f"{name}: second internal note.",
                is_internal=True, now=NOW,
                files=[SimpleUploadedFile(f"{name.lower()}-second-internal.pdf", PDF)],
            )  # fmt: skip
            grown += [reply, *reply.attachments.all()]
    article = article_save(
        editor=editor, key="draft-two", language="en", category=KbCategory.objects.get(),
        title="Second unpublished bonus rules draft", body="Bonus rules, not yet.",
        is_published=False,
    )  # fmt: skip
    questionnaire = Questionnaire.objects.get(key="ssc-employee")
    grown += [article, sv.version_draft_create(questionnaire=questionnaire, by=editor)]
    return grown


# What grows, for the matrix to read every page again: by the name the report gives it.
GROWTHS: dict[str, Callable[[AccessWorld], list[Model]]] = {
    "the other client and vendor": partial(grow_side, name="other"),
    "the first client and vendor": partial(grow_side, name="first"),
    "the confidential cases": grow_confidential_cases,
    "the internal notes and drafts": grow_internal_notes_and_drafts,
}
