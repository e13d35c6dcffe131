"""Choices of the service desk: request states, priorities, field kinds, assignment rules."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_REQUESTER = "waiting_requester", _("Waiting for requester")
    WAITING_APPROVAL = "waiting_approval", _("Waiting for approval")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
    REOPENED = "reopened", _("Reopened")


# States in which the SSC still owes work; the agent queue and the SLA sweep look only at these.
OPEN_STATES = (
    State.NEW,
    State.IN_PROGRESS,
    State.WAITING_REQUESTER,
    State.WAITING_APPROVAL,
    State.REOPENED,
)
FINISHED_STATES = (State.RESOLVED, State.CLOSED, State.CANCELLED)

# Allowed moves: state -> states reachable by an explicit action (create and approvals aside).
TRANSITIONS: dict[str, frozenset[str]] = {
    State.NEW: frozenset(
        {State.IN_PROGRESS, State.WAITING_REQUESTER, State.RESOLVED, State.CANCELLED}
    ),
    State.REOPENED: frozenset(
        {State.IN_PROGRESS, State.WAITING_REQUESTER, State.RESOLVED, State.CANCELLED}
    ),
    State.IN_PROGRESS: frozenset({State.WAITING_REQUESTER, State.RESOLVED, State.CANCELLED}),
    State.WAITING_REQUESTER: frozenset({State.IN_PROGRESS, State.RESOLVED, State.CANCELLED}),
    State.WAITING_APPROVAL: frozenset({State.CANCELLED}),
    State.RESOLVED: frozenset({State.CLOSED, State.REOPENED}),
    State.CLOSED: frozenset(),
    State.CANCELLED: frozenset(),
}


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


PRIORITY_RANK = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}


class FieldKind(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    DATE_RANGE = "date_range", _("Date range")
    CHOICE = "choice", _("Choice")
    FILE = "file", _("File")


class AssignmentRule(models.TextChoices):
    ROUND_ROBIN = "round_robin", _("Round robin")
    LEAST_LOADED = "least_loaded", _("Least loaded")
    SKILLS = "skills", _("Skills based")
    MANUAL = "manual", _("Manual (nobody is assigned automatically)")


class SlaState(models.TextChoices):
    NONE = "none", _("No SLA")
    OK = "ok", _("On time")
    WARNING = "warning", _("At risk")
    BREACHED = "breached", _("Breached")
    PAUSED = "paused", _("Paused")


class ApprovalState(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    STATE = "state", _("State changed")
    ASSIGNED = "assigned", _("Assigned")
    APPROVAL = "approval", _("Approval decided")
    SLA_WARNING = "sla_warning", _("SLA warning")
    SLA_BREACH = "sla_breach", _("SLA breached")
    ESCALATED = "escalated", _("Escalated")
    RATED = "rated", _("Rated")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    EMPLOYEES = "employees", _("Employees")
    MANAGERS = "managers", _("Managers")
    SSC = "ssc", _("SSC staff only")


class SuggestionEventKind(models.TextChoices):
    SHOWN = "shown", _("Shown")
    OPENED = "opened", _("Opened")
    DEFLECTED = "deflected", _("Solved without a request")


# Roles of owner staff who work the desk (see docs/servicedesk.md, "Who sees what").
DESK_ROLES = frozenset({"agent", "team_leader", "supervisor", "centre_manager", "admin"})
# Owner roles that write the FAQ (agents read it and answer with it, but do not edit it).
KB_EDITOR_ROLES = frozenset({"team_leader", "supervisor", "centre_manager", "admin"})
# Roles that hand an absent agent's open requests to a stand-in (admins always may).
HAND_OVER_ROLES = frozenset({"team_leader", "supervisor", "centre_manager"})
