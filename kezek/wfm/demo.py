"""Demo queues with ten weeks of realistic traffic history (``kezek demo``).

The traffic is synthetic but shaped like a real HR/payroll hotline: a Monday
peak, a quiet Friday afternoon, a short Saturday, a morning and an afternoon
hump, payroll-day surges and Poisson noise, all from a seeded generator. The
HR line's last week comes from a per-call export (arrival, answer and end times
in the phone system's own column names), so its intervals also carry waits,
service level and patience.
"""

from __future__ import annotations

import math
import random
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

from kezek.accounts.models import Organisation, User
from kezek.wfm.models import Queue
from kezek.wfm.services.forecasts import forecast_create, forecast_day_scale
from kezek.wfm.services.history import (
    IntervalRecord,
    history_records_from_file,
    history_store,
)
from kezek.wfm.services.queues import queue_create
from kezek.wfm.services.schedules import schedule_build, shift_templates_import
from kezek.wfm.services.special_days import special_day_set, special_days_import
from kezek.wfm.services.staffing import staffing_plan_publish

HISTORY_WEEKS = 10
PAYDAYS = (9, 10, 24, 25)  # days of the month that bring PAYDAY_FACTOR times the calls
PAYDAY_FACTOR = 1.6
AFTER_HOLIDAY_FACTOR = 1.4  # the day after a public holiday brings the calls it held back
DAY_FACTORS = {
    0: 1.25,
    1: 1.05,
    2: 1.0,
    3: 0.95,
    4: 0.85,
    5: 0.3,
}  # Monday..Saturday; closed Sunday
DEMO_TEMPLATES = (
    "name,earliest_start,latest_start,start_step_minutes,length_minutes,lunch_minutes\n"
    "Morning,08:00,09:00,15,510,30\n"
    "Day,10:00,12:00,15,510,30\n"
    "Evening,11:00,11:30,15,510,30\n"
    "Part-time,09:00,16:00,30,240,0\n"
)
OPENING = {weekday: (time(8), time(20)) for weekday in range(5)} | {5: (time(9), time(14))}


def load(*, rng: random.Random) -> None:
    """Create the demo queues and their history unless they exist already."""
    if Queue.objects.exists():
        return
    owner = Organisation.objects.get(kind="owner", name__startswith="Kezek")
    planner = User.objects.get(username="planner")
    vendors = list(Organisation.objects.filter(kind="vendor").order_by("name"))
    payroll = queue_create(
        organisation=owner,
        vendor=vendors[0],
        name="Payroll hotline",
        time_zone="Asia/Almaty",
        interval_minutes=15,
    )
    hr = queue_create(
        organisation=owner,
        vendor=vendors[1],
        name="HR services line",
        time_zone="Europe/Sofia",
        interval_minutes=30,
        patience_seconds=150,
    )
    today = date.today()  # noqa: DTZ011  (demo history ends at the local today)
    past_holiday = _holiday_from(today - timedelta(weeks=3))
    for queue, daily_calls in ((payroll, 1400), (hr, 520)):
        records = synthetic_history(
            rng=rng,
            first_day=today - timedelta(weeks=HISTORY_WEEKS),
            last_day=today - timedelta(days=1),
            interval_minutes=queue.interval_minutes,
            daily_calls=daily_calls,
            holiday=past_holiday,
        )
        history_store(
            queue=queue,
            records=records,
            file_name="demo-history.csv",
            file_format="csv",
            imported_by=planner,
        )
        _declare_paydays(queue, first_day=today - timedelta(weeks=HISTORY_WEEKS), weeks=12)
        special_day_set(queue=queue, day=past_holiday, factor=0, reason="Public holiday")
    _import_last_week_per_call(hr, planner, rng=rng, today=today)
    _forecast_of_last_week(hr, planner, today=today)
    _plan_and_schedule(payroll, owner, planner, first_day=today + timedelta(days=1))
    _in_house_queue_of_calls_only(owner, planner, rng=rng, today=today)


def _in_house_queue_of_calls_only(
    owner: Organisation, planner: User, *, rng: random.Random, today: date
) -> None:
    """An in-house queue whose telephony exports calls only, no handle times: it is forecast
    with the handle time the planner set on the queue."""
    queue = queue_create(
        organisation=owner,
        name="Benefits enquiries",
        time_zone="Asia/Almaty",
        interval_minutes=60,
        handle_time_seconds=360,
    )
    records = synthetic_history(
        rng=rng,
        first_day=today - timedelta(weeks=HISTORY_WEEKS),
        last_day=today - timedelta(days=1),
        interval_minutes=queue.interval_minutes,
        daily_calls=180,
    )
    history_store(
        queue=queue,
        records=[IntervalRecord(local_start=r.local_start, calls=r.calls) for r in records],
        file_name="benefits-calls.csv",
        file_format="csv",
        imported_by=planner,
    )
    forecast_create(
        queue=queue, origin=today + timedelta(days=1), horizon_days=14, created_by=planner
    )


def _import_last_week_per_call(
    queue: Queue, planner: User, *, rng: random.Random, today: date
) -> None:
    """The phone system's per-call export of the last week, imported over the synthetic
    counts with its own column names: the queue gains waits, service level and patience."""
    week = synthetic_history(
        rng=rng,
        first_day=today - timedelta(days=7),
        last_day=today - timedelta(days=1),
        interval_minutes=queue.interval_minutes,
        daily_calls=520,
    )
    lines = ["Queued;Picked up;Finished"]
    for record in week:
        lines += _calls_of(record, queue.interval_minutes, rng)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hr-line-calls.csv"
        path.write_text("\n".join(lines) + "\n")
        records = history_records_from_file(
            path=path,
            kind="call_times",
            interval_minutes=queue.interval_minutes,
            target_answer_s=queue.target_answer_seconds,
            columns={"arrival": "Queued", "answer": "Picked up", "end": "Finished"},
        )
    history_store(
        queue=queue,
        records=records,
        file_name=path.name,
        file_format="call_times",
        imported_by=planner,
    )


def _calls_of(record: IntervalRecord, interval_minutes: int, rng: random.Random) -> list[str]:
    """One line per call of an interval: arrival, answer (none if abandoned), end."""
    lines = []
    for index in range(record.calls):
        arrival = record.local_start + timedelta(seconds=rng.uniform(0, interval_minutes * 60))
        if index < (record.handled or 0):
            answer = arrival + timedelta(seconds=rng.expovariate(1 / 15))
            end = answer + timedelta(seconds=rng.expovariate(1 / (record.aht_seconds or 235)))
            lines.append(
                f"{arrival:%Y-%m-%d %H:%M:%S};{answer:%Y-%m-%d %H:%M:%S};{end:%Y-%m-%d %H:%M:%S}"
            )
        else:
            end = arrival + timedelta(seconds=rng.expovariate(1 / 60))
            lines.append(f"{arrival:%Y-%m-%d %H:%M:%S};;{end:%Y-%m-%d %H:%M:%S}")
    return lines


def _declare_paydays(queue: Queue, *, first_day: date, weeks: int) -> None:
    """The planner's declared paydays: left out of the fit, forecast at their factor."""
    day = first_day
    while day < first_day + timedelta(weeks=weeks):
        if day.day in PAYDAYS and day.weekday() in OPENING:
            special_day_set(queue=queue, day=day, factor=PAYDAY_FACTOR, reason="Payday")
        day += timedelta(days=1)


def _forecast_of_last_week(queue: Queue, planner: User, *, today: date) -> None:
    """The forecast made a week ago, one day changed by the planner: its page compares both
    with the calls that came."""
    origin = today - timedelta(days=7)
    forecast = forecast_create(queue=queue, origin=origin, horizon_days=7, created_by=planner)
    week = (origin + timedelta(days=offset) for offset in range(7))
    forecast_day_scale(
        forecast=forecast,
        day=next(day for day in week if day.weekday() in OPENING),
        percent=8,
        reason="Benefits enrolment reminder e-mailed",
        changed_by=planner,
    )


def _plan_and_schedule(
    queue: Queue, owner: Organisation, planner: User, *, first_day: date
) -> None:
    """A week's forecast with a campaign day and a public holiday (the day after it gets
    the calls the holiday held back), its staffing plan and a schedule with breaks."""
    holiday = _holiday_in(first_day)
    week = (first_day + timedelta(days=offset) for offset in range(2, 7))
    held_back = (holiday, holiday + timedelta(days=1))
    campaign = next(day for day in week if day.weekday() in OPENING and day not in held_back)
    # Pasted as a list on the queue page, as a planner does with the coming weeks' events.
    special_days_import(
        queue=queue,
        text=f"{campaign},1.3,New payslip format\n{holiday},0,Public holiday\n",
    )
    templates = shift_templates_import(organisation=owner, text=DEMO_TEMPLATES)
    forecast = forecast_create(queue=queue, origin=first_day, horizon_days=7, created_by=planner)
    # The planner knows something the history cannot: a quieter day, changed as a whole.
    days = [first_day + timedelta(days=offset) for offset in range(7)]
    quieter = next(d for d in days if d.weekday() in OPENING and d not in (*held_back, campaign))
    forecast_day_scale(
        forecast=forecast,
        day=quieter,
        percent=-10,
        reason="Payslips also on the self-service portal from today",
        changed_by=planner,
    )
    plan = staffing_plan_publish(forecast=forecast, published_by=planner)
    schedule_build(plan=plan, templates=templates, created_by=planner, time_limit_s=20)


def _holiday_in(first_day: date) -> date:
    """A day of the demo week whose next day is worked and forecast: its Monday, as many
    public holidays are, unless that is the week's last day; then its Thursday."""
    week = [first_day + timedelta(days=offset) for offset in range(6)]
    mondays = [day for day in week if day.weekday() == 0]
    return mondays[0] if mondays else next(day for day in week if day.weekday() == 3)


def _holiday_from(day: date) -> date:
    """The first Monday from ``day`` on that neither is nor precedes a payday."""
    while day.weekday() != 0 or day.day in PAYDAYS or (day + timedelta(days=1)).day in PAYDAYS:
        day += timedelta(days=1)
    return day


def synthetic_history(
    *,
    rng: random.Random,
    first_day: date,
    last_day: date,
    interval_minutes: int,
    daily_calls: float,
    holiday: date | None = None,
) -> list[IntervalRecord]:
    """Seeded per-interval history from ``first_day`` to ``last_day`` inclusive.

    The centre is closed on ``holiday``, and the day after it brings more calls.
    """
    records = []
    day = first_day
    while day <= last_day:
        if day.weekday() in OPENING and day != holiday:
            level = (
                daily_calls
                * DAY_FACTORS[day.weekday()]
                * (PAYDAY_FACTOR if day.day in PAYDAYS else 1.0)
                * (AFTER_HOLIDAY_FACTOR if day - timedelta(days=1) == holiday else 1.0)
            )
            records.extend(_day(rng, day, interval_minutes, level))
        day += timedelta(days=1)
    return records


def _day(
    rng: random.Random, day: date, interval_minutes: int, level: float
) -> list[IntervalRecord]:
    opens, closes = OPENING[day.weekday()]
    start = datetime.combine(day, opens)
    count = int((datetime.combine(day, closes) - start).total_seconds() // (interval_minutes * 60))
    weights = [_shape((opens.hour * 60 + i * interval_minutes) / 60) for i in range(count)]
    total = sum(weights)
    records = []
    for index, weight in enumerate(weights):
        calls = _poisson(rng, level * weight / total)
        handled = calls - _binomial(rng, calls, 0.06)
        aht = rng.gauss(235 + 25 * math.sin(index / count * math.pi), 12) if handled else None
        records.append(
            IntervalRecord(
                local_start=start + timedelta(minutes=index * interval_minutes),
                calls=calls,
                handled=handled,
                abandoned=calls - handled,
                aht_seconds=round(aht, 1) if aht else None,
            )
        )
    return records


def _shape(hour: float) -> float:
    """Two humps, at 10:30 and 14:30, over a base load."""
    return (
        0.25 + math.exp(-((hour - 10.5) ** 2) / 2.5) + 0.8 * math.exp(-((hour - 14.5) ** 2) / 3.0)
    )


def _poisson(rng: random.Random, mean: float) -> int:
    if mean > 50:  # normal approximation: exact enough and fast
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, product, count = math.exp(-mean), rng.random(), 0
    while product > limit:
        product *= rng.random()
        count += 1
    return count


def _binomial(rng: random.Random, trials: int, p: float) -> int:
    return sum(1 for _ in range(trials) if rng.random() < p)
