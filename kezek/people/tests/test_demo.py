"""The staff demo: two vendors' people with teams, leaders, skills on the demo queues, leave
next week and a newly certified agent; run twice, it adds nothing."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from kezek.accounts import demo as accounts_demo
from kezek.accounts.models import Organisation
from kezek.core import policy
from kezek.people import demo
from kezek.people.models import Absence, AcdLogin, StaffMember
from kezek.wfm.services.queues import queue_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_staff() -> None:
    accounts_demo.load(rng=random.Random(1))
    owner = Organisation.objects.get(kind="owner")
    for vendor, name in zip(
        Organisation.objects.filter(kind="vendor").order_by("name"),
        ("Payroll hotline", "HR services line"),
        strict=True,
    ):  # the queues wfm's demo makes, without its ten weeks of history
        queue_create(organisation=owner, vendor=vendor, name=name, time_zone="Asia/Almaty")
    demo.load(rng=random.Random(2))


@pytest.mark.usefixtures("demo_staff")
def test_each_vendor_gets_its_staff_with_teams_leaders_and_queue_skills() -> None:
    for plan, size in zip(demo.PLANS, (60, 40), strict=True):
        vendor = Organisation.objects.get(name=plan.name)
        staff = StaffMember.objects.filter(organisation=vendor)
        agents = staff.filter(position="agent")

        assert staff.count() == size
        assert staff.filter(position="team_leader").count() == plan.teams
        assert not agents.filter(team_leader__isnull=True).exists()
        assert not agents.filter(team__isnull=True).exists()
        queue = vendor.served_queues.get()
        assert agents.filter(skills__queue=queue).count() == agents.count()
        assert {(m.min_hours_per_week, m.max_hours_per_week) for m in agents} >= {
            (40, 40),
            (20, 30),
        }
        assert agents.filter(availability__isnull=False).exists()


@pytest.mark.usefixtures("demo_staff")
def test_the_demo_logins_of_the_vendors_are_linked_to_their_records() -> None:
    linked = dict(
        StaffMember.objects.filter(user__isnull=False).values_list("user__username", "position")
    )

    assert linked["agent"] == "agent"
    assert linked["team.leader"] == "team_leader"
    assert linked["vendor.manager"] == linked["vendor2.manager"] == "project_manager"
    assert linked["supervisor"] == "supervisor"
    assert linked["v1.t2.agent10"] == linked["v2.t1.agent1"] == "agent"


@pytest.mark.usefixtures("demo_staff")
def test_the_demo_tells_its_stories() -> None:
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    on_leave = Absence.objects.filter(
        first_day__lte=monday + timedelta(days=4), last_day__gte=monday
    )
    certified = StaffMember.objects.get(status="certified")
    leaver = StaffMember.objects.get(status="exited")
    handed_over = AcdLogin.objects.filter(login_id=leaver.acd_logins.get().login_id)

    assert on_leave.count() == 2
    assert set(on_leave.values_list("kind", flat=True)) == {"annual_leave"}
    assert certified.status_since == today - timedelta(days=3)
    # New hires start simple: their queue at level 1, one language.
    assert certified.skills.get(queue__isnull=False).level == 1
    assert certified.skills.count() == 2
    assert leaver.status_changes.first().reason == "Moved to another city"  # type: ignore[union-attr]
    assert handed_over.count() == 2
    assert handed_over.filter(valid_to__isnull=True).get().member.status == "in_training"
    assert StaffMember.objects.filter(status="standby").count() == 1


@pytest.mark.usefixtures("demo_staff")
def test_each_vendor_manager_sees_their_own_vendors_demo_staff_only() -> None:
    from kezek.accounts.models import User

    for username, vendor in (
        ("vendor.manager", demo.PLANS[0].name),
        ("vendor2.manager", demo.PLANS[1].name),
    ):
        seen = policy.rows(User.objects.get(username=username), StaffMember)
        assert set(seen.values_list("organisation__name", flat=True)) == {vendor}


@pytest.mark.usefixtures("demo_staff")
def test_loading_the_demo_again_adds_nothing() -> None:
    before = StaffMember.objects.count()

    demo.load(rng=random.Random(3))

    assert StaffMember.objects.count() == before == 100
