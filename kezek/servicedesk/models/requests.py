"""Requests and what hangs off them: pauses, replies, attachments, events, approvals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kezek.accounts.models import Organisation, User
from kezek.servicedesk.choices import (
    OPEN_STATES,
    ApprovalState,
    EventKind,
    Priority,
    SlaState,
    State,
)
from kezek.servicedesk.models.catalogue import Service, SlaPolicy, SupportGroup

USER = settings.AUTH_USER_MODEL


class Request(models.Model):
    """A request of a client company's employee to the SSC.

    SLA deadlines are computed once, when the clock starts, pauses or resumes, and stored;
    ``sla_next_warning_at`` and ``sla_next_breach_at`` are the sweep's alarms: set while an
    alarm is pending, cleared once it fired or no longer applies, so the sweep reads only them.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("client company"), on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="requests"
    )
    requester = models.ForeignKey(
        USER, verbose_name=_("requester"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.ForeignKey(
        USER, verbose_name=_("subject person"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    form_data = models.JSONField(_("form answers"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.NEW)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    group = models.ForeignKey(
        SupportGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="requests"
    )
    assignee = models.ForeignKey(
        USER,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_confidential = models.BooleanField(_("confidential"), default=False)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    first_responded_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    # SLA: the policy and the stored deadlines.
    sla_policy = models.ForeignKey(
        SlaPolicy,
        verbose_name=_("SLA policy"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sla_started_at = models.DateTimeField(_("SLA clock started"), null=True, blank=True)
    response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    resolution_warn_at = models.DateTimeField(_("warning due"), null=True, blank=True)
    sla_state = models.CharField(
        _("SLA state"), max_length=10, choices=SlaState.choices, default=SlaState.NONE
    )
    response_breached = models.BooleanField(_("first response breached"), default=False)
    resolution_breached = models.BooleanField(_("resolution breached"), default=False)
    sla_next_warning_at = models.DateTimeField(null=True, blank=True, editable=False)
    sla_next_breach_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["requester", "-created_at"], name="sd_req_requester_idx"),
            models.Index(fields=["subject", "-created_at"], name="sd_req_subject_idx"),
            models.Index(fields=["organisation", "state"], name="sd_req_org_state_idx"),
            models.Index(fields=["assignee", "state"], name="sd_req_assignee_idx"),
            models.Index(fields=["group", "state"], name="sd_req_group_idx"),
            models.Index(fields=["service", "state"], name="sd_req_service_idx"),
            models.Index(fields=["-created_at"], name="sd_req_created_idx"),
            # The agent queue: open, non-confidential requests by resolution deadline.
            models.Index(
                fields=["resolution_due_at", "id"],
                condition=Q(state__in=OPEN_STATES, is_confidential=False),
                name="sd_req_queue_idx",
            ),
            # The same queue of one agent ("assigned to me").
            models.Index(
                fields=["assignee", "resolution_due_at", "id"],
                condition=Q(state__in=OPEN_STATES, is_confidential=False),
                name="sd_req_mine_idx",
            ),
            # Confidential cases, listed per group apart from every other list.
            models.Index(
                fields=["group", "-created_at"],
                condition=Q(is_confidential=True),
                name="sd_req_confidential_idx",
            ),
            # Resolved requests waiting to close by themselves.
            models.Index(
                fields=["resolved_at"],
                condition=Q(state=State.RESOLVED),
                name="sd_req_resolved_idx",
            ),
            models.Index(fields=["sla_next_warning_at"], name="sd_req_warn_alarm_idx"),
            models.Index(fields=["sla_next_breach_at"], name="sd_req_breach_alarm_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        return f"SD-{self.pk:06d}" if self.pk else "SD-new"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    # Lists show these for every row; Django's get_state_display rebuilds the choices each call.
    @property
    def state_label(self) -> str:
        return str(State(self.state).label)

    @property
    def priority_label(self) -> str:
        return str(Priority(self.priority).label)


class SlaPause(models.Model):
    """A stretch of time the SLA clock stood still (waiting for the requester)."""

    request = models.ForeignKey(
        Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="pauses"
    )
    paused_at = models.DateTimeField(_("paused"))
    resumed_at = models.DateTimeField(_("resumed"), null=True, blank=True)

    class Meta:
        verbose_name = _("SLA pause")
        verbose_name_plural = _("SLA pauses")
        ordering = ["request", "paused_at"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.paused_at:%Y-%m-%d %H:%M}"


class Reply(models.Model):
    """A public reply or an internal note (never shown to the client) on a request."""

    request = models.ForeignKey(
        Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        USER, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("text"))
    is_internal = models.BooleanField(_("internal note"), default=False)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["request", "created_at", "pk"]
        indexes = [models.Index(fields=["request", "created_at"], name="sd_reply_req_idx")]

    def __str__(self) -> str:
        return f"{self.request_id} · {self.author_id}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is random: the sanitised original name is kept in a column only.
    return f"servicedesk/{instance.request_id}/{filename}"


class Attachment(models.Model):
    """A file attached to a request or a reply; stored under MEDIA with a random name."""

    request = models.ForeignKey(
        Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="attachments"
    )
    reply = models.ForeignKey(
        Reply,
        verbose_name=_("reply"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        USER, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["request", "created_at"]

    def __str__(self) -> str:
        return self.name


class RequestEvent(models.Model):
    """One line of a request's timeline (state changes, assignment, SLA alarms...)."""

    request = models.ForeignKey(
        Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        USER,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"))
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["request", "created_at", "pk"]
        indexes = [models.Index(fields=["request", "created_at"], name="sd_event_req_idx")]

    def __str__(self) -> str:
        return f"{self.request_id} · {self.kind}"

    @property
    def state_after(self) -> str:
        """The label of the state a state change led to ("" for other events)."""
        after = (self.data or {}).get("after")
        return str(State(after).label) if after in State.values else ""


class Approval(models.Model):
    """A manager's approval step, signed when decided.

    ``signature = SHA-256(canonical JSON of content_hash, approver, decided_at, decision and the
    previous signature)``: the signatures form one chain in ``sequence`` order, so editing,
    removing or reordering a decided approval, or editing the approved request, is detected by
    :func:`kezek.servicedesk.services.approvals.approval_chain_verify`.
    """

    request = models.ForeignKey(
        Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="approvals"
    )
    approver = models.ForeignKey(
        USER, verbose_name=_("approver"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ApprovalState.choices, default=ApprovalState.PENDING
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    sequence = models.PositiveBigIntegerField(_("sequence"), null=True, blank=True, unique=True)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    previous_signature = models.CharField(_("previous signature"), max_length=64, blank=True)
    signature = models.CharField(_("signature"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["request", "created_at"]
        indexes = [models.Index(fields=["approver", "state"], name="sd_approval_approver_idx")]

    def __str__(self) -> str:
        return f"{self.request_id} · {self.get_state_display()}"


class CannedResponse(models.Model):
    """A ready-made reply agents insert and adapt."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    group = models.ForeignKey(
        SupportGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="canned_responses",
        help_text=_("Empty: for every group."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("canned response")
        verbose_name_plural = _("canned responses")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class ConfidentialAccessLog(models.Manager["ConfidentialAccess"]):
    def record(self, *, user: User, request: Request, action: str) -> None:
        """Log a look at (or an action on) a confidential case.

        Here, not in the services: the desk's selectors log the looks they serve, and the
        services read through the selectors (docs/decisions/0006-layers.md: no loops).
        """
        if request.is_confidential:
            self.create(request=request, user=user, action=action[:40])


class ConfidentialAccess(models.Model):
    """Who opened a confidential case, when, and what they did."""

    request = models.ForeignKey(
        Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="access_log"
    )
    user = models.ForeignKey(
        USER, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=40)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    objects = ConfidentialAccessLog()

    class Meta:
        verbose_name = _("confidential access")
        verbose_name_plural = _("confidential access log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["request", "-at"], name="sd_access_req_idx")]

    def __str__(self) -> str:
        return f"{self.request_id} · {self.user_id} · {self.action}"
