"""Positions, statuses, absence kinds and weekdays of contact-centre staff (MISSION.md §6)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Position(models.TextChoices):
    AGENT = "agent", _("Agent")
    TEAM_LEADER_ASSISTANT = "team_leader_assistant", _("Team-leader assistant")
    TEAM_LEADER = "team_leader", _("Team leader")
    SUPERVISOR = "supervisor", _("Supervisor")
    BUSINESS_GUIDE = "business_guide", _("Business guide")
    TRAINER = "trainer", _("Trainer")
    QUALITY_ANALYST = "quality_analyst", _("Quality analyst")
    PROJECT_MANAGER = "project_manager", _("Project manager")


# Who may be someone's team leader.
LEADING_POSITIONS = frozenset(
    {
        Position.TEAM_LEADER_ASSISTANT,
        Position.TEAM_LEADER,
        Position.SUPERVISOR,
        Position.PROJECT_MANAGER,
    }
)


class StaffStatus(models.TextChoices):
    """The new-hire pipeline and after: classroom, nesting, certification, probation."""

    RECRUITED = "recruited", _("Recruited")
    IN_TRAINING = "in_training", _("In training")
    NESTING = "nesting", _("Nesting")
    CERTIFIED = "certified", _("Certified")
    PROBATION = "probation", _("Probation")
    REGULAR = "regular", _("Regular")
    STANDBY = "standby", _("Standby")
    EXITED = "exited", _("Exited")


class AbsenceKind(models.TextChoices):
    ANNUAL_LEAVE = "annual_leave", _("Annual leave")
    SICK = "sick", _("Sick leave")
    TRAINING = "training", _("Training")
    UNPAID = "unpaid", _("Unpaid leave")
    PARENTAL = "parental", _("Parental leave")
    OTHER = "other", _("Other absence")


# The weekday names of the files (the engine's agents file): Monday = 0. Not translated:
# they are a file format; pages show Django's translated names.
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ALL_WEEKDAYS = (1 << len(WEEKDAYS)) - 1


def weekday_mask(days: Iterable[int]) -> int:
    """A set of weekdays (Monday = 0) as the bits stored in the database."""
    mask = 0
    for day in days:
        mask |= 1 << day
    return mask


def weekdays_of(mask: int) -> list[int]:
    """The weekdays (Monday = 0) of stored bits, in order."""
    return [day for day in range(len(WEEKDAYS)) if mask & (1 << day)]
