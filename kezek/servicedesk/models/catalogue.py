"""Catalogue and SLA setup: support groups, services with forms, SLA policies."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kezek.accounts.models import BusinessCalendarModel, Organisation
from kezek.core.versions import Versioned
from kezek.servicedesk.choices import AssignmentRule, FieldKind, Priority
from kezek.servicedesk.models.translated import translated


class SupportGroup(Versioned):
    """A queue of the SSC: agents who own services; also the named group of confidential cases."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    assignment_rule = models.CharField(
        _("assignment rule"),
        max_length=20,
        choices=AssignmentRule.choices,
        default=AssignmentRule.LEAST_LOADED,
    )
    escalation_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("escalate breaches to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_assigned = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last assigned (round robin)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support group")
        verbose_name_plural = _("support groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SupportGroupMember(models.Model):
    """A person working a support group's queue."""

    group = models.ForeignKey(
        SupportGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="support_groups",
    )

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="sd_group_member_unique")
        ]
        indexes = [models.Index(fields=["user", "group"], name="sd_group_member_user_idx")]

    def __str__(self) -> str:
        return f"{self.group} · {self.user}"


class AgentProfile(models.Model):
    """Skills and presence of an SSC agent; absent agents get no new work."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="desk_profile",
    )
    skills = models.JSONField(_("skills"), default=list, blank=True)
    is_absent = models.BooleanField(_("absent"), default=False)
    open_count = models.PositiveIntegerField(
        _("open requests"),
        default=0,
        editable=False,
        help_text=_("Open requests assigned to the agent; kept by the desk's services."),
    )
    history = HistoricalRecords(excluded_fields=["open_count"])

    class Meta:
        verbose_name = _("agent profile")
        verbose_name_plural = _("agent profiles")

    def __str__(self) -> str:
        return str(self.user)


class ServiceCategory(Versioned):
    """A heading of the catalogue (HR administration, payroll, business trips...)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return translated(self, "name")


class Service(Versioned):
    """A service of the catalogue: its request form, owner group, approval and confidentiality."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    category = models.ForeignKey(
        ServiceCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    group = models.ForeignKey(
        SupportGroup,
        verbose_name=_("owner group"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    required_skill = models.CharField(_("required skill"), max_length=60, blank=True)
    needs_approval = models.BooleanField(_("a manager approves"), default=False)
    is_confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Requests are seen only by the owner group's members and the requester."),
    )
    for_managers = models.BooleanField(_("for managers only"), default=False)
    default_priority = models.CharField(
        _("default priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    clients = models.ManyToManyField(
        Organisation,
        verbose_name=_("available to"),
        blank=True,
        related_name="+",
        help_text=_("Client companies that may use the service; none means all."),
    )
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["category__order", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return translated(self, "name")

    @property
    def display_description(self) -> str:
        return translated(self, "description")


class ServiceField(models.Model):
    """One typed field of a service's request form."""

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="fields"
    )
    key = models.SlugField(_("key"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=FieldKind.choices)
    required = models.BooleanField(_("required"), default=True)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One choice per line."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        ordering = ["service", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["service", "key"], name="sd_field_unique_key")
        ]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        return translated(self, "label")

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class SlaPolicy(models.Model):
    """First-response and resolution targets (working minutes) per service, priority, client."""

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="sla_policies"
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    client = models.ForeignKey(
        Organisation,
        verbose_name=_("client company"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: every client without a policy of its own."),
    )
    calendar = models.ForeignKey(
        BusinessCalendarModel,
        verbose_name=_("calendar"),
        on_delete=models.PROTECT,
        related_name="policies",
    )
    first_response_minutes = models.PositiveIntegerField(_("first response (working minutes)"))
    resolution_minutes = models.PositiveIntegerField(_("resolution (working minutes)"))
    warn_at_fraction = models.FloatField(
        _("warn at share of the target"),
        default=0.75,
        help_text=_("0.75 warns once three quarters of the resolution time have elapsed."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "priority", "client"], name="sd_sla_policy_unique"
            ),
            models.UniqueConstraint(
                fields=["service", "priority"],
                condition=Q(client__isnull=True),
                name="sd_sla_policy_unique_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.get_priority_display()}"

    def clean(self) -> None:
        if not 0.0 < self.warn_at_fraction < 1.0:
            raise ValidationError({"warn_at_fraction": _("Give a share between 0 and 1.")})
        if self.resolution_minutes < 1 or self.first_response_minutes < 1:
            raise ValidationError(_("SLA targets must be at least one minute."))
