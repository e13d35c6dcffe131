"""Campaigns (who is asked, when, anonymously or not) and their one-time invitations."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kezek.core.versions import Versioned
from kezek.surveys.choices import CampaignKind, CampaignStatus, ServiceUse
from kezek.surveys.models.questionnaires import QuestionnaireVersion


class Campaign(Versioned):
    """One run of a published questionnaire for an audience, within a response window."""

    name = models.CharField(_("name"), max_length=200)
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("questionnaire version"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=CampaignKind.choices, default=CampaignKind.PERIODIC
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Answers are never linked to the person: not in pages, API or exports."),
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    clients = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("client companies"),
        related_name="survey_campaigns",
        limit_choices_to={"kind": "client"},
    )
    roles = models.JSONField(_("roles invited"), default=list)
    service_use = models.CharField(
        _("service use"),
        max_length=16,
        choices=ServiceUse.choices,
        default=ServiceUse.EVERYONE,
        blank=True,
        help_text=_("Invite only people who used the service desk in the period."),
    )
    service_codes = models.JSONField(
        _("services used"),
        default=list,
        blank=True,
        help_text=_("Codes of the service-desk services; used with 'one of the chosen services'."),
    )
    service_used_from = models.DateTimeField(_("used from"), null=True, blank=True)
    service_used_until = models.DateTimeField(_("used until"), null=True, blank=True)
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group reported"), default=5, validators=[MinValueValidator(2)]
    )
    target_margin = models.FloatField(
        _("wanted margin of error"),
        default=0.05,
        validators=[MinValueValidator(0.005), MaxValueValidator(0.5)],
    )
    csat_standard = models.FloatField(
        _("expected CSAT of staff"),
        default=0.8,
        validators=[MinValueValidator(0.01), MaxValueValidator(0.99)],
    )
    reminder_interval_days = models.PositiveSmallIntegerField(
        _("days between reminders"), default=7
    )
    max_reminders = models.PositiveSmallIntegerField(_("reminders at most"), default=2)
    throttle_days = models.PositiveSmallIntegerField(
        _("days between surveys of one person"),
        default=30,
        help_text=_("Transactional campaigns: at most one invitation per person in this period."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[clients])

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-opens_at", "name"]
        indexes = [models.Index(fields=["status", "kind", "opens_at"])]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """A one-time link sent to one person. Only the SHA-256 of the token is stored.

    In an anonymous campaign nothing links an invitation to the response it led to.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("client company"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=20)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    reason_label = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    used_at = models.DateTimeField(_("answered"), null=True, blank=True)
    service_use_known = models.BooleanField(
        _("use known from the service desk"),
        default=False,
        help_text=_(
            "The service desk shows a request of this person within the screening question's "
            "window: the question is answered 'yes' for them and not asked."
        ),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["campaign", "used_at"]),
            models.Index(fields=["person", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.person_id}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
