"""Answering: token checks, answer validation, storing a response and its tallies."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from kezek.accounts.models import Organisation, User
from kezek.surveys.choices import (
    SCREENING_KEY,
    SCREENING_USER_ANSWER,
    CampaignStatus,
    QuestionKind,
    Source,
)
from kezek.surveys.models import (
    Answer,
    Campaign,
    Feedback,
    Invitation,
    Question,
    RatingTally,
    Response,
    ResponseAgent,
    localized,
)

TEXT_MAX = 5000
MAX_ID = 2**63 - 1  # the largest key of a BigAutoField
STAFF_ROLES = ("agent", "team_leader", "supervisor")  # SSC staff a respondent can name
SCALED = (QuestionKind.RATING, QuestionKind.NPS)


@dataclass
class Parsed:
    """One valid answer, ready to store."""

    question: Question
    value_int: int | None = None
    value_text: str = ""
    value_json: Any = None
    agents: list[int] = field(default_factory=list)

    def canonical(self) -> Any:
        """The value conditions compare with."""
        if self.question.kind in (QuestionKind.YES_NO, QuestionKind.SINGLE, QuestionKind.TEXT):
            return self.value_text
        if self.value_json is not None:
            return self.value_json
        return self.value_int


def invitation_by_token(
    token: str, *, now: dt.datetime | None = None, lock: bool = False
) -> Invitation:
    """The invitation of a one-time link, or a ValidationError saying why it cannot be used."""
    now = now or timezone.now()
    invitations = Invitation.objects.select_related("campaign__version", "organisation")
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token_hash=Invitation.hash_token(token)).first()
    if invitation is None:
        raise ValidationError(
            _("This survey link is not valid. It may have been replaced by a newer one."),
            code="invalid",
        )
    if invitation.used_at is not None:
        raise ValidationError(
            _("This survey link has already been used: each link works once."), code="used"
        )
    _check_window(invitation.campaign, now)
    if now >= invitation.expires_at:
        raise ValidationError(_("This survey link has expired."), code="expired")
    return invitation


def _check_window(campaign: Campaign, now: dt.datetime) -> None:
    if campaign.status == CampaignStatus.CLOSED or now >= campaign.closes_at:
        raise ValidationError(_("This survey is closed."), code="closed")
    if campaign.status != CampaignStatus.OPEN or now < campaign.opens_at:
        raise ValidationError(_("This survey is not open yet."), code="not_open")


def _error(question: Question, message: str, **params: Any) -> ValidationError:
    params["question"] = localized(question.text)
    return ValidationError({f"q-{question.pk}": ValidationError(message, params=params)})


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | dict):
        return not [
            v for v in (value.values() if isinstance(value, dict) else value) if not _blank(v)
        ]
    return False


def _as_int(question: Question, value: Any, low: int, high: int) -> int:
    number: int | None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or not low <= number <= high or str(value).strip() != str(number):
        raise _error(
            question,
            _("“%(question)s” needs a whole number from %(low)s to %(high)s."),
            low=low,
            high=high,
        )
    return number


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if not _blank(v)]
    return [str(value).strip()]


def _parse_choice(question: Question, value: Any) -> Parsed:
    allowed = question.option_values()
    if question.kind == QuestionKind.MULTIPLE:
        chosen = _as_list(value)
        if any(choice not in allowed for choice in chosen):
            raise _error(question, _("“%(question)s”: choose from the options given."))
        return Parsed(question, value_json=chosen)
    choice = str(value).strip()
    if choice not in allowed:
        raise _error(question, _("“%(question)s”: choose from the options given."))
    yes_no = {"yes": 1, "no": 0}.get(choice) if question.kind == QuestionKind.YES_NO else None
    return Parsed(question, value_int=yes_no, value_text=choice)


def _parse_agents(question: Question, value: Any) -> Parsed:
    refused = _error(question, _("“%(question)s”: choose people from the list."))
    try:
        ids = sorted({int(v) for v in _as_list(value)})
    except ValueError:
        raise refused from None
    if any(not 0 < pk <= MAX_ID for pk in ids):  # a bigger one breaks the database's query
        raise refused
    found = set(
        User.objects.filter(
            pk__in=ids,
            organisation__kind="owner",
            memberships__role__in=STAFF_ROLES,
        ).values_list("pk", flat=True)
    )
    if found != set(ids):
        raise refused
    return Parsed(question, value_json=ids, agents=ids)


def _parse_requests(question: Question, value: Any) -> Parsed:
    if not isinstance(value, Mapping):
        raise _error(question, _("“%(question)s”: rate the importance of each request you made."))
    low, high = question.scale_min or 1, question.scale_max or 3
    allowed = question.option_values()
    chosen: dict[str, int] = {}
    for option, importance in value.items():
        if _blank(importance):
            continue
        if str(option) not in allowed:
            raise _error(question, _("“%(question)s”: choose from the options given."))
        chosen[str(option)] = _as_int(question, importance, low, high)
    return Parsed(question, value_json=chosen)


def _parse(question: Question, value: Any) -> Parsed:
    kind = question.kind
    if kind in SCALED:
        low = question.scale_min if question.scale_min is not None else 1
        high = question.scale_max if question.scale_max is not None else 5
        return Parsed(question, value_int=_as_int(question, value, low, high))
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.YES_NO):
        return _parse_choice(question, value)
    if kind == QuestionKind.AGENTS:
        return _parse_agents(question, value)
    if kind == QuestionKind.REQUESTS:
        return _parse_requests(question, value)
    text = str(value).strip()
    if len(text) > TEXT_MAX:
        raise _error(
            question, _("“%(question)s” is too long (%(max)s characters at most)."), max=TEXT_MAX
        )
    return Parsed(question, value_text=text)


def _applies(condition: Mapping[str, Any] | None, parsed: Mapping[str, Parsed]) -> bool:
    if not condition:
        return True
    answer = parsed.get(str(condition.get("question")))
    if "answered" in condition:
        return (answer is not None) == bool(condition["answered"])
    if answer is None:
        return False
    return bool(answer.canonical() == condition.get("equals"))


def validate_answers(
    campaign: Campaign, answers: Mapping[Any, Any], *, known: Mapping[str, Any] | None = None
) -> list[Parsed]:
    """Check every answer against the campaign's questionnaire version; all errors at once.

    ``answers`` maps question ids (or keys) to raw values. An id that is not a
    question of this version is refused; answers to questions whose condition
    does not hold (e.g. ratings from a non-user) are dropped. ``known`` maps
    question keys to answers known from records (the screening question of a
    person the service desk shows using the SSC): they replace whatever was sent.
    """
    questions = list(
        campaign.version.questions.select_related("section").order_by(
            "section__position", "position"
        )
    )
    by_id = {str(q.pk): q for q in questions}
    by_key = {q.key: q for q in questions}
    raw: dict[int, Any] = {}
    for key, value in answers.items():
        question = by_id.get(str(key)) or by_key.get(str(key))
        if question is None:
            raise ValidationError(
                _(
                    "The answer refers to a question that is not part of this questionnaire (%(id)s)."
                ),
                params={"id": str(key)[:40]},
                code="unknown_question",
            )
        raw[question.pk] = value
    for key, value in (known or {}).items():
        if key in by_key:
            raw[by_key[key].pk] = value
    parsed: dict[str, Parsed] = {}
    errors: dict[str, list[ValidationError]] = {}
    for question in questions:  # in order: a condition only looks back
        if not (
            _applies(question.section.condition, parsed) and _applies(question.condition, parsed)
        ):
            continue
        value = raw.get(question.pk)
        if _blank(value):
            if question.required:
                errors.setdefault(f"q-{question.pk}", []).append(
                    ValidationError(
                        _("“%(question)s” needs an answer."),
                        params={"question": localized(question.text)},
                        code="required",
                    )
                )
            continue
        try:
            parsed[question.key] = _parse(question, value)
        except ValidationError as exc:
            for name, messages in exc.error_dict.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return list(parsed.values())


def _local_month(moment: dt.datetime, organisation: Organisation) -> dt.date:
    # Months are the client's months: a 23:30 answer in Almaty on the 31st counts there.
    local = moment.astimezone(zoneinfo.ZoneInfo(organisation.time_zone))
    return local.date().replace(day=1)


def _day_only(moment: dt.datetime) -> dt.datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _month_only(moment: dt.datetime, organisation: Organisation) -> dt.datetime:
    # An anonymous response keeps only its (local) month: a time or a day could be
    # matched with the day an invitation was used and so reveal who answered.
    month = _local_month(moment, organisation)
    return dt.datetime.combine(month, dt.time(), tzinfo=dt.UTC)


def _store(
    *,
    campaign: Campaign,
    parsed: list[Parsed],
    organisation: Organisation,
    role: str,
    submitted_at: dt.datetime,
    language: str,
    source: str,
    respondent: User | None,
    entered_by: User | None,
    service_use_known: bool = False,
) -> Response:
    uses = next((p.value_int for p in parsed if p.question.key == SCREENING_KEY), None)
    response = Response(
        campaign=campaign,
        version=campaign.version,
        organisation=organisation,
        respondent=None if campaign.anonymous else respondent,
        role=role,
        submitted_at=_month_only(submitted_at, organisation)
        if campaign.anonymous
        else submitted_at,
        month=_local_month(submitted_at, organisation),
        language=language[:10] or "en",
        source=source,
        entered_by=entered_by,
        is_service_user=None if uses is None else bool(uses),
        service_use_known=service_use_known and uses is not None,
    )
    response.full_clean()
    response.save()
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question=p.question,
            value_int=p.value_int,
            value_text=p.value_text,
            value_json=p.value_json,
        )
        for p in parsed
    )
    ResponseAgent.objects.bulk_create(
        ResponseAgent(response=response, agent_id=agent) for p in parsed for agent in p.agents
    )
    Feedback.objects.bulk_create(
        Feedback(
            campaign=campaign,
            response=response,
            question=p.question,
            organisation=organisation,
            text=p.value_text,
        )
        for p in parsed
        if p.question.kind == QuestionKind.TEXT and p.value_text
    )
    _tally(response, parsed)
    return response


def _tally(response: Response, parsed: list[Parsed]) -> None:
    for p in parsed:
        if p.question.kind not in SCALED or p.value_int is None:
            continue
        cell = {
            "campaign_id": response.campaign_id,
            "question_id": p.question.pk,
            "organisation_id": response.organisation_id,
            "month": response.month,
            "point": p.value_int,
        }
        if RatingTally.objects.filter(**cell).update(count=F("count") + 1):
            continue
        try:
            with transaction.atomic():  # savepoint: another answer may create the cell first
                RatingTally.objects.create(count=1, **cell)
        except IntegrityError:
            RatingTally.objects.filter(**cell).update(count=F("count") + 1)


@transaction.atomic
def response_submit_by_token(
    *,
    token: str,
    answers: Mapping[Any, Any],
    language: str = "en",
    user: User | None = None,
    now: dt.datetime | None = None,
) -> Response:
    """Store the answers given through a one-time link; the link is then spent.

    Everything is checked first (link, window, every answer); on any problem a
    ``ValidationError`` says what, and nothing is stored.
    """
    now = now or timezone.now()
    # Lock the invitation: the same link posted twice at once must store one response.
    invitation = invitation_by_token(token, now=now, lock=True)
    if user is not None and user.is_authenticated and user.pk != invitation.person_id:
        raise ValidationError(_("This survey link belongs to someone else."), code="not_yours")
    return _submit_invitation(invitation, answers, language=language, now=now)


@transaction.atomic
def response_submit(
    *,
    invitation: Invitation,
    answers: Mapping[Any, Any],
    language: str = "en",
    now: dt.datetime | None = None,
) -> Response:
    """Store the answers of a logged-in person to their own invitation (checked by the caller)."""
    now = now or timezone.now()
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("campaign__version", "organisation")
        .get(pk=invitation.pk)
    )
    if invitation.used_at is not None:
        raise ValidationError(
            _("This survey link has already been used: each link works once."), code="used"
        )
    _check_window(invitation.campaign, now)
    if now >= invitation.expires_at:
        raise ValidationError(_("This survey link has expired."), code="expired")
    return _submit_invitation(invitation, answers, language=language, now=now)


def _submit_invitation(
    invitation: Invitation, answers: Mapping[Any, Any], *, language: str, now: dt.datetime
) -> Response:
    campaign = invitation.campaign
    known = {SCREENING_KEY: SCREENING_USER_ANSWER} if invitation.service_use_known else None
    parsed = validate_answers(campaign, answers, known=known)
    response = _store(
        campaign=campaign,
        parsed=parsed,
        organisation=invitation.organisation,
        role=invitation.role,
        submitted_at=now,
        language=language,
        source=Source.ELECTRONIC,
        respondent=invitation.person,
        entered_by=None,
        service_use_known=invitation.service_use_known,
    )
    invitation.used_at = _day_only(now) if campaign.anonymous else now
    invitation.save(update_fields=["used_at"])
    return response


@transaction.atomic
def paper_response_enter(
    *,
    campaign: Campaign,
    organisation: Organisation,
    role: str,
    answers: Mapping[Any, Any],
    entered_by: User,
    submitted_on: dt.date | None = None,
    language: str = "en",
) -> Response:
    """Type in a questionnaire answered on paper; it is marked as paper and by whom it was entered."""
    if campaign.status == CampaignStatus.DRAFT:
        raise ValidationError(_("The campaign has not started."))
    if not campaign.clients.filter(pk=organisation.pk).exists():
        raise ValidationError(
            {"organisation": _("The company is not in this campaign's audience.")}
        )
    if role not in campaign.roles:
        raise ValidationError({"role": _("This role was not invited.")})
    if submitted_on is not None:
        zone = zoneinfo.ZoneInfo(organisation.time_zone)
        submitted_at = dt.datetime.combine(submitted_on, dt.time(12), tzinfo=zone)
    else:
        submitted_at = timezone.now()
    if (
        not campaign.opens_at - dt.timedelta(days=1)
        <= submitted_at
        <= campaign.closes_at + dt.timedelta(days=1)
    ):
        raise ValidationError(
            {"submitted_on": _("The date is outside the campaign's response window.")}
        )
    parsed = validate_answers(campaign, answers)
    return _store(
        campaign=campaign,
        parsed=parsed,
        organisation=organisation,
        role=role,
        submitted_at=submitted_at,
        language=language,
        source=Source.PAPER,
        respondent=None,
        entered_by=entered_by,
    )


@transaction.atomic
def tallies_rebuild(*, campaign: Campaign) -> int:
    """Recount the rating tallies of a campaign from its answers (after a bulk load)."""
    RatingTally.objects.filter(campaign=campaign).delete()
    rows = (
        Answer.objects.filter(
            response__campaign=campaign, question__kind__in=SCALED, value_int__isnull=False
        )
        .values("question_id", "response__organisation_id", "response__month", "value_int")
        .annotate(n=Coalesce(Count("pk"), 0))
        .order_by()
    )
    tallies = [
        RatingTally(
            campaign=campaign,
            question_id=row["question_id"],
            organisation_id=row["response__organisation_id"],
            month=row["response__month"],
            point=row["value_int"],
            count=row["n"],
        )
        for row in rows
    ]
    RatingTally.objects.bulk_create(tallies, batch_size=2000)
    return len(tallies)
