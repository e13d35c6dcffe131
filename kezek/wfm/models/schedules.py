"""Shift templates and the schedules built from a staffing plan."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kezek.accounts.models import Organisation
from kezek.core.models import Job
from kezek.core.spreadsheets import FORMULA_STARTS
from kezek.core.versions import Versioned
from kezek.engine.scheduling.shifts import MINUTES_PER_DAY
from kezek.wfm.models.staffing import StaffingPlan

ALL_DAYS = "0123456"
MAX_SHIFT_MINUTES = 16 * 60  # the longest shift, its lunch and lunch window included


def validate_not_like_a_formula(value: str) -> None:
    """A shift's name goes into the vendor's spreadsheets: it must not start like a formula."""
    if value.startswith(FORMULA_STARTS):
        raise ValidationError(
            _(
                "A name cannot start with =, +, -, @, a tab or a carriage return: "
                "a spreadsheet would run it as a formula."
            )
        )


class ShiftTemplate(Versioned):
    """A family of shifts: starts between two times on a step, of one length, with lunch."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="shift_templates",
    )
    name = models.CharField(_("name"), max_length=100, validators=[validate_not_like_a_formula])
    earliest_start = models.TimeField(_("earliest start"))
    latest_start = models.TimeField(_("latest start"))
    start_step_minutes = models.PositiveSmallIntegerField(
        _("start step (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(MINUTES_PER_DAY)],
    )
    length_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"),
        validators=[MinValueValidator(60), MaxValueValidator(MAX_SHIFT_MINUTES)],
    )
    lunch_minutes = models.PositiveSmallIntegerField(
        _("unpaid lunch (minutes)"), default=0, validators=[MaxValueValidator(MAX_SHIFT_MINUTES)]
    )
    lunch_earliest_offset_minutes = models.PositiveSmallIntegerField(
        _("lunch starts at the earliest (minutes after the shift start)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_SHIFT_MINUTES)],
    )
    lunch_latest_offset_minutes = models.PositiveSmallIntegerField(
        _("lunch starts at the latest (minutes after the shift start)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_SHIFT_MINUTES)],
        help_text=_("Leave both empty to centre the lunch in the shift, give or take an hour."),
    )
    days_of_week = models.CharField(
        _("days of the week"),
        max_length=7,
        default=ALL_DAYS,
        help_text=_("Digits of the weekdays the template may be used, 0 = Monday."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("shift template")
        verbose_name_plural = _("shift templates")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="shift_template_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.earliest_start and self.latest_start and self.latest_start < self.earliest_start:
            raise ValidationError(
                {"latest_start": _("The latest start is before the earliest start.")}
            )
        if self.days_of_week and not set(self.days_of_week) <= set(ALL_DAYS):
            raise ValidationError({"days_of_week": _("Use digits 0 (Monday) to 6 (Sunday).")})
        if self.length_minutes and self.lunch_minutes >= self.length_minutes:
            raise ValidationError({"lunch_minutes": _("Lunch must be shorter than the shift.")})
        earliest, latest = self.lunch_earliest_offset_minutes, self.lunch_latest_offset_minutes
        if earliest is not None and latest is not None and latest < earliest:
            raise ValidationError(
                {"lunch_latest_offset_minutes": _("The lunch window ends before it starts.")}
            )


class Schedule(models.Model):
    """Agent-shifts that cover a staffing plan, with the optimiser's figures."""

    plan = models.ForeignKey(
        StaffingPlan,
        verbose_name=_("staffing plan"),
        on_delete=models.CASCADE,
        related_name="schedules",
    )
    job = models.ForeignKey(
        Job, verbose_name=_("job"), on_delete=models.SET_NULL, null=True, blank=True
    )
    break_minutes_per_hour = models.PositiveSmallIntegerField(
        _("break minutes per hour"), default=5
    )
    max_on_break_share = models.FloatField(_("largest share on break at once"), default=0.15)
    paid_hours = models.FloatField(_("paid hours"), null=True)
    lower_bound_hours = models.FloatField(_("lower bound (hours)"), null=True)
    gap = models.FloatField(_("gap"), null=True)
    shortfall_agent_intervals = models.PositiveIntegerField(
        _("shortfall (agent-intervals)"), null=True
    )
    overstaffed_agent_intervals = models.PositiveIntegerField(
        _("overstaffing (agent-intervals)"), null=True
    )
    solve_seconds = models.FloatField(_("solve time (s)"), null=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.plan} · {self.created_at:%Y-%m-%d %H:%M}"


class ScheduledShift(models.Model):
    """One agent-shift: an unnamed slot the vendor fills with a named agent."""

    schedule = models.ForeignKey(
        Schedule, verbose_name=_("schedule"), on_delete=models.CASCADE, related_name="shifts"
    )
    agent_slot = models.PositiveIntegerField(_("agent slot"))
    template_name = models.CharField(_("shift"), max_length=100)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    breaks = models.JSONField(
        _("breaks"), default=list, help_text=_("[start, end] pairs in ISO time, lunch included.")
    )

    class Meta:
        verbose_name = _("scheduled shift")
        verbose_name_plural = _("scheduled shifts")
        ordering = ["schedule", "starts_at", "agent_slot"]
        indexes = [models.Index(fields=["schedule", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.agent_slot}: {self.template_name} {self.starts_at:%Y-%m-%d %H:%M}"
