"""The feedback programme: triaged feedback, themes, clarifications, actions, the report."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kezek.core.versions import Versioned
from kezek.surveys.choices import ActionStatus, TriageStatus
from kezek.surveys.models.campaigns import Campaign
from kezek.surveys.models.questionnaires import Question
from kezek.surveys.models.responses import Response


class Theme(models.Model):
    """Several pieces of feedback that say the same thing, triaged together."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="themes"
    )
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=24, choices=TriageStatus.choices, default=TriageStatus.NEW
    )
    explanation = models.TextField(_("explanation to participants"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["campaign", "name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="surveys_theme_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Feedback(Versioned):
    """One free-text comment from a response, with its triage status."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="feedback"
    )
    response = models.ForeignKey(
        Response,
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("client company"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=24, choices=TriageStatus.choices, default=TriageStatus.NEW
    )
    explanation = models.TextField(_("explanation to participants"), blank=True)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("triaged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    triaged_at = models.DateTimeField(_("triaged"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["campaign", "-created_at", "-pk"]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self) -> str:
        return self.text[:60]


class Clarification(models.Model):
    """One step of the clarifying conversation about a piece of feedback."""

    feedback = models.ForeignKey(
        Feedback,
        verbose_name=_("feedback"),
        on_delete=models.CASCADE,
        related_name="clarifications",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("clarification")
        verbose_name_plural = _("clarifications")
        ordering = ["feedback", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Action(Versioned):
    """A corrective action of the programme, made from accepted feedback."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), default=0, validators=[MaxValueValidator(100)]
    )
    feedback = models.ManyToManyField(
        Feedback, verbose_name=_("feedback"), related_name="actions", blank=True
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    overdue_alerted_on = models.DateField(_("overdue alert sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.title


class ParticipantReport(Versioned):
    """ "What you told us, what we do": published to the participants in the portal and by email."""

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="report"
    )
    summary = models.TextField(_("summary"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    emailed = models.PositiveIntegerField(_("emails sent"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participants' report")
        verbose_name_plural = _("participants' reports")

    def __str__(self) -> str:
        return str(self.campaign)
