"""Queues: the unit of traffic that is forecast, staffed and scheduled."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kezek.accounts.models import Organisation, validate_time_zone
from kezek.core.versions import Versioned

INTERVAL_CHOICES = [(5, "5"), (15, "15"), (30, "30"), (60, "60")]


class Queue(Versioned):
    """A stream of contacts with its own service targets, optionally served by one vendor.

    The owner plans every queue; the vendor that serves it sees its published
    requirements and schedules, and nothing of other vendors' queues.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="queues",
    )
    vendor = models.ForeignKey(
        Organisation,
        verbose_name=_("vendor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="served_queues",
        limit_choices_to={"kind": "vendor"},
    )
    name = models.CharField(_("name"), max_length=200)
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    interval_minutes = models.PositiveSmallIntegerField(
        _("interval (minutes)"), choices=INTERVAL_CHOICES, default=30
    )
    target_service_level = models.FloatField(
        _("target service level"),
        default=0.8,
        validators=[MinValueValidator(0.0), MaxValueValidator(0.999)],
    )
    target_answer_seconds = models.PositiveIntegerField(_("answer within (seconds)"), default=20)
    max_occupancy = models.FloatField(
        _("maximum occupancy"),
        default=0.85,
        validators=[MinValueValidator(0.01), MaxValueValidator(1.0)],
    )
    shrinkage = models.FloatField(
        _("shrinkage"), default=0.3, validators=[MinValueValidator(0.0), MaxValueValidator(0.95)]
    )
    patience_seconds = models.PositiveIntegerField(
        _("average patience (seconds)"),
        null=True,
        blank=True,
        help_text=_("Set it to plan with abandonment (Erlang A); leave empty for Erlang C."),
    )
    handle_time_seconds = models.PositiveIntegerField(
        _("average handle time (seconds)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Planned for every interval when the history has no handle times (a file of "
            "calls only); a history with handle times forecasts its own."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("queue")
        verbose_name_plural = _("queues")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="queue_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
