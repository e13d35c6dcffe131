"""Knowledge base: articles per language with versions, feedback and deflection counts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kezek.accounts.models import Organisation
from kezek.servicedesk.choices import Audience, SuggestionEventKind
from kezek.servicedesk.models.translated import translated


class KbCategory(models.Model):
    """A heading of the FAQ."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        verbose_name = _("knowledge-base category")
        verbose_name_plural = _("knowledge-base categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return translated(self, "name")


class Article(models.Model):
    """An FAQ article in one language; translations of one article share ``key``."""

    key = models.SlugField(_("key"), max_length=80)
    language = models.CharField(
        _("language"), max_length=10, help_text=_("A language code: en, ru, kk, bg, zh-hans.")
    )
    category = models.ForeignKey(
        KbCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    version = models.PositiveIntegerField(_("version"), default=1)
    is_published = models.BooleanField(_("published"), default=True)
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.EVERYONE
    )
    clients = models.ManyToManyField(
        Organisation,
        verbose_name=_("visible to"),
        blank=True,
        related_name="+",
        help_text=_("Client companies that see the article; none means all."),
    )
    helpful_count = models.PositiveIntegerField(_("helpful"), default=0)
    not_helpful_count = models.PositiveIntegerField(_("not helpful"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["category__order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="sd_article_unique_language")
        ]
        indexes = [models.Index(fields=["language", "is_published"], name="sd_article_lang_idx")]

    def __str__(self) -> str:
        return self.title


class ArticleVersion(models.Model):
    """The text of an article as it was at one version."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["article", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["article", "version"], name="sd_article_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.version}"


class ArticleFeedback(models.Model):
    """Whether an article helped one reader."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="feedback"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("article feedback")
        verbose_name_plural = _("article feedback")
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="sd_feedback_once")]

    def __str__(self) -> str:
        return f"{self.article_id} · {self.helpful}"


class SuggestionEvent(models.Model):
    """An article suggested while someone typed a request: shown, opened, or it solved it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="suggestions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SuggestionEventKind.choices)
    query = models.CharField(_("typed text"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("suggestion event")
        verbose_name_plural = _("suggestion events")
        indexes = [models.Index(fields=["kind", "created_at"], name="sd_suggest_kind_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} · {self.kind}"
