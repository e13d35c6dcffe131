"""Time the dimension x client x month results page over many survey responses.

Loads ``--responses`` responses (five dimension ratings each, 10 client
companies, 12 months) with COPY, builds the rating tallies the page reads,
then times, in the same run:

* the results page (Django test client, logged in as the centre manager),
  which reads the tallies: its cost does not grow with the responses;
* the same numbers aggregated straight from the answers table (the naive
  design without tallies), as the baseline the ratio refers to.

There is no open-source peer to run here: LimeSurvey and Formbricks are PHP and
TypeScript applications with their own databases. The synthetic data is made
here; ``../shared/data`` holds no survey answers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import time

import django
import numpy as np

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from kezek.accounts.models import User  # noqa: E402
from kezek.accounts.services import organisation_create, person_create  # noqa: E402
from kezek.surveys import services as sv  # noqa: E402
from kezek.surveys.choices import FIVE_DIMENSIONS  # noqa: E402
from kezek.surveys.models import Campaign, Question  # noqa: E402
from kezek.surveys.services.questionnaires import shipped_template  # noqa: E402

CLIENTS = 10
MONTHS = 12
CHUNK = 200_000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    setup_test_environment()
    print(f"database: PostgreSQL {connection.cursor().connection.info.server_version}")
    call_command("migrate", verbosity=0)
    campaign, manager = _campaign()
    started = time.perf_counter()
    _load(campaign, args.responses)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    cells = sv.tallies_rebuild(campaign=campaign)
    tally_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"responses loaded: {args.responses:,} ({args.responses * 5:,} answers) in {load_s:.1f} s"
    )
    print(
        f"tallies rebuilt from the answers: {cells:,} rows in {tally_s:.1f} s (once per bulk load)"
    )
    page = _time_page(campaign, manager, args.repeat)
    naive = _time_naive(campaign, args.repeat)
    print(
        f"results page (dimension x client x month), median of {args.repeat}: {page * 1000:.0f} ms"
    )
    print(
        f"same aggregation straight from the answers, median of {args.repeat}: {naive * 1000:.0f} ms"
    )
    print(f"ratio naive / page: {naive / page:.1f}x")
    print("Timings are noisy: other engineers share the machine's 2 cores.")


def _campaign() -> tuple[Campaign, User]:
    owner = organisation_create(name=f"Bench SSC {time.time_ns()}", kind="owner")
    manager = person_create(
        username=f"bench.cm.{owner.pk}", organisation=owner, roles=["centre_manager"]
    )
    clients = [
        organisation_create(name=f"Bench client {owner.pk}-{i}", kind="client")
        for i in range(CLIENTS)
    ]
    version = sv.questionnaire_import(
        data={**shipped_template("employee"), "key": f"bench-{owner.pk}"}
    )
    now = dt.datetime.now(tz=dt.UTC)
    campaign = sv.campaign_create(
        name="Bench campaign",
        version=version,
        opens_at=now - dt.timedelta(days=366),
        closes_at=now,
        clients=clients,
        roles=["employee"],
    )
    return campaign, manager


def _load(campaign: Campaign, count: int) -> None:
    rng = np.random.default_rng(7)
    clients = np.array(sorted(campaign.clients.values_list("pk", flat=True)))
    questions = list(
        Question.objects.filter(
            version=campaign.version, dimension__in=FIVE_DIMENSIONS
        ).values_list("pk", flat=True)
    )
    first_month = timezone.localdate().replace(day=1)
    months = [
        (first_month - dt.timedelta(days=31 * m)).replace(day=1).isoformat() for m in range(MONTHS)
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM surveys_response")
        start_id = cursor.fetchone()[0] + 1
    for offset in range(0, count, CHUNK):
        n = min(CHUNK, count - offset)
        ids = np.arange(start_id + offset, start_id + offset + n)
        client = clients[rng.integers(0, len(clients), n)]
        month = rng.integers(0, MONTHS, n)
        _copy(
            "surveys_response",
            "id, campaign_id, version_id, organisation_id, role, submitted_at, month, language, source, is_service_user",
            [
                f"{i}\t{campaign.pk}\t{campaign.version_id}\t{c}\temployee\t{months[m]} 12:00:00+00\t{months[m]}\tru\tpaper\tt"
                for i, c, m in zip(ids.tolist(), client.tolist(), month.tolist(), strict=True)
            ],
        )
        # Ratings lean higher in some companies, as real ones do.
        lean = (client % 3) * 0.5
        for question in questions:
            ratings = np.clip(np.rint(rng.normal(3.4 + lean, 1.0)), 1, 5).astype(int)
            lines = [
                f"{i}\t{question}\t{r}\t"
                for i, r in zip(ids.tolist(), ratings.tolist(), strict=True)
            ]
            _copy("surveys_answer", "response_id, question_id, value_int, value_text", lines)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('surveys_response', 'id'), (SELECT MAX(id) FROM surveys_response))"
        )


def _copy(table: str, columns: str, lines: list[str]) -> None:
    buffer = io.StringIO("\n".join(lines) + "\n")
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        while data := buffer.read(1 << 20):
            copy.write(data)


def _time_page(campaign: Campaign, manager: User, repeat: int) -> float:
    client = Client()
    client.force_login(manager)
    url = f"/surveys/campaigns/{campaign.pk}/results/"
    assert client.get(url).status_code == 200  # warm-up, and the page works
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _time_naive(campaign: Campaign, repeat: int) -> float:
    sql = (
        "SELECT a.question_id, r.organisation_id, r.month, a.value_int, COUNT(*) "
        "FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id "
        "WHERE r.campaign_id = %s GROUP BY 1, 2, 3, 4"
    )
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, [campaign.pk])
            cursor.fetchall()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


if __name__ == "__main__":
    main()
