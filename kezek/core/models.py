"""Cross-cutting records with no domain of their own: background job progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kezek.core.choices import JobStatus


class Job(models.Model):
    """A background job as the person who started it sees it: state, progress, outcome."""

    name = models.CharField(_("name"), max_length=200)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.FloatField(_("progress"), default=0.0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    result_url = models.CharField(_("result"), max_length=500, blank=True)
    report = models.TextField(
        _("report"),
        blank=True,
        help_text=_("Details for the person, e.g. every bad row of a file."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_("The interface language of the person who started it, for its messages."),
    )
    started_from = models.CharField(
        _("started from"),
        max_length=500,
        blank=True,
        help_text=_("The page the job was started from, to try again from after a failure."),
    )
    files = models.JSONField(
        _("files"),
        default=list,
        blank=True,
        help_text=_("Names in the file storage of the files the job owns, deleted when it ends."),
    )
    task_result_id = models.CharField(
        _("task result"),
        max_length=64,
        blank=True,
        help_text=_("The id of its django-tasks result, failed with it if its worker stops."),
    )
    heartbeat_at = models.DateTimeField(
        _("last heartbeat"),
        null=True,
        blank=True,
        help_text=_("When its worker last said it was still running it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["started_by", "-created_at"]),
            models.Index(fields=["status", "heartbeat_at"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def percent(self) -> int:
        return round(100 * self.progress)

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}
