"""Staffing plans: the agents each interval needs, published for the vendor to roster."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kezek.wfm.choices import QueueingModel
from kezek.wfm.models.forecasts import Forecast


class StaffingPlan(models.Model):
    """Agents per interval computed from a forecast with the queue's targets at publication."""

    forecast = models.ForeignKey(
        Forecast, verbose_name=_("forecast"), on_delete=models.CASCADE, related_name="plans"
    )
    is_current = models.BooleanField(_("current"), default=True)
    model = models.CharField(_("queueing model"), max_length=20, choices=QueueingModel.choices)
    target_service_level = models.FloatField(_("target service level"))
    target_answer_seconds = models.PositiveIntegerField(_("answer within (seconds)"))
    max_occupancy = models.FloatField(_("maximum occupancy"))
    shrinkage = models.FloatField(_("shrinkage"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), on_delete=models.PROTECT
    )
    published_at = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        verbose_name = _("staffing plan")
        verbose_name_plural = _("staffing plans")
        ordering = ["-published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["forecast"],
                condition=models.Q(is_current=True),
                name="staffing_plan_one_current_per_forecast",
            )
        ]

    def __str__(self) -> str:
        return f"{self.forecast} ({self.published_at:%Y-%m-%d %H:%M})"


class StaffingRequirement(models.Model):
    """Agents needed in one interval of a plan."""

    plan = models.ForeignKey(
        StaffingPlan,
        verbose_name=_("staffing plan"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    starts_at = models.DateTimeField(_("interval start"))
    calls = models.FloatField(_("calls"))
    aht_seconds = models.FloatField(_("average handle time (s)"))
    agents = models.PositiveIntegerField(_("agents"))
    scheduled_agents = models.PositiveIntegerField(_("scheduled agents"))
    service_level = models.FloatField(_("service level"))
    asa_seconds = models.FloatField(_("average speed of answer (s)"), null=True)
    occupancy = models.FloatField(_("occupancy"))

    class Meta:
        verbose_name = _("staffing requirement")
        verbose_name_plural = _("staffing requirements")
        ordering = ["plan", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "starts_at"], name="requirement_unique_interval"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}: {self.agents}"
