"""Service-desk benchmark on PostgreSQL (run through ``bench/servicedesk/run``).

Loads N requests with COPY (10 % open, spread over two years, deadlines and SLA alarms set the
way the services set them), then measures, in process with Django's test client:

* p95 of an agent's queue page (``/desk/queue/``, first page, and filtered "mine");
* p95 of an employee's "my requests" page (``/desk/requests/``);
* p95 of ``request_create`` (validation, SLA deadlines from the business calendar, assignment,
  event, history and mail);
* one ``sla_sweep`` an hour ahead of now over the open requests.

Goals (issue 6): pages <= 50 ms p95, create <= 20 ms p95, sweep <= 5 s. Figures only; no asserts.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time as clock
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlparse, urlunparse

DB_NAME = "kezek_bench_servicedesk"


def create_database(admin_url: str) -> str:
    """Drop and create the benchmark database; the URL of the new database."""
    import psycopg

    parts = urlparse(admin_url)
    with psycopg.connect(
        dbname=parts.path.lstrip("/") or "postgres",
        user=parts.username,
        password=parts.password,
        host=dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p).get("host")
        or parts.hostname,
        port=parts.port,
        autocommit=True,
    ) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        connection.execute(f"CREATE DATABASE {DB_NAME}")
    return urlunparse(parts._replace(path=f"/{DB_NAME}"))


def p95(samples: list[float]) -> float:
    return (
        statistics.quantiles(samples, n=20, method="inclusive")[-1]
        if len(samples) > 1
        else samples[0]
    )


def report(name: str, samples_s: list[float], goal_ms: float) -> None:
    ms = [s * 1000 for s in samples_s]
    verdict = "meets" if p95(ms) <= goal_ms else "MISSES"
    print(
        f"  {name:<34} p50 {statistics.median(ms):7.1f} ms   p95 {p95(ms):7.1f} ms   "
        f"max {max(ms):7.1f} ms   ({len(ms)} samples; goal {goal_ms:.0f} ms: {verdict})"
    )


def setup_world(employees: int, agents: int) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password

    from kezek.accounts.models import Membership, Organisation, Team, User

    unusable = make_password(None)
    from kezek.servicedesk import demo, demo_content
    from kezek.servicedesk.models import SupportGroup, SupportGroupMember

    owner = Organisation.objects.create(name="Bench SSC", kind="owner", time_zone="Asia/Almaty")
    clients = [
        Organisation.objects.create(
            name=f"Bench client {n}", kind="client", time_zone="Asia/Almaty"
        )
        for n in range(3)
    ]
    User.objects.bulk_create(
        User(
            username=f"agent{n}",
            organisation=owner,
            password=unusable,
            email=f"agent{n}@bench.example",
        )
        for n in range(agents)
    )
    User.objects.bulk_create(
        (
            User(
                username=f"emp{n}",
                organisation=clients[n % 3],
                password=unusable,
                email=f"emp{n}@bench.example",
            )
            for n in range(employees)
        ),
        batch_size=5000,
    )
    agent_users = list(User.objects.filter(organisation=owner).order_by("pk"))
    Membership.objects.bulk_create(Membership(user=u, role="agent") for u in agent_users)
    teams = [Team.objects.create(organisation=c, name=f"{c.name} staff") for c in clients]
    employee_ids = list(
        User.objects.filter(organisation__kind="client").values_list("pk", "organisation_id")
    )
    team_of = {t.organisation_id: t for t in teams}
    Membership.objects.bulk_create(
        (Membership(user_id=pk, role="employee", team=team_of[org]) for pk, org in employee_ids),
        batch_size=5000,
    )
    # The demo catalogue (MISSION.md §1), calendar and groups, with the bench's agents.
    groups = [
        SupportGroup.objects.create(name=name, assignment_rule=rule)
        for name, rule in demo_content.GROUPS
    ]
    for index, agent in enumerate(agent_users):
        SupportGroupMember.objects.create(group=groups[index % 3 if index > 3 else 3], user=agent)
    demo._catalogue(groups)
    return {"owner": owner, "clients": clients, "agents": agent_users, "employees": employee_ids}


COLUMNS = (
    "organisation_id", "service_id", "requester_id", "subject_id", "title", "description", "form_data",
    "state", "priority", "group_id", "assignee_id", "is_confidential", "created_at", "updated_at",
    "first_responded_at", "resolved_at", "closed_at", "rating", "rating_comment", "sla_policy_id",
    "sla_started_at", "response_due_at", "resolution_due_at", "resolution_warn_at", "sla_state",
    "response_breached", "resolution_breached", "sla_next_warning_at", "sla_next_breach_at",
)  # fmt: skip
TITLES = ["Certificate for the bank", "Payslip for March", "Overtime not paid", "Leave in July",
          "Trip to Aktobe", "New surname", "Sick leave certificate", "Copy of my contract"]  # fmt: skip


def load_requests(count: int, world: dict[str, Any], now: datetime, rng: random.Random) -> float:
    """COPY ``count`` requests; the seconds it took."""
    from django.db import connection

    from kezek.servicedesk.models import Service, SlaPolicy

    services = list(
        Service.objects.filter(for_managers=False).values_list("pk", "group_id", "is_confidential")
    )
    policies = dict(
        SlaPolicy.objects.filter(priority="normal", client__isnull=True).values_list(
            "service_id", "pk"
        )
    )
    agents_by_group: dict[int, list[int]] = {}
    from kezek.servicedesk.models import SupportGroupMember

    for group_id, user_id in SupportGroupMember.objects.values_list("group_id", "user_id"):
        agents_by_group.setdefault(group_id, []).append(user_id)
    employees = world["employees"]
    open_count = count // 10
    started = clock.perf_counter()
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(
            f"COPY servicedesk_request ({', '.join(COLUMNS)}) FROM STDIN"
        ) as copy,
    ):
        for index in range(count):
            copy.write_row(
                _row(index < open_count, rng, now, employees, services, policies, agents_by_group)
            )
    with connection.cursor() as cursor:
        # What autovacuum does within minutes of a bulk load, for every table (people and
        # groups too: without their statistics the planner guesses): statistics and the
        # visibility map (without it no count can be an index-only scan).
        cursor.execute("VACUUM ANALYZE")
        # Write the load's dirty pages out now: a checkpoint landing in the middle of the
        # measurements would time the bulk load's I/O, not the pages.
        cursor.execute("CHECKPOINT")
    return clock.perf_counter() - started


def _row(is_open: bool, rng: random.Random, now: datetime, employees: list[tuple[int, int]],
         services: list[tuple[int, int, bool]], policies: dict[int, int],
         agents_by_group: dict[int, list[int]]) -> tuple[Any, ...]:  # fmt: skip
    requester, organisation = employees[rng.randrange(len(employees))]
    service, group, confidential = services[rng.randrange(len(services))]
    agents: list[int | None] = list(agents_by_group.get(group, [])) or [None]
    if is_open:
        created = now - timedelta(days=rng.uniform(0, 20))
        due = now + timedelta(hours=rng.uniform(-48, 240))
        warn = due - timedelta(hours=rng.uniform(2, 48))
        state = rng.choice(["new", "in_progress", "in_progress", "waiting_requester", "reopened"])
        paused = state == "waiting_requester"
        sla = "paused" if paused else "breached" if due < now else "warning" if warn < now else "ok"
        next_warn = None if paused or warn < now else warn
        next_breach = None if paused or due < now else due
        responded, resolved, closed = created + timedelta(hours=1), None, None
    else:
        created = now - timedelta(days=rng.uniform(20, 730))
        due = created + timedelta(days=rng.uniform(1, 10))
        warn = due - timedelta(hours=12)
        state = rng.choice(["closed", "closed", "closed", "resolved", "cancelled"])
        sla, next_warn, next_breach = ("breached" if rng.random() < 0.08 else "ok"), None, None
        responded, resolved = (
            created + timedelta(hours=1),
            created + timedelta(days=rng.uniform(0.1, 9)),
        )
        closed = resolved + timedelta(days=2) if state == "closed" else None
    return (
        organisation, service, requester, requester, TITLES[rng.randrange(len(TITLES))], "", "{}",
        state, "normal", group, rng.choice(agents), confidential, created, created,
        responded, resolved, closed, None, "", policies.get(service), created, created + timedelta(hours=4),
        due, warn, sla, False, sla == "breached", next_warn, next_breach,
    )  # fmt: skip


def measure_pages(
    world: dict[str, Any], samples: int, rng: random.Random, *, explain: bool
) -> None:
    from django.test import Client

    from kezek.accounts.models import User
    from kezek.servicedesk.selectors import QueueFilter, queue_for

    client = Client()
    agent = User.objects.get(username="agent5")
    client.force_login(agent)
    if explain:
        queue = queue_for(agent, QueueFilter())
        for label, plan in (
            ("queue page", queue[:50].explain(analyze=True)),
            ("queue count", queue.order_by().explain(analyze=True)),
        ):
            print(f"  EXPLAIN ANALYZE {label}:")
            print("\n".join("    " + line for line in plan.splitlines()[:14]))
    for path, name in (
        ("/desk/queue/", "agent queue, first page"),
        ("/desk/queue/?assignee=me", "agent queue, assigned to me"),
        ("/desk/queue/?page=3&sort=-created", "agent queue, page 3 newest"),
        ("/desk/confidential/", "agent's confidential cases"),
    ):
        client.get(path)  # warm-up
        timings = []
        for _ in range(samples):
            started = clock.perf_counter()
            response = client.get(path)
            timings.append(clock.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        report(name, timings, 50)
    timings = []
    ids = [pk for pk, _org in world["employees"]]
    for _ in range(samples):
        employee = User.objects.get(pk=rng.choice(ids))
        client.force_login(employee)
        started = clock.perf_counter()
        response = client.get("/desk/requests/")
        timings.append(clock.perf_counter() - started)
        assert response.status_code == 200
    report('employee "my requests"', timings, 50)


def measure_create(world: dict[str, Any], samples: int, rng: random.Random) -> None:
    from django.db import connection
    from django.utils import timezone

    from kezek.accounts.models import User
    from kezek.servicedesk.models import Service
    from kezek.servicedesk.services.requests import request_create

    services = list(
        Service.objects.filter(for_managers=False, needs_approval=False).select_related("group")
    )
    ids = [pk for pk, _org in world["employees"]]
    timings = []
    sql_s: dict[str, list[float]] = {}

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = clock.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_s.setdefault(" ".join(sql.split())[:70], []).append(clock.perf_counter() - started)

    for index in range(samples + 5):
        employee = User.objects.select_related("organisation").get(pk=rng.choice(ids))
        service = services[index % len(services)]
        if index == 5:
            sql_s.clear()
        started = clock.perf_counter()
        with connection.execute_wrapper(timed):
            request_create(requester=employee, service=service, title="Certificate for the bank",
                           description="Bench", form_data={}, now=timezone.now())  # fmt: skip
        if index >= 5:  # the first calls fill the calendar cache
            timings.append(clock.perf_counter() - started)
    report("create a request (SLA, assignment)", timings, 20)
    queries = sum(len(v) for v in sql_s.values()) / max(1, len(timings))
    database_ms = sum(sum(v) for v in sql_s.values()) * 1000 / max(1, len(timings))
    print(f"    per create: {queries:.1f} queries, {database_ms:.1f} ms in the database; slowest:")
    for sql, took in sorted(sql_s.items(), key=lambda item: -sum(item[1]))[:6]:
        print(f"      {sum(took) * 1000 / len(timings):6.2f} ms  {sql}")


def measure_sweep(now: datetime) -> None:
    from kezek.servicedesk.models import Request
    from kezek.servicedesk.services.sla import sla_sweep

    at = now + timedelta(hours=1)
    open_requests = Request.objects.filter(
        state__in=["new", "in_progress", "waiting_requester", "reopened"]
    ).count()
    due_warn = Request.objects.filter(sla_next_warning_at__lte=at).count()
    due_breach = Request.objects.filter(sla_next_breach_at__lte=at).count()
    started = clock.perf_counter()
    result = sla_sweep(now=at)
    took = clock.perf_counter() - started
    verdict = "meets" if took <= 5 else "MISSES"
    print(
        f"  SLA sweep over {open_requests:,} open requests: {took:.2f} s "
        f"({result.warned} warnings, {result.breached} breaches, {result.escalated} reassigned; "
        f"{due_warn} + {due_breach} were due; goal 5 s: {verdict})"
    )
    started = clock.perf_counter()
    empty = sla_sweep(now=at)
    print(
        f"  SLA sweep again, nothing due: {(clock.perf_counter() - started) * 1000:.1f} ms ({empty.warned + empty.breached} actions)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--agents", type=int, default=100)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--explain", action="store_true", help="print the queue's query plans")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = create_database(os.environ["DATABASE_URL"])
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    print(f"PostgreSQL {connection.cursor().connection.info.server_version}; database {DB_NAME}")
    started = clock.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {clock.perf_counter() - started:.1f} s")
    rng = random.Random(6)
    now = timezone.now()
    started = clock.perf_counter()
    world = setup_world(args.employees, args.agents)
    print(
        f"people and catalogue: {args.employees:,} employees, {args.agents} agents, {clock.perf_counter() - started:.1f} s"
    )
    took = load_requests(args.requests, world, now, rng)
    print(
        f"COPY of {args.requests:,} requests ({args.requests // 10:,} open) and VACUUM ANALYZE, CHECKPOINT: {took:.1f} s ({args.requests / took:,.0f} rows/s)"
    )
    from kezek.servicedesk.services.assignment import agent_loads_recount

    started = clock.perf_counter()
    agent_loads_recount(user_ids=[agent.pk for agent in world["agents"]])  # COPY bypassed them
    print(
        f"open counters of {args.agents} agents recounted: {clock.perf_counter() - started:.1f} s"
    )
    # Measure on a new connection, as a web worker would have, not on the loader's.
    connection.close()
    print(f"load average before measuring: {os.getloadavg()}")
    print("Results (in-process test client, no HTTP server; 2 shared cores, so figures are noisy):")
    measure_pages(world, args.samples, rng, explain=args.explain)
    measure_create(world, args.samples, rng)
    measure_sweep(now)
    print(f"open counters exact after the run: {counters_exact()}")
    print(f"load average after measuring: {os.getloadavg()}")


def counters_exact() -> bool:
    """Whether every agent's open counter equals a fresh count (a check, not a timing)."""
    from django.db.models import Count

    from kezek.servicedesk.choices import OPEN_STATES
    from kezek.servicedesk.models import AgentProfile, Request

    counted = dict(
        Request.objects.filter(assignee__isnull=False, state__in=OPEN_STATES)
        .values("assignee_id")
        .annotate(n=Count("pk"))
        .values_list("assignee_id", "n")
    )
    kept = dict(AgentProfile.objects.filter(open_count__gt=0).values_list("user_id", "open_count"))
    return counted == kept


if __name__ == "__main__":
    main()
