"""Demo staff of the two vendors (``kezek demo``): 60 and 40 people.

Each vendor has a project manager, a supervisor, a trainer, a team leader per team and
agents; the demo logins of the vendor (its manager, supervisor, team leaders and agents) are
linked to their records. Most agents are regular, some on probation, a new-hire class in
training and nesting, one newly certified, one on standby and one who left (their ACD id
went to a new hire). Skills are the vendor's queue (wfm's demo makes it) and languages;
contracts are full time (40 h) or part time (20–30 h, 30–36 h), with availability windows;
two people are on annual leave next week. All dates count back from today.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from kezek.accounts.demo import NAME_GROUPS, VENDORS
from kezek.accounts.models import Organisation, Team, User
from kezek.accounts.services import team_create
from kezek.people.choices import AbsenceKind, Position, StaffStatus, weekday_mask
from kezek.people.formats import parse_availability
from kezek.people.models import StaffMember
from kezek.people.services.acd import acd_login_assign
from kezek.people.services.staff import (
    absence_add,
    availability_replace,
    staff_member_create,
    staff_skills_replace,
    staff_status_change,
)
from kezek.wfm.models import Queue


@dataclass(frozen=True, slots=True)
class VendorPlan:
    """How a demo vendor's staff is made up."""

    name: str
    prefix: str  # of staff numbers
    acd_base: int  # first ACD login id
    teams: int
    agents: int
    assistants: int
    languages: tuple[str, ...]
    name_groups: tuple[int, ...]  # indexes into accounts' NAME_GROUPS


PLANS = (
    VendorPlan(VENDORS[0][0], "CP", 41001, 3, 50, 2, ("Russian", "Kazakh"), (0, 1, 4)),
    VendorPlan(VENDORS[1][0], "SL", 52001, 2, 35, 0, ("Bulgarian", "English"), (2, 3)),
)
# The new-hire pipeline, in days after the hire date (MISSION.md §6: 16 days of classroom,
# 14 of nesting, certification, two months of probation).
PIPELINE = (
    (StaffStatus.RECRUITED, 0),
    (StaffStatus.IN_TRAINING, 7),
    (StaffStatus.NESTING, 23),
    (StaffStatus.CERTIFIED, 37),
    (StaffStatus.PROBATION, 38),
    (StaffStatus.REGULAR, 98),
)
# Days since hiring by where in the pipeline an agent is; none falls on a certification day.
TENURES = {
    StaffStatus.IN_TRAINING: (8, 20),
    StaffStatus.NESTING: (24, 35),
    StaffStatus.PROBATION: (40, 95),
    StaffStatus.REGULAR: (100, 1500),
}
CONTRACTS = (  # (min, max) paid hours per week, availability, weight
    (40, 40, "", 6),
    (40, 40, "Mon-Fri 08:00-20:00;Sat 09:00-14:00", 4),
    (20, 30, "Mon-Fri 16:00-22:00;Sat 09:00-14:00", 2),
    (30, 36, "Mon-Fri 08:00-16:00", 2),
)


def load(*, rng: random.Random) -> None:
    """Create the vendors' staff unless there is some already (or no demo vendors)."""
    if StaffMember.objects.exists():
        return
    today = timezone.localdate()
    for plan in PLANS:
        vendor = Organisation.objects.filter(name=plan.name, kind="vendor").first()
        if vendor is not None:
            _Vendor(plan, vendor, rng, today).load(first=plan is PLANS[0])


class _Vendor:
    """One vendor's demo staff, made in order: leaders first, so agents can name them."""

    def __init__(self, plan: VendorPlan, vendor: Organisation, rng: random.Random, today: date):
        self.plan, self.vendor, self.rng, self.today = plan, vendor, rng, today
        self.numbers = (f"{plan.prefix}-{n:04d}" for n in range(1, 10_000))
        self.acd_ids = (str(n) for n in range(plan.acd_base, plan.acd_base + 10_000))
        self.queue = Queue.objects.filter(vendor=vendor).order_by("name").first()
        self.site = vendor.sites.order_by("name").first()
        self.linked = {u.pk for u in User.objects.filter(staff_record__isnull=False)}

    def load(self, *, first: bool) -> None:
        teams = self._teams()
        self._person(Position.PROJECT_MANAGER, user=self._login("vendor_manager"), tenure=900)
        self._person(Position.SUPERVISOR, user=self._login("supervisor"), tenure=700)
        self._person(Position.TRAINER, tenure=600, skill_level=5)
        leaders = [
            self._person(
                Position.TEAM_LEADER, team=team, user=self._claim(team.leader), tenure=500 + 60 * i
            )
            for i, team in enumerate(teams)
        ]
        for team, leader in list(zip(teams, leaders, strict=True))[: self.plan.assistants]:
            self._person(Position.TEAM_LEADER_ASSISTANT, team=team, leader=leader, tenure=400)
        agents = list(self._agents(teams, leaders))
        if first:
            self._stories(agents, teams[-1], leaders[-1])

    def _teams(self) -> list[Team]:
        """The vendor's demo teams, and one more where the plan has more teams than logins."""
        teams = list(self.vendor.teams.order_by("name"))
        city = self.site.city if self.site else self.vendor.name
        while len(teams) < self.plan.teams:
            name = f"{city} team {len(teams) + 1}"
            teams.append(team_create(organisation=self.vendor, name=name, site=self.site))
        return teams[: self.plan.teams]

    def _login(self, role: str, team: Team | None = None) -> User | None:
        """The vendor's next demo login with ``role`` (in ``team``) without a record yet."""
        logins = User.objects.filter(organisation=self.vendor, memberships__role=role)
        if team is not None:
            logins = logins.filter(memberships__team=team)
        return self._claim(logins.exclude(pk__in=self.linked).order_by("pk").first())

    def _claim(self, user: User | None) -> User | None:
        if user is None or user.pk in self.linked:
            return None
        self.linked.add(user.pk)
        return user

    def _agents(self, teams: list[Team], leaders: list[StaffMember]) -> Iterator[StaffMember]:
        """The agents with a login in their team, then others round the teams up to the plan."""
        made = 0
        for team, leader in zip(teams, leaders, strict=True):
            while made < self.plan.agents and (user := self._login("agent", team)) is not None:
                made += 1
                yield self._agent(team, leader, user=user, status=StaffStatus.REGULAR)
        while made < self.plan.agents:
            team, leader = teams[made % len(teams)], leaders[made % len(leaders)]
            made += 1
            yield self._agent(team, leader, status=self._status())

    def _status(self) -> str:
        draw = self.rng.random()
        for status, share in (
            (StaffStatus.IN_TRAINING, 0.05),
            (StaffStatus.NESTING, 0.1),
            (StaffStatus.PROBATION, 0.22),
        ):
            if draw < share:
                return status
        return StaffStatus.REGULAR

    def _agent(
        self, team: Team, leader: StaffMember, *, status: str, user: User | None = None
    ) -> StaffMember:
        low, high = TENURES[StaffStatus(status)]
        tenure = self.rng.randint(low, high)
        level = 1 if status != StaffStatus.REGULAR else self.rng.choice((2, 3, 3, 4, 4, 5))
        return self._person(
            Position.AGENT, team=team, leader=leader, user=user, tenure=tenure, skill_level=level
        )

    def _person(
        self,
        position: str,
        *,
        tenure: int,
        team: Team | None = None,
        leader: StaffMember | None = None,
        user: User | None = None,
        skill_level: int = 4,
        until: str = StaffStatus.REGULAR,
    ) -> StaffMember:
        """A person hired ``tenure`` days ago, taken through the pipeline up to ``until``."""
        first, last = self._names(user)
        low, high, windows, days_off = self._contract(position)
        hire = self.today - timedelta(days=tenure)
        member = staff_member_create(
            organisation=self.vendor,
            staff_number=next(self.numbers),
            first_name=first,
            last_name=last,
            position=position,
            hire_date=hire,
            site=self.site,
            team=team,
            team_leader=leader,
            user=user,
            min_hours_per_week=Decimal(low),
            max_hours_per_week=Decimal(high),
            star_level=self._stars(tenure),
            preferred_days_off=days_off,
            preferred_shifts="Morning" if windows.startswith("Mon-Fri 08") else "",
        )
        self._pipeline(member, until=until)
        availability_replace(member=member, windows=parse_availability(windows))
        acd_login_assign(actor=None, member=member, login_id=next(self.acd_ids), valid_from=hire)
        staff_skills_replace(member=member, skills=self._skills(skill_level))
        return member

    def _names(self, user: User | None) -> tuple[str, str]:
        if user is not None:
            return user.first_name, user.last_name
        first_names, surnames = NAME_GROUPS[self.rng.choice(self.plan.name_groups)]
        return self.rng.choice(first_names), self.rng.choice(surnames)

    def _contract(self, position: str) -> tuple[int, int, str, int]:
        if position != Position.AGENT:
            return 40, 40, "", 0
        low, high, windows, _weight = self.rng.choices(
            CONTRACTS, weights=[c[3] for c in CONTRACTS]
        )[0]
        days_off = weekday_mask((5, 6)) if self.rng.random() < 0.3 else 0
        return low, high, windows, days_off

    def _stars(self, tenure: int) -> int | None:
        return None if tenure < 100 else min(5, 1 + tenure // 300 + self.rng.randint(0, 1))

    def _skills(self, level: int) -> list[tuple[str, int]]:
        """The vendor's queue at ``level``, and a language or two (new hires: the simple one)."""
        skills = [(self.queue.name, level)] if self.queue is not None else []
        languages = self.plan.languages[: 1 if level == 1 else 2]
        return skills + [(language, self.rng.randint(3, 5)) for language in languages]

    def _pipeline(self, member: StaffMember, *, until: str) -> None:
        for status, days in PIPELINE[1:]:
            day = member.hire_date + timedelta(days=days)
            if day > self.today:
                return
            staff_status_change(member=member, status=status, effective_date=day)
            if status == until:
                return

    def _stories(self, agents: list[StaffMember], team: Team, leader: StaffMember) -> None:
        """One who left (their id goes to a new hire), one on standby, one newly certified,
        and two on leave next week."""
        regular = [a for a in agents if a.status == StaffStatus.REGULAR and a.user is None]
        leaver, standby, *others = regular
        left_on = self.today - timedelta(days=30)
        staff_status_change(
            member=leaver,
            status=StaffStatus.EXITED,
            effective_date=left_on,
            reason="Moved to another city",
        )
        staff_status_change(
            member=standby,
            status=StaffStatus.STANDBY,
            effective_date=self.today - timedelta(days=10),
            reason="Waiting for a seat on the evening team",
        )
        new_hire = self._person(Position.AGENT, team=team, leader=leader, tenure=15, skill_level=1)
        # The leaver's ACD id, free since they left, is the new hire's second one.
        acd_login_assign(
            actor=None,
            member=new_hire,
            login_id=leaver.acd_logins.get().login_id,
            valid_from=new_hire.hire_date,
        )
        self._person(
            Position.AGENT,
            team=team,
            leader=leader,
            tenure=40,
            skill_level=1,
            until=StaffStatus.CERTIFIED,
        )
        monday = self.today + timedelta(days=7 - self.today.weekday())
        for member in others[:2]:
            absence_add(
                member=member,
                kind=AbsenceKind.ANNUAL_LEAVE,
                first_day=monday,
                last_day=monday + timedelta(days=4),
                note="Family holiday",
            )
