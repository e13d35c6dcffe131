"""Who works a request: round robin, least loaded or skills based; stand-ins; escalation."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from kezek.accounts.models import User
from kezek.core.policy import actor_of
from kezek.servicedesk.choices import OPEN_STATES, AssignmentRule, EventKind
from kezek.servicedesk.models import (
    AgentProfile,
    Request,
    RequestEvent,
    Service,
    SupportGroup,
    SupportGroupMember,
)


def available_agents(*, group: SupportGroup, exclude: Iterable[int] = ()) -> list[User]:
    """Active, present members of ``group``, by id."""
    member_ids = SupportGroupMember.objects.filter(group=group).values("user_id")
    return list(
        User.objects.filter(pk__in=member_ids, is_active=True)
        .exclude(desk_profile__is_absent=True)
        .exclude(pk__in=list(exclude))
        .select_related("desk_profile")
        .order_by("pk")
    )


def assignee_pick(
    *, group: SupportGroup, service: Service | None = None, exclude: Iterable[int] = ()
) -> User | None:
    """The agent who gets the next request of ``group`` under the group's rule."""
    if group.assignment_rule == AssignmentRule.MANUAL:
        return None
    agents = available_agents(group=group, exclude=exclude)
    if not agents:
        return None
    if group.assignment_rule == AssignmentRule.ROUND_ROBIN:
        after = group.last_assigned_id or 0
        chosen = next((agent for agent in agents if agent.pk > after), agents[0])
        SupportGroup.objects.filter(pk=group.pk).update(last_assigned=chosen)
        group.last_assigned = chosen
        return chosen
    if group.assignment_rule == AssignmentRule.SKILLS and service and service.required_skill:
        skilled = [agent for agent in agents if _has_skill(agent, service.required_skill)]
        agents = skilled or agents
    return _least_loaded(agents)


def _has_skill(agent: User, skill: str) -> bool:
    try:
        profile: AgentProfile = agent.desk_profile
    except AgentProfile.DoesNotExist:
        return False
    return skill in (profile.skills or [])


def _least_loaded(agents: list[User]) -> User:
    loads = dict(
        Request.objects.filter(assignee__in=agents, state__in=OPEN_STATES)
        .values("assignee")
        .annotate(open=Count("pk"))
        .values_list("assignee", "open")
    )
    return min(agents, key=lambda agent: (loads.get(agent.pk, 0), agent.pk))


class LoadBook:
    """Open loads of each group's present agents, counted once per sweep chunk and kept up to
    date as requests are reassigned, so escalating many breaches does not recount each time."""

    def __init__(self) -> None:
        self._agents: dict[int, list[User]] = {}
        self._loads: dict[int, int] = {}

    def least_loaded(self, group: SupportGroup, *, exclude: int | None) -> User | None:
        agents = self._agents.get(group.pk)
        if agents is None:
            agents = self._agents[group.pk] = available_agents(group=group)
            unknown = [agent for agent in agents if agent.pk not in self._loads]
            if unknown:
                self._loads.update({agent.pk: 0 for agent in unknown})
                self._loads.update(
                    Request.objects.filter(assignee__in=unknown, state__in=OPEN_STATES)
                    .values("assignee")
                    .annotate(open=Count("pk"))
                    .values_list("assignee", "open")
                )
        candidates = [agent for agent in agents if agent.pk != exclude]
        if not candidates:
            return None
        return min(candidates, key=lambda agent: (self._loads[agent.pk], agent.pk))

    def moved(self, *, source: int | None, target: int) -> None:
        if source in self._loads:
            self._loads[source] -= 1
        self._loads[target] = self._loads.get(target, 0) + 1


def escalate(*, request: Request, now: datetime, book: LoadBook | None = None) -> int:
    """Reassign a breached request to the group's escalation person, else to another agent."""
    from kezek.servicedesk.services.notifications import notify

    book = book or LoadBook()
    target = request.group.escalation_to
    if target is None or target.pk == request.assignee_id:
        target = book.least_loaded(request.group, exclude=request.assignee_id)
    previous = request.assignee
    notify(
        kind="sla_breach",
        request=request,
        recipients=[previous, target, request.group.escalation_to],
    )
    if target is None or target.pk == request.assignee_id:
        return 0
    Request.objects.filter(pk=request.pk).update(assignee=target)
    book.moved(source=request.assignee_id, target=target.pk)
    request.assignee = target
    RequestEvent.objects.create(
        request=request,
        kind=EventKind.ESCALATED,
        created_at=now,
        data={"from": previous.pk if previous else None, "to": target.pk},
    )
    return 1


@transaction.atomic
def agent_hand_over(*, actor: User, agent: User, stand_in: User, now: datetime) -> int:
    """Mark ``agent`` absent and give all their open requests to ``stand_in``; the count moved.

    Any SSC agent can stand in for any other (MISSION.md §1), except on confidential cases,
    which go only to members of their named group; those stay with the group, unassigned.
    """
    from kezek.servicedesk.rules import is_desk_staff

    if not actor_of(actor).is_admin and not actor_of(actor).has(
        "team_leader", "supervisor", "centre_manager"
    ):
        raise ValidationError({"agent": _("Only team leaders and supervisors hand work over.")})
    if stand_in.pk == agent.pk or not is_desk_staff(actor_of(stand_in)):
        raise ValidationError({"stand_in": _("Choose another SSC agent as the stand-in.")})
    if AgentProfile.objects.filter(user=stand_in, is_absent=True).exists():
        raise ValidationError({"stand_in": _("The stand-in is absent too.")})
    profile, _created = AgentProfile.objects.get_or_create(user=agent)
    profile.is_absent = True
    profile.save()
    open_requests = Request.objects.filter(assignee=agent, state__in=OPEN_STATES)
    stand_in_groups = SupportGroupMember.objects.filter(user=stand_in).values("group_id")
    confidential = open_requests.filter(is_confidential=True).exclude(group_id__in=stand_in_groups)
    confidential.update(assignee=None)
    moved = list(open_requests.values_list("pk", flat=True))
    open_requests.filter(pk__in=moved).update(assignee=stand_in)
    RequestEvent.objects.bulk_create(
        RequestEvent(
            request_id=pk,
            kind=EventKind.ASSIGNED,
            actor=actor,
            created_at=now,
            data={"from": agent.pk, "to": stand_in.pk, "stand_in": True},
        )
        for pk in moved
    )
    return len(moved)


@transaction.atomic
def agent_return(*, agent: User) -> None:
    """The agent is back: new work reaches them again."""
    AgentProfile.objects.filter(user=agent).update(is_absent=False)
