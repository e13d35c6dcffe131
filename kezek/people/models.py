"""Staff records of the contact centre: the people who work in it, at the owner or at a vendor.

A staff record is not a login: many agents never log in to Kezek, and a record may be
linked to the person's user account when they do. Statuses, phone-system logins, skills,
availability and absences hang off the record, each with its own history.
"""

from __future__ import annotations

import zoneinfo
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from kezek.accounts.models import Organisation, Site, Team
from kezek.core.versions import Versioned
from kezek.people.choices import (
    ALL_WEEKDAYS,
    LEADING_POSITIONS,
    WEEKDAYS,
    AbsenceKind,
    Position,
    StaffStatus,
    weekdays_of,
)
from kezek.wfm.models import Queue

MAX_HOURS_PER_WEEK = Decimal(168)
MIN_LEVEL, MAX_LEVEL = 1, 5
STAFFED_KINDS = ("owner", "vendor")  # clients' people are not contact-centre staff

hours_validators = [MinValueValidator(Decimal(0)), MaxValueValidator(MAX_HOURS_PER_WEEK)]
level_validators = [MinValueValidator(MIN_LEVEL), MaxValueValidator(MAX_LEVEL)]
weekday_validators = [MinValueValidator(0), MaxValueValidator(ALL_WEEKDAYS)]
acd_login_validator = RegexValidator(
    r"^[A-Za-z0-9._-]+$",
    _("An ACD login id holds letters, digits, dots, dashes and underscores only."),
)


def hours_text(hours: Decimal) -> str:
    """Hours as people write them: 40, 37.5 (not 40.00 or 4E+1)."""
    return f"{hours.normalize():f}"


class StaffMember(Versioned):
    """A person who works in the contact centre, at the owner or at a vendor.

    ``status`` and ``status_since`` repeat the latest ``StatusChange`` so that lists filter
    on them; only the services write them. Versioned: an edit from a page opened before
    someone else's save is refused.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="staff",
    )
    staff_number = models.CharField(_("staff number"), max_length=32)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.SET_NULL, null=True, blank=True
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )
    team_leader = models.ForeignKey(
        "self",
        verbose_name=_("team leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_members",
    )
    position = models.CharField(
        _("position"), max_length=32, choices=Position.choices, default=Position.AGENT
    )
    hire_date = models.DateField(_("hire date"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=StaffStatus.choices,
        default=StaffStatus.RECRUITED,
        editable=False,
    )
    status_since = models.DateField(_("status since"), null=True, editable=False)
    min_hours_per_week = models.DecimalField(
        _("minimum paid hours per week"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(40),
        validators=hours_validators,
    )
    max_hours_per_week = models.DecimalField(
        _("maximum paid hours per week"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(40),
        validators=hours_validators,
    )
    star_level = models.PositiveSmallIntegerField(
        _("star level"), null=True, blank=True, validators=level_validators
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_record",
    )
    preferred_days_off = models.PositiveSmallIntegerField(
        _("preferred days off"), default=0, validators=weekday_validators
    )
    preferred_shifts = models.CharField(
        _("preferred shifts"),
        max_length=200,
        blank=True,
        help_text=_("Names of shift templates, separated by semicolons (Morning;Day)."),
    )
    preferences_note = models.CharField(_("other preferences"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["last_name", "first_name", "staff_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "staff_number"],
                name="staff_unique_number",
                violation_error_message=_("This staff number is taken in the organisation."),
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "last_name", "first_name"]),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "position"]),
            models.Index(fields=["staff_number"]),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.staff_number

    def local_today(self) -> date:
        """Today where the person's organisation works: their days start at its midnight."""
        return timezone.localdate(timezone=zoneinfo.ZoneInfo(self.organisation.time_zone))

    @property
    def preferred_days_off_list(self) -> list[int]:
        return weekdays_of(self.preferred_days_off)

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        low, high = self.min_hours_per_week, self.max_hours_per_week
        hours = [value for value in (low, high) if value is not None and value.is_finite()]
        if len(hours) == 2 and low > high:
            errors["min_hours_per_week"] = ValidationError(
                _("The minimum (%(min)s h) is above the maximum (%(max)s h)."),
                params={"min": hours_text(low), "max": hours_text(high)},
            )
        if self.organisation_id is not None:
            errors |= self._organisation_errors()
        errors |= self._leader_errors()
        if errors:
            raise ValidationError(errors)

    def _organisation_errors(self) -> dict[str, ValidationError]:
        """Site, team, leader and login all belong to the person's organisation."""
        errors = {}
        if self.organisation.kind not in STAFFED_KINDS:
            errors["organisation"] = ValidationError(
                _("Only the service centre and its vendors have contact-centre staff.")
            )
        others = _("It belongs to another organisation.")
        for name in ("site", "team", "team_leader", "user"):
            related = getattr(self, name)
            if related is not None and related.organisation_id != self.organisation_id:
                errors[name] = ValidationError(others)
        return errors

    def _leader_errors(self) -> dict[str, ValidationError]:
        errors = {}
        leader = self.team_leader
        if leader is not None and self.pk is not None and leader.pk == self.pk:
            errors["team_leader"] = ValidationError(_("A person cannot lead themselves."))
        elif leader is not None and leader.position not in LEADING_POSITIONS:
            errors["team_leader"] = ValidationError(
                _(
                    "%(name)s is not a team leader, team-leader assistant, supervisor or "
                    "project manager."
                ),
                params={"name": leader},
            )
        if self.pk is not None and self.position not in LEADING_POSITIONS:
            led = StaffMember.objects.filter(team_leader_id=self.pk).count()
            if led:
                errors["position"] = ValidationError(
                    ngettext(
                        "%(count)s person has this person as their team leader: give them "
                        "another one first.",
                        "%(count)s people have this person as their team leader: give them "
                        "another one first.",
                        led,
                    )
                    % {"count": led}
                )
        return errors


class StatusChange(models.Model):
    """One dated step of a person's status history; the latest is their status."""

    member = models.ForeignKey(
        StaffMember,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    status = models.CharField(_("status"), max_length=16, choices=StaffStatus.choices)
    effective_date = models.DateField(_("from"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["member", "-effective_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "effective_date"],
                name="status_change_one_per_day",
                violation_error_message=_("The person's status already changes on this day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} · {self.effective_date.isoformat()}"

    def clean(self) -> None:
        if self.status == StaffStatus.EXITED and not self.reason.strip():
            raise ValidationError({"reason": _("Say why the person left.")})


class AcdLogin(models.Model):
    """A period in which a phone-system (ACD) login id belongs to one person.

    ``valid_to`` is the first day the id no longer belongs to them (empty: still theirs).
    At any moment an id belongs to at most one person of the centre; the services refuse
    overlaps, and the database refuses two open periods of one id.
    """

    login_id = models.CharField(_("ACD login id"), max_length=64, validators=[acd_login_validator])
    member = models.ForeignKey(
        StaffMember,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="acd_logins",
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(
        _("until"),
        null=True,
        blank=True,
        help_text=_("The first day the id no longer belongs to this person."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ACD login")
        verbose_name_plural = _("ACD logins")
        ordering = ["login_id", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["login_id"],
                condition=Q(valid_to__isnull=True),
                name="acd_login_one_open_period",
                violation_error_message=_("This ACD login id is already in use."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="acd_login_ends_after_it_starts",
                violation_error_message=_("The end must be after the start."),
            ),
        ]
        indexes = [models.Index(fields=["login_id", "valid_from"])]

    def __str__(self) -> str:
        until = self.valid_to.isoformat() if self.valid_to else "…"
        return f"{self.login_id} · {self.valid_from.isoformat()}–{until}"


class StaffSkill(models.Model):
    """A queue or other skill (a language, escalations) a person has, at level 1–5.

    A skill named like a queue of the centre is linked to it.
    """

    member = models.ForeignKey(
        StaffMember, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="skills"
    )
    name = models.CharField(_("skill"), max_length=100)
    queue = models.ForeignKey(
        Queue,
        verbose_name=_("queue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="skilled_staff",
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=level_validators)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["member", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "name"],
                name="staff_skill_unique_name",
                violation_error_message=_("The person has this skill already."),
            )
        ]
        indexes = [models.Index(fields=["name", "level"])]

    def __str__(self) -> str:
        return f"{self.name}:{self.level}"


class AvailabilityWindow(models.Model):
    """On ``weekdays`` the person may work from ``start_time`` to ``end_time``, local time.

    An end at or before the start runs past midnight (22:00-06:00); 00:00 ends at midnight.
    A person without windows may work at any time.
    """

    member = models.ForeignKey(
        StaffMember,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="availability",
    )
    weekdays = models.PositiveSmallIntegerField(
        _("weekdays"), validators=[MinValueValidator(1), MaxValueValidator(ALL_WEEKDAYS)]
    )
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")
        ordering = ["member", "pk"]

    def __str__(self) -> str:
        days = ",".join(WEEKDAYS[day] for day in weekdays_of(self.weekdays))
        return f"{days} {self.start_time:%H:%M}-{self.end_time:%H:%M}"

    @property
    def weekday_list(self) -> list[int]:
        return weekdays_of(self.weekdays)


class Absence(models.Model):
    """Days a person does not work: leave, sickness, training away from the floor."""

    member = models.ForeignKey(
        StaffMember,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="absences",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AbsenceKind.choices)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["member", "-first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")),
                name="absence_ends_after_it_starts",
                violation_error_message=_("The last day is before the first day."),
            )
        ]
        indexes = [models.Index(fields=["member", "first_day"])]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} · {self.first_day.isoformat()}–{self.last_day.isoformat()}"
        )
