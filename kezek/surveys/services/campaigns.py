"""Campaigns: audiences, one-time invitations, reminders and the transactional survey."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kezek.accounts.models import Organisation, User
from kezek.core.mail import Mail, mail_enqueue
from kezek.core.versions import claim_version
from kezek.servicedesk.models import Request
from kezek.servicedesk.selectors import service_user_ids
from kezek.surveys.choices import (
    SCREENING_WINDOW_DAYS,
    CampaignKind,
    CampaignStatus,
    ServiceUse,
    VersionStatus,
)
from kezek.surveys.models import Campaign, Invitation, QuestionnaireVersion, localized

AUDIENCE_ROLES = ("employee", "manager")
TRANSACTIONAL_LINK_DAYS = 14  # a survey about one request is answered soon or never


@dataclass(frozen=True, slots=True)
class SurveyOffer:
    """An invitation just made, with its token (shown once: only its hash is stored)."""

    invitation: Invitation
    token: str
    url: str


def absolute_url(path: str) -> str:
    """``path`` prefixed with ``KEZEK_BASE_URL`` when the deployment sets it."""
    return str(getattr(settings, "KEZEK_BASE_URL", "")).rstrip("/") + path


def answer_url(token: str) -> str:
    return absolute_url(reverse("surveys:answer", args=[token]))


@transaction.atomic
def campaign_create(
    *,
    name: str,
    version: QuestionnaireVersion,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    clients: Iterable[Organisation],
    roles: Sequence[str],
    anonymous: bool = True,
    kind: str = CampaignKind.PERIODIC,
    created_by: User | None = None,
    min_group_size: int = 5,
    target_margin: float = 0.05,
    csat_standard: float = 0.8,
    throttle_days: int = 30,
    service_use: str = ServiceUse.EVERYONE,
    service_codes: Sequence[str] = (),
    service_used_from: dt.datetime | None = None,
    service_used_until: dt.datetime | None = None,
) -> Campaign:
    """Plan a campaign of a published questionnaire version for client companies and roles.

    ``service_use`` narrows the audience to people who sent a request to the
    service desk between ``service_used_from`` and ``service_used_until``: of
    any service (``"any"``) or of the services whose codes are given
    (``"chosen"``). Transactional campaigns follow real use already and take none.
    """
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError({"version": _("Only a published questionnaire can be sent.")})
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The survey must close after it opens.")})
    clients = list(clients)
    if not clients or any(client.kind != "client" for client in clients):
        raise ValidationError({"clients": _("Choose one or more client companies.")})
    bad_roles = [role for role in roles if role not in AUDIENCE_ROLES]
    if not roles or bad_roles:
        raise ValidationError({"roles": _("Invite employees, managers or both.")})
    service_codes = _check_service_use(
        kind, service_use, service_codes, service_used_from, service_used_until
    )
    campaign = Campaign(
        name=name,
        version=version,
        kind=kind,
        anonymous=anonymous,
        opens_at=opens_at,
        closes_at=closes_at,
        roles=list(roles),
        created_by=created_by,
        min_group_size=min_group_size,
        target_margin=target_margin,
        csat_standard=csat_standard,
        throttle_days=throttle_days,
        service_use=service_use,
        service_codes=service_codes,
        service_used_from=service_used_from if service_use else None,
        service_used_until=service_used_until if service_use else None,
    )
    campaign.full_clean()
    campaign.save()
    campaign.clients.set(clients)
    return campaign


def _check_service_use(
    kind: str,
    service_use: str,
    service_codes: Sequence[str],
    used_from: dt.datetime | None,
    used_until: dt.datetime | None,
) -> list[str]:
    """The service codes to keep; a ValidationError naming the field when the choice is incomplete."""
    if service_use not in ServiceUse.values:
        raise ValidationError({"service_use": _("Choose who is invited by service use.")})
    if not service_use:
        return []
    if kind != CampaignKind.PERIODIC:
        raise ValidationError(
            {"service_use": _("Transactional campaigns already follow each resolved request.")}
        )
    codes = sorted({str(code).strip() for code in service_codes if str(code).strip()})
    if service_use == ServiceUse.CHOSEN and not codes:
        raise ValidationError({"service_codes": _("Choose one or more services.")})
    if used_from is None or used_until is None:
        raise ValidationError(
            {"service_used_from": _("Give the period in which the services were used.")}
        )
    if used_until <= used_from:
        raise ValidationError(
            {"service_used_until": _("The period of use must end after it starts.")}
        )
    return codes if service_use == ServiceUse.CHOSEN else []


def _set_status(campaign: Campaign, status: str) -> Campaign:
    claim_version(campaign, expected=None)  # an admin page opened before is now stale
    campaign.status = status
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_open(*, campaign: Campaign) -> Campaign:
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("A closed campaign cannot be opened again."))
    return _set_status(campaign, CampaignStatus.OPEN)


@transaction.atomic
def campaign_close(*, campaign: Campaign) -> Campaign:
    return _set_status(campaign, CampaignStatus.CLOSED)


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(24)
    return token, Invitation.hash_token(token)


def _role_of(person: User, roles: Sequence[str]) -> str | None:
    held = set(person.memberships.values_list("role", flat=True))
    return next((role for role in roles if role in held), None)


@transaction.atomic
def invitation_create(
    *,
    campaign: Campaign,
    person: User,
    reason_label: str = "",
    expires_at: dt.datetime | None = None,
    role: str | None = None,
    service_use_known: bool = False,
) -> SurveyOffer:
    """Make a one-time link for ``person``; returns the token, which is never stored.

    ``service_use_known``: the service desk shows this person's use within the
    screening question's window, so the question is answered for them.
    """
    if (
        person.organisation_id is None
        or not campaign.clients.filter(pk=person.organisation_id).exists()
    ):
        raise ValidationError(
            _("%(person)s is not in this campaign's audience."), params={"person": person}
        )
    role = role or _role_of(person, campaign.roles)
    if role is None:
        raise ValidationError(
            _("%(person)s holds none of the roles invited."), params={"person": person}
        )
    token, token_hash = _new_token()
    invitation = Invitation(
        campaign=campaign,
        person=person,
        organisation_id=person.organisation_id,
        role=role,
        token_hash=token_hash,
        reason_label=reason_label[:200],
        expires_at=expires_at or campaign.closes_at,
        service_use_known=service_use_known,
    )
    invitation.full_clean()
    invitation.save()
    return SurveyOffer(invitation=invitation, token=token, url=answer_url(token))


def _invitation_mails(offers: Iterable[SurveyOffer], *, reminder: bool = False) -> list[Mail]:
    """The invitation (or reminder) of each offer whose person has an address."""
    mails = []
    for offer in offers:
        invitation = offer.invitation
        person = invitation.person
        if not person.email:
            continue
        title = localized(invitation.campaign.version.title, person.preferred_language or None)
        subject = _("Reminder: %(title)s") if reminder else _("Your opinion please: %(title)s")
        body = _(
            "Please tell us how the Shared Service Centre served you. The link works once:\n"
            "%(url)s\n%(reason)s"
        ) % {"url": offer.url, "reason": invitation.reason_label}
        mails.append(Mail(subject=subject % {"title": title}, body=body, to=person.email))
    return mails


def audience_query(campaign: Campaign) -> QuerySet[User]:
    """Active people of the campaign's client companies holding an invited role and, when
    the campaign asks for it, who used the service desk in the period."""
    people = User.objects.filter(
        is_active=True,
        organisation__in=campaign.clients.all(),
        memberships__role__in=campaign.roles,
    )
    if campaign.service_use and campaign.service_used_from and campaign.service_used_until:
        people = people.filter(
            pk__in=service_user_ids(
                organisation_ids=campaign.clients.values_list("pk", flat=True),
                since=campaign.service_used_from,
                until=campaign.service_used_until,
                service_codes=campaign.service_codes
                if campaign.service_use == ServiceUse.CHOSEN
                else (),
            )
        )
    return people.distinct()


def audience_for(campaign: Campaign) -> list[User]:
    """The audience in full (see ``audience_query``), in a stable order."""
    return list(audience_query(campaign).select_related("organisation").order_by("pk"))


@dataclass(frozen=True, slots=True)
class AudienceSize:
    """How many people a campaign reaches, and how many of them are not invited yet."""

    people: int
    not_invited: int


def audience_size(campaign: Campaign) -> AudienceSize:
    """The audience's size before (or after) invitations go out: two counting queries."""
    people = audience_query(campaign)
    invited = campaign.invitations.values("person_id")
    return AudienceSize(people=people.count(), not_invited=people.exclude(pk__in=invited).count())


def _known_users(campaign: Campaign, person_ids: Sequence[int], now: dt.datetime) -> set[int]:
    """Of ``person_ids``, those the service desk shows using any service within the
    screening question's window; only for campaigns whose audience is by service use."""
    if not campaign.service_use or not person_ids:
        return set()
    recent = service_user_ids(
        organisation_ids=campaign.clients.values_list("pk", flat=True),
        since=now - dt.timedelta(days=SCREENING_WINDOW_DAYS),
        until=now,
    )
    return set(
        User.objects.filter(pk__in=person_ids).filter(pk__in=recent).values_list("pk", flat=True)
    )


@transaction.atomic
def campaign_invite(*, campaign: Campaign, send: bool = True) -> int:
    """Invite everyone in the audience not yet invited; opens the campaign. Returns the count."""
    if campaign.kind != CampaignKind.PERIODIC:
        raise ValidationError(_("Transactional campaigns invite people after their requests."))
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("The campaign is closed."))
    invited = set(campaign.invitations.values_list("person_id", flat=True))
    now = timezone.now()
    people = [person for person in audience_for(campaign) if person.pk not in invited]
    known = _known_users(campaign, [person.pk for person in people], now)
    offers = [
        invitation_create(campaign=campaign, person=person, service_use_known=person.pk in known)
        for person in people
    ]
    if send:
        mail_enqueue(_invitation_mails(offers))
    Invitation.objects.filter(pk__in=[offer.invitation.pk for offer in offers]).update(sent_at=now)
    if campaign.status == CampaignStatus.DRAFT:
        campaign_open(campaign=campaign)
    return len(offers)


@transaction.atomic
def campaign_send_reminders(*, campaign: Campaign, now: dt.datetime | None = None) -> int:
    """Remind people who have not answered, at most ``max_reminders`` times, ``reminder_interval_days`` apart.

    Only the token's hash is stored, so a reminder carries a fresh link and the
    earlier one stops working.
    """
    now = now or timezone.now()
    if campaign.status != CampaignStatus.OPEN or now >= campaign.closes_at:
        return 0
    due_before = now - dt.timedelta(days=campaign.reminder_interval_days)
    pending = (
        campaign.invitations.select_for_update()
        .filter(used_at__isnull=True, expires_at__gt=now, reminders_sent__lt=campaign.max_reminders)
        .filter(
            Q(last_reminded_at__lt=due_before)
            | Q(last_reminded_at__isnull=True, created_at__lt=due_before)
        )
        .select_related("person", "campaign__version")
    )
    offers = []
    for invitation in pending:
        token, token_hash = _new_token()
        invitation.token_hash = token_hash
        invitation.last_reminded_at = now
        invitation.reminders_sent += 1
        invitation.save(update_fields=["token_hash", "last_reminded_at", "reminders_sent"])
        offers.append(SurveyOffer(invitation, token, answer_url(token)))
    mail_enqueue(_invitation_mails(offers, reminder=True))
    return len(offers)


def _transactional_campaign(person: User, now: dt.datetime) -> Campaign | None:
    if person.organisation_id is None:
        return None
    roles = list(person.memberships.values_list("role", flat=True))
    for campaign in Campaign.objects.filter(
        kind=CampaignKind.TRANSACTIONAL,
        status=CampaignStatus.OPEN,
        opens_at__lte=now,
        closes_at__gt=now,
        clients__id=person.organisation_id,
    ).order_by("-opens_at"):
        if any(role in campaign.roles for role in roles):
            return campaign
    return None


@transaction.atomic
def transactional_survey_offer(
    *,
    person: User,
    reason_object_label: str,
    now: dt.datetime | None = None,
    send: bool = True,
    campaign: Campaign | None = None,
) -> SurveyOffer | None:
    """Offer ``person`` the short survey after a resolved request, unless asked recently.

    The desk's ``request_resolved`` signal brings it (``survey_offer_on_resolution``). The
    person is invited to the open transactional campaign of their company and role, at
    most once per the campaign's ``throttle_days`` across all transactional
    campaigns. Returns ``None`` when no campaign applies or the person was
    asked within that period.

    ``reason_object_label`` names the request ("REQ-123 Certificate of
    employment"); it appears in the email and on the invitation.
    """
    now = now or timezone.now()
    campaign = campaign or _transactional_campaign(person, now)
    if campaign is None:
        return None
    # Lock the person's row: two requests resolved at once must not both pass the throttle.
    User.objects.select_for_update().filter(pk=person.pk).first()
    since = now - dt.timedelta(days=campaign.throttle_days)
    if Invitation.objects.filter(
        person=person, campaign__kind=CampaignKind.TRANSACTIONAL, created_at__gt=since
    ).exists():
        return None
    offer = invitation_create(
        campaign=campaign,
        person=person,
        reason_label=reason_object_label,
        expires_at=min(campaign.closes_at, now + dt.timedelta(days=TRANSACTIONAL_LINK_DAYS)),
        service_use_known=True,  # the request just resolved is use of the SSC
    )
    if send:
        mail_enqueue(_invitation_mails([offer]))
        Invitation.objects.filter(pk=offer.invitation.pk).update(sent_at=now)
    return offer


def survey_offer_on_resolution(
    sender: type[Request], *, request: Request, label: str, now: dt.datetime, **kwargs: object
) -> SurveyOffer | None:
    """Receiver of the desk's ``request_resolved``: its requester may get the short survey."""
    return transactional_survey_offer(person=request.requester, reason_object_label=label, now=now)
