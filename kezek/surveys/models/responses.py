"""Responses, their answers, the staff they name, and the rating tallies the results read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kezek.surveys.choices import Source
from kezek.surveys.models.campaigns import Campaign
from kezek.surveys.models.questionnaires import Question, QuestionnaireVersion


class Response(models.Model):
    """One filled-in questionnaire. ``respondent`` is empty in anonymous campaigns.

    In anonymous campaigns ``submitted_at`` is kept to the month only, so that it
    cannot be matched with the day an invitation was used.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="responses"
    )
    version = models.ForeignKey(
        QuestionnaireVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("client company"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    role = models.CharField(_("role"), max_length=20, blank=True)
    submitted_at = models.DateTimeField(_("submitted"))
    month = models.DateField(_("month"))
    language = models.CharField(_("language"), max_length=10, default="en")
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.ELECTRONIC
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_service_user = models.BooleanField(_("uses the service"), null=True)
    service_use_known = models.BooleanField(
        _("use known from the service desk"),
        default=False,
        help_text=_("The screening answer came from service-desk records, not from the person."),
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["campaign", "organisation", "month"])]

    def __str__(self) -> str:
        return f"{self.campaign} #{self.pk}"


class Answer(models.Model):
    """The answer to one question: a number (ratings, yes/no), a text, or a list/mapping."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )
    value_int = models.SmallIntegerField(_("number"), null=True, blank=True)
    value_text = models.TextField(_("text"), blank=True)
    value_json = models.JSONField(_("choices"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="surveys_answer_unique_question"
            )
        ]
        indexes = [models.Index(fields=["question", "value_int"])]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value_int if self.value_int is not None else ''}"


class ResponseAgent(models.Model):
    """A member of SSC staff the respondent says was involved."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="agents"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("staff named")
        verbose_name_plural = _("staff named")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "agent"], name="surveys_response_agent_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.response_id} · {self.agent_id}"


class RatingTally(models.Model):
    """How many answers gave ``point`` to a question, per client company and month.

    Kept up to date as responses arrive; the results pages read these counts, so
    they cost the same for a hundred responses or a million.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="tallies"
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
    month = models.DateField(_("month"))
    point = models.SmallIntegerField(_("point"))
    count = models.PositiveIntegerField(_("answers"), default=0)

    class Meta:
        verbose_name = _("rating tally")
        verbose_name_plural = _("rating tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "question", "organisation", "month", "point"],
                name="surveys_tally_unique_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id} {self.month} {self.point}: {self.count}"
