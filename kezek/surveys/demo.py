"""Demo data of the surveys app (``kezek demo``).

Both shipped questionnaires published; a closed, anonymous employee survey with
about 300 answers (electronic and paper) across the three demo clients and six
months, its feedback triaged and an action programme; an open survey whose
link for the demo ``employee`` is printed; an open transactional campaign for
the service desk to invite into.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kezek.accounts.models import Organisation, User
from kezek.surveys import services as sv
from kezek.surveys.choices import CampaignKind, QuestionKind, TriageStatus
from kezek.surveys.models import Campaign, Question, Questionnaire
from kezek.surveys.selectors import ssc_staff
from kezek.surveys.services.questionnaires import shipped_template

CLIENT_MEAN = {"Altyn Mining": 4.2, "Dala Telecom": 3.5, "Steppe Logistics": 3.9}
RESPONSES = 300
# (text, triage status, explanation) — written as participants would, in their languages.
COMMENTS: list[tuple[str, str, str]] = [
    ("Certificates take too long; please send them by email as a PDF.", TriageStatus.ACCEPTED, ""),
    ("Спасибо, расчётные листы всегда приходят вовремя.", TriageStatus.POSITIVE, ""),
    ("Business-trip reports are confusing; a checklist would help.", TriageStatus.ACCEPTED, ""),
    ("Анықтаманы алу өте оңай болды, рақмет!", TriageStatus.POSITIVE, ""),
    ("Хотелось бы видеть статус заявки онлайн.", TriageStatus.ACCEPTED, ""),
    (
        "Please pay salaries on the 5th instead of the 10th.",
        TriageStatus.NOT_ACCEPTED,
        "Pay dates are set by each company's collective agreement, not by the SSC; we passed the request to HR.",
    ),
    ("The vacation form asks for the same data twice.", TriageStatus.NEEDS_CLARIFICATION, ""),
    ("Жалақы есеп парағы түсініксіз, түсіндірме қосыңыздар.", TriageStatus.NEW, ""),
    ("Operators are polite and helpful.", TriageStatus.POSITIVE, ""),
    ("Служителите не вдигат телефона по обед.", TriageStatus.NEW, ""),
]


def load(*, rng: random.Random) -> None:
    """Create the demo data unless it exists already."""
    if Questionnaire.objects.filter(key="ssc-employee").exists():
        return
    manager = User.objects.filter(username="centre.manager").first()
    employee_version = sv.questionnaire_import(data=shipped_template("employee"), by=manager)
    sv.questionnaire_import(data=shipped_template("manager"), by=manager)
    clients = list(Organisation.objects.filter(kind="client", name__in=CLIENT_MEAN))
    if manager is None or not clients:
        return  # accounts demo not loaded: the questionnaires are enough
    now = timezone.now()
    closed = _closed_campaign(employee_version, clients, manager, now, rng)
    _programme(closed, manager, now)
    _open_campaign(employee_version, clients, manager, now)
    sv.campaign_open(
        campaign=sv.campaign_create(
            name=str(_("After a resolved request")),
            version=employee_version,
            kind=CampaignKind.TRANSACTIONAL,
            opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=365),
            clients=clients,
            roles=["employee", "manager"],
            created_by=manager,
        )
    )


def _closed_campaign(
    version: Any, clients: list[Organisation], manager: User, now: dt.datetime, rng: random.Random
) -> Campaign:
    opens = now - dt.timedelta(days=190)
    campaign = sv.campaign_create(
        name=str(_("Employee satisfaction survey, last half-year")),
        version=version,
        opens_at=opens,
        closes_at=now - dt.timedelta(days=10),
        clients=clients,
        roles=["employee"],
        created_by=manager,
        csat_standard=0.65,  # this centre's current standard for a staff member's CSAT
    )
    sv.campaign_open(campaign=campaign)
    questions = list(version.questions.select_related("section"))
    staff = list(ssc_staff().values_list("pk", flat=True))
    offers = [
        sv.invitation_create(campaign=campaign, person=person)
        for person in User.objects.filter(organisation__in=clients, memberships__role="employee")
    ]
    entered = 0
    for index in range(RESPONSES):
        when = opens + dt.timedelta(days=rng.uniform(1, 178))
        if index < len(offers) and rng.random() < 0.85:
            client = offers[index].invitation.organisation
            answers = _answers(questions, rng, CLIENT_MEAN[client.name], staff)
            sv.response_submit_by_token(
                token=offers[index].token,
                answers=answers,
                now=when,
                language=rng.choice(["ru", "kk", "en"]),
            )
            continue
        client = clients[index % len(clients)]
        answers = _answers(questions, rng, CLIENT_MEAN[client.name], staff)
        sv.paper_response_enter(
            campaign=campaign,
            organisation=client,
            role="employee",
            answers=answers,
            entered_by=manager,
            submitted_on=when.date(),
        )
        entered += 1
    sv.campaign_close(campaign=campaign)
    return campaign


def _rating(rng: random.Random, mean: float, low: int = 1, high: int = 5) -> int:
    return max(low, min(high, round(rng.gauss(mean, 0.9))))


def _answers(
    questions: list[Question], rng: random.Random, mean: float, staff: list[int]
) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    user = rng.random() < 0.9
    answers["uses_service"] = "yes" if user else "no"
    for question in questions:
        if question.key == "uses_service" or (question.section.condition and not user):
            if question.key == "why_not" and not user:
                answers["why_not"] = rng.choice(question.option_values())
            continue
        answers.update(_answer(question, rng, mean, staff, answers))
    if rng.random() < 0.3:
        answers["suggestions"] = rng.choice(COMMENTS)[0]
    return answers


def _answer(
    question: Question, rng: random.Random, mean: float, staff: list[int], so_far: dict[str, Any]
) -> dict[str, Any]:
    key = question.key
    if question.kind == QuestionKind.RATING and key != "staff_rating":
        return {key: _rating(rng, mean - (0.4 if key == "processing_speed" else 0))}
    if question.kind == QuestionKind.NPS:
        return {key: _rating(rng, mean * 2, 0, 10)}
    if question.kind == QuestionKind.REQUESTS:
        chosen = rng.sample(question.option_values(), rng.randint(1, 3))
        return {key: {option: rng.randint(1, 3) for option in chosen}}
    if question.kind == QuestionKind.AGENTS and staff and rng.random() < 0.7:
        named = rng.sample(staff, min(len(staff), rng.randint(1, 2)))
        # The first agent is the demo's star; the last struggles: the staff page shows it.
        bonus = 0.8 if staff[0] in named else (-1.2 if staff[-1] in named else 0.0)
        return {key: named, "staff_rating": _rating(rng, mean + bonus)}
    if key == "sla_experience":
        slow = int(so_far.get("processing_speed", 5)) <= 2
        options = question.option_values()
        return {key: rng.choice(options[1:] if slow else options[:2])}
    if question.kind == QuestionKind.SINGLE:
        return {key: rng.choice(question.option_values())}
    return {}


def _programme(campaign: Campaign, manager: User, now: dt.datetime) -> None:
    wanted: dict[str, tuple[str, str]] = {
        text: (status, explanation) for text, status, explanation in COMMENTS
    }
    accepted = []
    for feedback in campaign.feedback.all():
        status, explanation = wanted.get(feedback.text, (str(TriageStatus.NEW), ""))
        if status == TriageStatus.NEW:
            continue
        if status == TriageStatus.NEEDS_CLARIFICATION:
            sv.clarification_add(
                feedback=feedback,
                author=manager,
                text="Which form: the portal or the paper one? Asked in the SSC newsletter.",
            )
            continue
        sv.feedback_triage(feedback=feedback, status=status, explanation=explanation, by=manager)
        if status == TriageStatus.ACCEPTED:
            accepted.append(feedback)
    today = timezone.localdate()
    plans = [
        ("Certificates", "Send certificates by email as PDF", 20, "in_progress", 60),
        ("checklist", "Checklist for business-trip reports", -30, "complete", 100),
        ("статус", "Show the status of each request in the portal", 45, "not_started", 0),
        ("Certificates", "Train the certificate desk on the new template", -7, "in_progress", 40),
    ]
    for needle, title, due_in, status, percent in plans:
        answered = [f for f in accepted if needle in f.text][:20]
        action = sv.action_create(
            campaign=campaign,
            title=title,
            owner=manager,
            due_on=today + dt.timedelta(days=due_in),
            feedback=answered,
        )
        sv.action_update(action=action, status=status, percent_complete=percent)
    sv.report_publish(
        campaign=campaign,
        by=manager,
        summary="Thank you: 300 of you answered. Here is what we heard and what we are changing.",
        email=False,
    )


def _open_campaign(
    version: Any, clients: list[Organisation], manager: User, now: dt.datetime
) -> None:
    campaign = sv.campaign_create(
        name=str(_("Employee pulse survey, this quarter")),
        version=version,
        opens_at=now - dt.timedelta(days=2),
        closes_at=now + dt.timedelta(days=28),
        clients=clients,
        roles=["employee"],
        anonymous=False,
        created_by=manager,
    )
    sv.campaign_open(campaign=campaign)
    employee = User.objects.filter(username="employee").first()
    if employee is None:
        return
    offer = sv.invitation_create(campaign=campaign, person=employee)
    sys.stdout.write(
        _("Open survey for the demo employee (the link works once): %(url)s\n") % {"url": offer.url}
    )
