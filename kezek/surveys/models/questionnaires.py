"""Questionnaires as versioned data: a published version never changes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kezek.core.versions import Versioned
from kezek.surveys.choices import (
    Audience,
    Dimension,
    Group,
    QuestionKind,
    Scoring,
    VersionStatus,
)


def localized(texts: dict[str, str] | None, language: str | None = None) -> str:
    """The text in ``language`` (default: the active one), else its base language, else English."""
    if not texts:
        return ""
    language = (language or get_language() or "en").lower()
    for candidate in (language, language.split("-")[0], "en"):
        if texts.get(candidate):
            return texts[candidate]
    return next(iter(texts.values()), "")


class Questionnaire(models.Model):
    """A questionnaire family (e.g. the employee questionnaire); its content lives in versions."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class QuestionnaireVersion(models.Model):
    """One version of a questionnaire. Drafts are edited; a published version is frozen."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    title = models.JSONField(_("title (translations)"), default=dict)
    intro = models.JSONField(_("introduction (translations)"), default=dict, blank=True)
    closing = models.JSONField(_("closing phrase (translations)"), default=dict)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["questionnaire__key", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="surveys_version_unique_number"
            )
        ]
        indexes = [models.Index(fields=["status", "questionnaire"])]

    def __str__(self) -> str:
        return f"{localized(self.title)} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status != VersionStatus.DRAFT


class Section(models.Model):
    """A titled part of a version, shown only when its condition holds."""

    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    key = models.SlugField(_("key"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.JSONField(_("title (translations)"), default=dict)
    help = models.JSONField(_("help (translations)"), default=dict, blank=True)
    condition = models.JSONField(_("condition"), default=dict, blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="surveys_section_unique_key")
        ]

    def __str__(self) -> str:
        return localized(self.title) or self.key


class Question(Versioned):
    """One question with its texts, scale, labelled points, options and scoring rule."""

    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField(_("key"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind.choices)
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    dimension = models.CharField(
        _("dimension"), max_length=24, choices=Dimension.choices, blank=True, default=""
    )
    required = models.BooleanField(_("required"), default=False)
    text = models.JSONField(_("text (translations)"), default=dict)
    help = models.JSONField(_("help (translations)"), default=dict, blank=True)
    scale_min = models.SmallIntegerField(_("lowest point"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("highest point"), null=True, blank=True)
    scale_labels = models.JSONField(_("labelled points"), default=dict, blank=True)
    options = models.JSONField(_("options"), default=list, blank=True)
    scoring = models.CharField(
        _("scoring rule"), max_length=16, choices=Scoring.choices, default=Scoring.NONE
    )
    top_boxes = models.PositiveSmallIntegerField(_("top boxes counted"), default=2)
    condition = models.JSONField(_("condition"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "section__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="surveys_question_unique_key")
        ]
        indexes = [models.Index(fields=["version", "dimension"])]

    def __str__(self) -> str:
        return self.key

    def points(self, language: str | None = None) -> list[tuple[int, str]]:
        """The scale points with their labels (empty label where none is given)."""
        if self.scale_min is None or self.scale_max is None:
            return []
        labels: dict[str, Any] = self.scale_labels or {}
        return [
            (point, localized(labels.get(str(point)), language))
            for point in range(self.scale_min, self.scale_max + 1)
        ]

    def option_values(self) -> list[str]:
        return [str(option["value"]) for option in self.options]

    def option_label(self, value: str, language: str | None = None) -> str:
        for option in self.options:
            if str(option["value"]) == value:
                return localized(option.get("label"), language)
        return value
