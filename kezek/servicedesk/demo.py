"""Demo data of the servicedesk app (``kezek demo``): the catalogue of MISSION.md §1 for the
three demo client companies, an Asia/Almaty SLA calendar with a lunch break and the 2026 public
holidays of Kazakhstan, FAQ articles in English and Russian, and ~60 requests in every state."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from kezek.accounts.calendars import calendar_create
from kezek.accounts.models import Organisation, User
from kezek.servicedesk import demo_content as content
from kezek.servicedesk.choices import State
from kezek.servicedesk.models import (
    AgentProfile,
    Approval,
    CannedResponse,
    KbCategory,
    Request,
    Service,
    ServiceCategory,
    ServiceField,
    SlaPolicy,
    SupportGroup,
    SupportGroupMember,
)
from kezek.servicedesk.services.approvals import approval_decide
from kezek.servicedesk.services.kb import article_save
from kezek.servicedesk.services.notifications import notifications_muted
from kezek.servicedesk.services.requests import (
    reply_create,
    request_assign,
    request_create,
    request_rate,
    request_transition,
    requests_auto_close,
)
from kezek.servicedesk.services.sla import sla_sweep

WORKDAY = {day: [(time(9), time(13)), (time(14), time(18))] for day in range(5)}
# Planned final states of the employees' requests (the rest of the 60 are managers' and HR cases).
PLAN = (
    [State.NEW] * 8
    + [State.IN_PROGRESS] * 12
    + [State.WAITING_REQUESTER] * 6
    + [State.RESOLVED] * 10
    + [State.CLOSED] * 12
    + [State.CANCELLED] * 3
    + [State.REOPENED] * 2
)


def load(*, rng: random.Random) -> None:
    """Create the demo data unless it exists already."""
    if SupportGroup.objects.exists() or not Organisation.objects.filter(kind="client").exists():
        return
    with notifications_muted():
        groups = _groups()
        _catalogue(groups)
        _articles()
        _requests(rng)
        sla_sweep(now=timezone.now())
        after = timedelta(days=settings.SERVICEDESK_AUTO_CLOSE_DAYS)
        requests_auto_close(now=timezone.now(), after=after)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _groups() -> list[SupportGroup]:
    centre_manager = _user("centre.manager")
    agents = [u for u in [_user("ssc.agent")] + [_user(f"ssc.agent{n}") for n in range(1, 9)] if u]
    groups = []
    for index, (name, rule) in enumerate(content.GROUPS):
        confidential = index == 3
        members = agents[-2:] if confidential else agents[:-2]
        group = SupportGroup.objects.create(
            name=name,
            assignment_rule=rule,
            escalation_to=members[-1] if confidential and members else centre_manager,
        )
        SupportGroupMember.objects.bulk_create(
            SupportGroupMember(group=group, user=member) for member in members
        )
        groups.append(group)
    for number, skills in ((1, ["payroll"]), (2, ["payroll", "social"]), (3, ["social"])):
        agent = _user(f"ssc.agent{number}")
        if agent:
            AgentProfile.objects.create(user=agent, skills=skills)
    CannedResponse.objects.bulk_create(
        [
            CannedResponse(
                title="Certificate ready",
                body="Your certificate is ready. Collect the original at reception (2nd floor) or use the attached scan.",
            ),
            CannedResponse(
                title="Need more details",
                body="To go on we need a little more information:\n\n- \n\nThe SLA clock is paused until you reply.",
            ),
            CannedResponse(
                title="Payroll: next salary",
                body="The correction will be paid with the next salary.",
                group=groups[1],
            ),
        ]
    )
    return groups


def _catalogue(groups: list[SupportGroup]) -> None:
    calendar = calendar_create(
        name="Almaty SSC working hours",
        time_zone="Asia/Almaty",
        hours=WORKDAY,
        holidays=content.KZ_HOLIDAYS_2026,
    )
    dala = Organisation.objects.filter(name="Dala Telecom").first()
    for order, (name, ru_name, services) in enumerate(content.CATALOGUE):
        category = ServiceCategory.objects.create(
            name=name, order=order, translations={"ru": {"name": ru_name}}
        )
        for spec in services:
            (code, title, ru_title, description, group, approval, confidential, managers,
             skill, response, resolution, fields) = spec  # fmt: skip
            service = Service.objects.create(
                code=code, category=category, name=title, description=description,
                group=groups[group], needs_approval=approval, is_confidential=confidential,
                for_managers=managers, required_skill=skill, translations={"ru": {"name": ru_title}},
            )  # fmt: skip
            for field_order, (key, label, kind, required, choices) in enumerate(fields):
                ServiceField.objects.create(
                    service=service, key=key, label=label, kind=kind, required=required,
                    choices=choices, order=field_order,
                )  # fmt: skip
            for priority, factor in (("normal", 1), ("high", 0.5)):
                SlaPolicy.objects.create(
                    service=service, priority=priority, calendar=calendar,
                    first_response_minutes=max(1, int(response * factor)),
                    resolution_minutes=max(1, int(resolution * factor)),
                )  # fmt: skip
            if dala is not None and code == "payslip":  # Dala's contract promises payslips faster
                SlaPolicy.objects.create(
                    service=service, priority="normal", client=dala, calendar=calendar,
                    first_response_minutes=30, resolution_minutes=240,
                )  # fmt: skip


def _articles() -> None:
    categories: dict[str, KbCategory] = {}
    for order, (key, category_name, en_title, en_body, ru_title, ru_body) in enumerate(
        content.ARTICLES
    ):
        category = categories.get(category_name)
        if category is None:
            category = categories[category_name] = KbCategory.objects.create(
                name=category_name, order=order
            )
        article_save(
            editor=None, key=key, language="en", category=category, title=en_title, body=en_body
        )
        article_save(
            editor=None, key=key, language="ru", category=category, title=ru_title, body=ru_body
        )


def _requests(rng: random.Random) -> None:
    now = timezone.now()
    employees = list(
        User.objects.filter(organisation__kind="client", memberships__role="employee").order_by(
            "pk"
        )
    )
    plan = list(PLAN)
    rng.shuffle(plan)
    for index, final in enumerate(plan):
        code, title, description, answer = content.REQUEST_TEXTS[index % len(content.REQUEST_TEXTS)]
        requester = _user("employee") if index % 5 == 0 else rng.choice(employees)
        if requester is None:
            continue
        created = now - timedelta(days=rng.uniform(0.3, 20))
        _one(rng, requester, code, title, description, answer, final, created, now)
    for manager_name in ("manager", "dala.manager", "steppe.manager"):
        manager = _user(manager_name)
        for code, title, description, answer in content.MANAGER_TEXTS if manager else []:
            created = now - timedelta(days=rng.uniform(0.5, 10))
            final = rng.choice([State.IN_PROGRESS, State.RESOLVED, State.NEW])
            _one(rng, manager, code, title, description, answer, final, created, now)  # type: ignore[arg-type]
    employee = _user("employee")
    if employee is not None:
        _one(rng, employee, "confidential-case", "Pressure from a shift supervisor",
             "Since January my shift supervisor makes remarks about my age in front of the team.",
             "Thank you for telling us. A case officer will call you tomorrow; nothing is shared with your department.",
             State.IN_PROGRESS, now - timedelta(days=3), now)  # fmt: skip
        _one(rng, employee, "vacation", "Leave in August", "Ten days in August for a family trip.",
             "", State.WAITING_APPROVAL, now - timedelta(hours=30), now)  # fmt: skip


def _one(
    rng: random.Random, requester: User, code: str, title: str, description: str, answer: str,
    final: str, created: datetime, now: datetime,
) -> None:  # fmt: skip
    """One request, walked through the services to ``final``; steps spread until ``now``."""
    service = Service.objects.filter(code=code).first()
    if service is None:
        return
    steps = iter(sorted(created + (now - created) * rng.uniform(0.05, 0.95) for _ in range(6)))
    form_data = {f.key: None for f in service.fields.all()}
    request = request_create(
        requester=requester, service=service, title=title, description=description,
        form_data=form_data, now=created,
    )  # fmt: skip
    approval = Approval.objects.filter(request=request, state="pending").first()
    if approval is not None:
        if final == State.WAITING_APPROVAL:
            return
        approval_decide(
            actor=approval.approver,
            approval_id=approval.pk,
            approve=final != State.CANCELLED,
            now=next(steps),
        )
        request.refresh_from_db()
        if final == State.CANCELLED:
            return
    agent = request.assignee or _group_agent(request)
    if agent is None or final == State.NEW:
        return
    if request.assignee is None:
        request_assign(actor=agent, request=request, assignee=agent, now=next(steps))
    if final == State.CANCELLED:
        request_transition(
            actor=requester, request=request, to_state=State.CANCELLED, now=next(steps)
        )
        return
    request_transition(actor=agent, request=request, to_state=State.IN_PROGRESS, now=next(steps))
    if final == State.WAITING_REQUESTER:
        reply_create(
            actor=agent,
            request=request,
            body="Could you tell us the exact dates, please?",
            now=next(steps),
        )
        request_transition(
            actor=agent, request=request, to_state=State.WAITING_REQUESTER, now=next(steps)
        )
        return
    if final == State.IN_PROGRESS:
        reply_create(actor=agent, request=request, body="We are working on it.", now=next(steps))
        return
    reply_create(actor=agent, request=request, body=answer or "Done.", now=next(steps))
    request_transition(actor=agent, request=request, to_state=State.RESOLVED, now=next(steps))
    if final == State.CLOSED:
        request_rate(
            actor=requester,
            request=request,
            rating=rng.choice([3, 4, 5, 5, 5]),
            comment="",
            now=next(steps),
        )
        request_transition(actor=requester, request=request, to_state=State.CLOSED, now=next(steps))
    elif final == State.REOPENED:
        request_transition(
            actor=requester, request=request, to_state=State.REOPENED, now=next(steps)
        )
        reply_create(
            actor=requester,
            request=request,
            body="Sorry, the amount is still wrong.",
            now=next(steps),
        )


def _group_agent(request: Request) -> User | None:
    member = SupportGroupMember.objects.filter(group_id=request.group_id).order_by("pk").first()
    return member.user if member else None
