"""Who works a request: round robin, least loaded or skills based; stand-ins; escalation."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from kezek.accounts.models import User
from kezek.core.policy import can
from kezek.servicedesk import selectors
from kezek.servicedesk.choices import OPEN_STATES, AssignmentRule, EventKind
from kezek.servicedesk.models import (
    AgentProfile,
    Request,
    RequestEvent,
    Service,
    SupportGroup,
    SupportGroupMember,
)
from kezek.servicedesk.services.notifications import notify


def available_agents(*, group: SupportGroup, exclude: Iterable[int] = ()) -> list[User]:
    """Active, present members of ``group``, by id, each with a ``desk_profile`` (its open
    counter); members without a profile get one first."""
    member_ids = SupportGroupMember.objects.filter(group=group).values("user_id")
    query = (
        User.objects.filter(pk__in=member_ids, is_active=True)
        .exclude(pk__in=selectors.absent_agents())
        .exclude(pk__in=list(exclude))
        .select_related("desk_profile")
        .order_by("pk")
    )
    agents = list(query)
    missing = [agent.pk for agent in agents if not _has_profile(agent)]
    if missing:  # once per agent in the desk's life
        profiles_ensure(missing)
        agents = list(query.all())  # a new query: the first one's rows are cached
    return agents


def _has_profile(agent: User) -> bool:
    try:
        agent.desk_profile  # noqa: B018
    except AgentProfile.DoesNotExist:
        return False
    return True


def profiles_ensure(user_ids: Collection[int]) -> None:
    """Give the agents in ``user_ids`` who have none a profile whose counter is a fresh count.

    Call it *before* writing the request that changes their load: the count must not include
    it yet. A profile created meanwhile by another transaction wins (its count is as fresh).
    """
    ids = {pk for pk in user_ids if pk is not None}
    missing = ids - set(
        AgentProfile.objects.filter(user_id__in=ids).values_list("user_id", flat=True)
    )
    if not missing:
        return
    counts = dict(
        Request.objects.filter(assignee_id__in=missing, state__in=OPEN_STATES)
        .values("assignee_id")
        .annotate(open=Count("pk"))
        .values_list("assignee_id", "open")
    )
    AgentProfile.objects.bulk_create(
        [AgentProfile(user_id=pk, open_count=counts.get(pk, 0)) for pk in sorted(missing)],
        ignore_conflicts=True,
    )


def load_move(*, source: int | None, target: int | None, count: int = 1) -> None:
    """``count`` open requests leave ``source``'s load and join ``target``'s (None: nobody).

    Call it in the transaction that changes the requests, before writing them. ``F()``
    updates: concurrent changes add up, and each UPDATE locks the agent's row until commit.
    """
    if source == target or count == 0:
        return
    profiles_ensure([pk for pk in (source, target) if pk is not None])
    if source is not None:
        AgentProfile.objects.filter(user_id=source).update(open_count=F("open_count") - count)
    if target is not None:
        AgentProfile.objects.filter(user_id=target).update(open_count=F("open_count") + count)


def load_track(*, request: Request, assignee_id: int | None, state: str) -> None:
    """``request`` is about to move to ``assignee_id`` and ``state``: update the loads."""
    before = request.assignee_id if request.state in OPEN_STATES else None
    after = assignee_id if state in OPEN_STATES else None
    load_move(source=before, target=after)


def agent_loads_recount(*, user_ids: Iterable[int] | None = None) -> None:
    """Recount the open requests of agents (all with a profile, or ``user_ids``) from the
    requests: after a bulk load that bypassed the services (COPY, a restore)."""
    if user_ids is not None:
        profiles_ensure(list(user_ids))
    profiles = AgentProfile.objects.all()
    if user_ids is not None:
        profiles = profiles.filter(user_id__in=list(user_ids))
    open_count = (
        Request.objects.filter(assignee_id=OuterRef("user_id"), state__in=OPEN_STATES)
        .order_by()
        .values("assignee_id")
        .annotate(open=Count("pk"))
        .values("open")
    )
    profiles.update(open_count=Coalesce(Subquery(open_count), 0))


def assignee_pick(
    *, group: SupportGroup, service: Service | None = None, exclude: Iterable[int] = ()
) -> User | None:
    """The agent who gets the next request of ``group`` under the group's rule, *claimed*: their
    open counter already counts the request, which the caller saves open, assigned to them, in
    the same transaction. An agent marked absent meanwhile is skipped."""
    if group.assignment_rule == AssignmentRule.MANUAL:
        return None
    skipped = set(exclude)
    for _attempt in range(5):
        chosen = _choose(group=group, service=service, exclude=skipped)
        if chosen is None:
            return None
        # One statement: locks the agent's row (a hand-over marking them absent waits, and
        # its move then sees this request) and counts the request, unless they are absent.
        # The flag is read on the locked row itself, not through the selectors: a subquery
        # would not see a hand-over that committed while this statement waited for the row.
        claimed = AgentProfile.objects.filter(user=chosen, is_absent=False).update(
            open_count=F("open_count") + 1
        )
        if claimed:
            if group.assignment_rule == AssignmentRule.ROUND_ROBIN:
                SupportGroup.objects.filter(pk=group.pk).update(last_assigned=chosen)
                group.last_assigned = chosen
            return chosen
        skipped.add(chosen.pk)
    return None


def _choose(*, group: SupportGroup, service: Service | None, exclude: set[int]) -> User | None:
    agents = available_agents(group=group, exclude=exclude)
    if not agents:
        return None
    if group.assignment_rule == AssignmentRule.ROUND_ROBIN:
        after = group.last_assigned_id or 0
        return next((agent for agent in agents if agent.pk > after), agents[0])
    if group.assignment_rule == AssignmentRule.SKILLS and service and service.required_skill:
        skills = selectors.agent_skills(agent.pk for agent in agents)
        skilled = [agent for agent in agents if service.required_skill in skills.get(agent.pk, [])]
        agents = skilled or agents
    return _least_loaded(agents)


def _least_loaded(agents: list[User]) -> User:
    """Fewest open requests (the profile's counter: one row per agent, no counting)."""
    return min(agents, key=lambda agent: (agent.desk_profile.open_count, agent.pk))


class LoadBook:
    """Open loads of each group's present agents, read once per sweep chunk and kept up to
    date as requests are reassigned within it."""

    def __init__(self) -> None:
        self._agents: dict[int, list[User]] = {}
        self._loads: dict[int, int] = {}

    def least_loaded(self, group: SupportGroup, *, exclude: int | None) -> User | None:
        agents = self._agents.get(group.pk)
        if agents is None:
            agents = self._agents[group.pk] = available_agents(group=group)
            for agent in agents:
                self._loads.setdefault(agent.pk, agent.desk_profile.open_count)
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
    load_track(request=request, assignee_id=target.pk, state=request.state)
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
    if not can(actor, "may_hand_over_work"):
        raise ValidationError({"agent": _("Only team leaders and supervisors hand work over.")})
    if stand_in.pk == agent.pk or not can(stand_in, "may_work_desk"):
        raise ValidationError({"stand_in": _("Choose another SSC agent as the stand-in.")})
    if selectors.absent_ids([stand_in.pk]):
        raise ValidationError({"stand_in": _("The stand-in is absent too.")})
    profiles_ensure([agent.pk, stand_in.pk])
    # Marking the agent absent locks their profile row: a request being assigned to them in a
    # concurrent transaction either committed before (and is moved below) or sees them absent.
    profile = AgentProfile.objects.select_for_update().get(user=agent)
    profile.is_absent = True
    profile.save(update_fields=["is_absent"])
    open_requests = Request.objects.filter(assignee=agent, state__in=OPEN_STATES)
    # Lock them: a concurrent state change waits, so the counts below are the rows moved.
    list(open_requests.select_for_update().values_list("pk", flat=True))
    stand_in_groups = SupportGroupMember.objects.filter(user=stand_in).values("group_id")
    confidential = open_requests.filter(is_confidential=True).exclude(group_id__in=stand_in_groups)
    load_move(source=agent.pk, target=None, count=confidential.update(assignee=None))
    moved = list(open_requests.values_list("pk", flat=True))
    load_move(source=agent.pk, target=stand_in.pk, count=len(moved))
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
