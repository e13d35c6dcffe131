"""Traffic history per interval, imported from the phone system's files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kezek.wfm.models.queues import Queue


class HistoryImport(models.Model):
    """One imported file: who loaded what, when, and how many intervals it held."""

    queue = models.ForeignKey(
        Queue, verbose_name=_("queue"), on_delete=models.CASCADE, related_name="imports"
    )
    file_name = models.CharField(_("file"), max_length=255)
    file_format = models.CharField(_("format"), max_length=20)
    intervals = models.PositiveIntegerField(_("intervals"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("history import")
        verbose_name_plural = _("history imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.file_name


class HistoryInterval(models.Model):
    """What happened in one interval of one queue (``starts_at`` in UTC)."""

    queue = models.ForeignKey(
        Queue, verbose_name=_("queue"), on_delete=models.CASCADE, related_name="history_intervals"
    )
    source = models.ForeignKey(
        HistoryImport, verbose_name=_("import"), on_delete=models.CASCADE, related_name="rows"
    )
    starts_at = models.DateTimeField(_("interval start"))
    calls = models.PositiveIntegerField(_("calls"))
    handled = models.PositiveIntegerField(_("handled"), null=True, blank=True)
    abandoned = models.PositiveIntegerField(_("abandoned"), null=True, blank=True)
    aht_seconds = models.FloatField(_("average handle time (s)"), null=True, blank=True)
    asa_seconds = models.FloatField(_("average speed of answer (s)"), null=True, blank=True)
    service_level = models.FloatField(_("service level"), null=True, blank=True)
    patience_seconds = models.FloatField(_("estimated patience (s)"), null=True, blank=True)

    class Meta:
        verbose_name = _("history interval")
        verbose_name_plural = _("history intervals")
        ordering = ["queue", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["queue", "starts_at"], name="history_unique_interval")
        ]

    def __str__(self) -> str:
        return f"{self.queue} {self.starts_at:%Y-%m-%d %H:%M}"
