"""Demo organisations, sites, teams and one login per role (``kezek demo``)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from kezek.accounts.models import Organisation, Team, User
from kezek.accounts.services import organisation_create, person_create, site_create, team_create

DEMO_PASSWORD = "kezek-demo"  # noqa: S105  (printed by scripts/run; demo data only)

OWNER = "Kezek Shared Service Centre"
CLIENTS = ["Altyn Mining", "Dala Telecom", "Steppe Logistics"]
VENDORS = [
    ("CallPro Outsourcing", "Astana", "Asia/Almaty"),
    ("ServiceLine Bulgaria", "Sofia", "Europe/Sofia"),
]

# (first names, surnames) that go together: Kazakh, Russian and Bulgarian surnames agree with
# the person's gender; Chinese surnames do not change.
NAME_GROUPS = [
    (
        ["Aigerim", "Dana", "Madina", "Asel", "Aruzhan", "Saule", "Olga", "Elena", "Maria", "Anna"],
        ["Sadykova", "Nurpeisova", "Ivanova", "Kuznetsova", "Smirnova", "Iskakova"],
    ),
    (
        ["Nurlan", "Yerlan", "Timur", "Daniyar", "Bolat", "Ivan", "Sergei", "Dmitri"],
        ["Bekov", "Omarov", "Petrov", "Smirnov", "Iskakov", "Kuznetsov"],
    ),
    (["Desislava", "Maria", "Elena"], ["Dimitrova", "Todorova", "Georgieva"]),
    (["Georgi", "Petar"], ["Georgiev", "Dimitrov", "Todorov"]),
    (["Li", "Wei", "Xiu"], ["Zhang", "Wang", "Li", "Chen"]),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str


# One login per role, printed by scripts/run. The second vendor's manager is the
# outsider who must never see the first vendor's data.
LOGINS = [
    DemoLogin("admin", "admin", OWNER),
    DemoLogin("centre.manager", "centre_manager", OWNER),
    DemoLogin("planner", "planner", OWNER),
    DemoLogin("quality.analyst", "quality_analyst", OWNER),
    DemoLogin("ssc.agent", "agent", OWNER),
    DemoLogin("supervisor", "supervisor", VENDORS[0][0]),
    DemoLogin("team.leader", "team_leader", VENDORS[0][0]),
    DemoLogin("agent", "agent", VENDORS[0][0]),
    DemoLogin("vendor.manager", "vendor_manager", VENDORS[0][0]),
    DemoLogin("vendor2.manager", "vendor_manager", VENDORS[1][0]),
    DemoLogin("manager", "manager", CLIENTS[0]),
    DemoLogin("employee", "employee", CLIENTS[0]),
]


def load(*, rng: random.Random) -> list[DemoLogin]:
    """Create the demo organisations and people unless they exist already."""
    if Organisation.objects.filter(name=OWNER).exists():
        return LOGINS
    owner = organisation_create(name=OWNER, kind="owner", time_zone="Asia/Almaty")
    owner_site = site_create(
        organisation=owner, name="Almaty HQ", city="Almaty", time_zone="Asia/Almaty"
    )
    _login(owner, "admin", "admin", first="Aliya", last="Admin", staff=True)
    for login in LOGINS[1:5]:
        _login(owner, login.username, login.role)
    ssc_team = team_create(organisation=owner, name="SSC payroll desk", site=owner_site)
    _people(owner, ssc_team, "agent", 8, rng, prefix="ssc")
    for index, (name, city, zone) in enumerate(VENDORS):
        _vendor(name, city, zone, rng, is_first=index == 0)
    for index, name in enumerate(CLIENTS):
        _client(name, rng, is_first=index == 0)
    return LOGINS


def _vendor(name: str, city: str, zone: str, rng: random.Random, *, is_first: bool) -> None:
    vendor = organisation_create(name=name, kind="vendor", time_zone=zone)
    site = site_create(organisation=vendor, name=f"{city} floor", city=city, time_zone=zone)
    slug = "v1" if is_first else "v2"
    _login(vendor, "vendor.manager" if is_first else "vendor2.manager", "vendor_manager")
    if is_first:
        _login(vendor, "supervisor", "supervisor")
    for number in (1, 2):
        leader = (
            _login(vendor, "team.leader", "team_leader")
            if is_first and number == 1
            else _person(vendor, f"{slug}.tl{number}", ["team_leader"], rng)
        )
        team = team_create(
            organisation=vendor, name=f"{city} team {number}", site=site, leader=leader
        )
        if is_first and number == 1:
            _login(vendor, "agent", "agent", team=team)
        _people(vendor, team, "agent", 10, rng, prefix=f"{slug}.t{number}")


def _client(name: str, rng: random.Random, *, is_first: bool) -> None:
    client = organisation_create(name=name, kind="client", time_zone="Asia/Almaty")
    slug = name.split()[0].lower()
    manager = (
        _login(client, "manager", "manager")
        if is_first
        else _person(client, f"{slug}.manager", ["manager"], rng)
    )
    team = team_create(organisation=client, name=f"{name} finance department", leader=manager)
    if is_first:
        _login(client, "employee", "employee", team=team)
    _people(client, team, "employee", 12, rng, prefix=slug)


def _login(
    organisation: Organisation,
    username: str,
    role: str,
    *,
    first: str = "",
    last: str = "",
    staff: bool = False,
    team: Team | None = None,
) -> User:
    person = person_create(
        username=username,
        organisation=organisation,
        roles=[role],
        password=DEMO_PASSWORD,
        first_name=first or username.split(".")[0].capitalize(),
        last_name=last or "Demo",
        email=f"{username}@demo.kezek.example",
        team=team,
    )
    if staff:  # the administrator also gets Django's admin site
        User.objects.filter(pk=person.pk).update(is_staff=True, is_superuser=True)
    return person


def _person(
    organisation: Organisation,
    username: str,
    roles: list[str],
    rng: random.Random,
    team: Team | None = None,
) -> User:
    first_names, surnames = rng.choice(NAME_GROUPS)
    return person_create(
        username=username,
        organisation=organisation,
        roles=roles,
        first_name=rng.choice(first_names),
        last_name=rng.choice(surnames),
        email=f"{username}@demo.kezek.example",
        team=team,
    )


def _people(
    organisation: Organisation,
    team: Team,
    role: str,
    count: int,
    rng: random.Random,
    *,
    prefix: str,
) -> None:
    for number in range(1, count + 1):
        _person(organisation, f"{prefix}.{role}{number}", [role], rng, team=team)
