"""Forecasts of calls and handle time per interval, with planners' overrides."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kezek.wfm.choices import ForecastMethod
from kezek.wfm.models.queues import Queue


class Forecast(models.Model):
    """A forecast of one queue from ``origin`` for ``horizon_days`` days."""

    queue = models.ForeignKey(
        Queue, verbose_name=_("queue"), on_delete=models.CASCADE, related_name="forecasts"
    )
    origin = models.DateField(_("first day"))
    horizon_days = models.PositiveSmallIntegerField(_("days"))
    method = models.CharField(_("method"), max_length=100, choices=ForecastMethod.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["queue", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.queue} {self.origin:%Y-%m-%d} +{self.horizon_days}"


class ForecastInterval(models.Model):
    """One forecast interval; ``calls`` is the planner's figure (override or model mean)."""

    forecast = models.ForeignKey(
        Forecast, verbose_name=_("forecast"), on_delete=models.CASCADE, related_name="intervals"
    )
    starts_at = models.DateTimeField(_("interval start"))
    calls = models.FloatField(_("calls"))
    model_calls = models.FloatField(_("forecast calls"))
    lower_80 = models.FloatField(_("lower 80%"))
    upper_80 = models.FloatField(_("upper 80%"))
    lower_95 = models.FloatField(_("lower 95%"))
    upper_95 = models.FloatField(_("upper 95%"))
    aht_seconds = models.FloatField(_("average handle time (s)"))

    class Meta:
        verbose_name = _("forecast interval")
        verbose_name_plural = _("forecast intervals")
        ordering = ["forecast", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["forecast", "starts_at"], name="forecast_unique_interval"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class ForecastOverride(models.Model):
    """A planner's change to one interval, kept with its reason."""

    interval = models.ForeignKey(
        ForecastInterval,
        verbose_name=_("interval"),
        on_delete=models.CASCADE,
        related_name="overrides",
    )
    previous_calls = models.FloatField(_("previous calls"))
    calls = models.FloatField(_("calls"))
    reason = models.CharField(_("reason"), max_length=500)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("forecast override")
        verbose_name_plural = _("forecast overrides")
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return self.reason


class SpecialDay(models.Model):
    """A day that is not like the others: closed, reduced, or a campaign with an uplift.

    The forecast leaves special days out of what it learns from the history and
    multiplies its forecast of a special day by ``factor`` (0 closed, 0.5 half a
    day's calls, 1.3 thirty per cent more).
    """

    queue = models.ForeignKey(
        Queue, verbose_name=_("queue"), on_delete=models.CASCADE, related_name="special_days"
    )
    day = models.DateField(_("day"))
    factor = models.FloatField(_("factor"), validators=[MinValueValidator(0.0)])
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("special day")
        verbose_name_plural = _("special days")
        ordering = ["queue", "day"]
        constraints = [
            models.UniqueConstraint(fields=["queue", "day"], name="special_day_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.reason}"
