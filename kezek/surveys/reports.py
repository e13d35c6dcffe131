"""Campaign results: summaries, breakdowns, comparisons and staff standing, via the engine.

Rating results come from the tallies (counts per question, client company,
month and scale point), so the dimension × client × month page costs the same
for any number of responses. Breakdowns that need each response (services,
staff, SLA) read the answers. Every group smaller than the campaign's
``min_group_size`` is suppressed: it shows no value and no count; on the
client × month tables, more groups are suppressed where the shown totals would
give a hidden one away (``kezek.surveys.disclosure``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db.models import QuerySet

from kezek.engine.sampling import (
    DimensionSummary,
    GroupComparison,
    PairwiseComparison,
    StaffStanding,
    Suppressed,
    compare_ratings,
    flag_staff,
    nps,
    pairwise_proportions,
    sample_size,
    summarize_dimension,
    wilson_intervals,
)
from kezek.surveys.choices import (
    FIVE_DIMENSIONS,
    SLA_LATER_THAN_PROMISED,
    SLA_QUESTION_KEY,
    SPEED_DIMENSIONS,
    Group,
    QuestionKind,
    Scoring,
)
from kezek.surveys.disclosure import Line, protect
from kezek.surveys.models import Answer, Campaign, Question, RatingTally, ResponseAgent, localized

Summary = DimensionSummary | Suppressed


@dataclass(frozen=True, slots=True)
class Cell:
    """One breakdown group of a rating question: answers, mean and CSAT with its Wilson interval.

    Computed for all groups of a table at once (one vectorised Wilson call), so
    a page with hundreds of client × month cells stays fast; the t interval of
    the mean is given on the overall summaries only.
    """

    answers: int
    counts: tuple[int, ...]
    mean: float
    top_box_fraction: float
    top_box_low: float
    top_box_high: float


CellOrSuppressed = Cell | Suppressed
Counts = dict[int, int]  # scale point -> answers
LOW_SPEED_MAX = 2  # "poor" or "very poor" on a 1-5 speed question


@dataclass(frozen=True, slots=True)
class NpsResult:
    answers: int
    value: float
    low: float
    high: float


@dataclass
class QuestionResult:
    question: Question
    overall: Summary
    nps: NpsResult | Suppressed | None = None


@dataclass
class Table:
    """One question broken down by client company (rows) and month (columns)."""

    question: Question
    cells: dict[tuple[int, dt.date], CellOrSuppressed] = field(default_factory=dict)
    by_client: dict[int, CellOrSuppressed] = field(default_factory=dict)
    by_month: dict[dt.date, CellOrSuppressed] = field(default_factory=dict)
    overall_suppressed: bool = False  # the question's overall result must be hidden too


def ratings_from(counts: Mapping[int, int]) -> npt.NDArray[np.int64]:
    """The answers behind a tally (order does not matter to any statistic used)."""
    if not counts:
        return np.zeros(0, dtype=np.int64)
    points = np.fromiter(counts.keys(), dtype=np.int64)
    return np.repeat(points, np.fromiter(counts.values(), dtype=np.int64))


def summarize(question: Question, counts: Mapping[int, int], min_group_size: int) -> Summary:
    return summarize_dimension(
        ratings=ratings_from(counts),
        scale_max=int(question.scale_max or 5),
        scale_min=question.scale_min,
        boxes=question.top_boxes,
        min_group_size=min_group_size,
    )


def cells_of(
    question: Question, groups: Mapping[Any, Counts], min_group_size: int
) -> dict[Any, CellOrSuppressed]:
    """Every group of one question at once; groups under ``min_group_size`` are suppressed."""
    low = question.scale_min if question.scale_min is not None else 1
    high = int(question.scale_max or 5)
    points = np.arange(low, high + 1)
    keys = list(groups)
    matrix = np.zeros((len(keys), points.size), dtype=np.int64)
    for row, key in enumerate(keys):
        for point, count in groups[key].items():
            matrix[row, point - low] += count
    answers = matrix.sum(axis=1)
    shown = answers >= max(min_group_size, 1)
    top = matrix[:, points.size - question.top_boxes :].sum(axis=1)
    out: dict[Any, CellOrSuppressed] = {
        key: Suppressed(min_group_size=min_group_size)
        for key, ok in zip(keys, shown, strict=True)
        if not ok
    }
    if shown.any():
        lows, highs = wilson_intervals(successes=top[shown], trials=answers[shown])
        means = (matrix[shown] @ points) / answers[shown]
        for index, row in enumerate(np.flatnonzero(shown).tolist()):
            out[keys[row]] = Cell(
                answers=int(answers[row]),
                counts=tuple(int(c) for c in matrix[row]),
                mean=float(means[index]),
                top_box_fraction=float(top[row] / answers[row]),
                top_box_low=float(lows[index]),
                top_box_high=float(highs[index]),
            )
    return out


def nps_of(counts: Mapping[int, int], min_group_size: int) -> NpsResult | Suppressed:
    ratings = ratings_from(counts)
    if ratings.size < min_group_size:
        return Suppressed(min_group_size=min_group_size)
    value, low, high = nps([int(r) for r in ratings])
    return NpsResult(int(ratings.size), value, low, high)


def load_tallies(
    tallies: QuerySet[RatingTally],
) -> dict[int, dict[tuple[int, dt.date], Counts]]:
    """question id -> (client, month) -> point -> answers."""
    cells: dict[int, dict[tuple[int, dt.date], Counts]] = defaultdict(lambda: defaultdict(dict))
    for question_id, organisation_id, month, point, count in tallies.values_list(
        "question_id", "organisation_id", "month", "point", "count"
    ):
        cell = cells[question_id][(organisation_id, month)]
        cell[point] = cell.get(point, 0) + count
    return cells


def _merge(parts: Iterable[Counts]) -> Counts:
    total: Counts = {}
    for part in parts:
        for point, count in part.items():
            total[point] = total.get(point, 0) + count
    return total


def question_results(
    campaign: Campaign,
    questions: Sequence[Question],
    cells: Mapping[int, Mapping[Any, Counts]],
    protected: Sequence[Table] | None = None,
) -> list[QuestionResult]:
    """The overall summary of every scored question (NPS for the 0-10 one).

    The overall result is the grand total of the question's breakdown table; it
    is hidden when the table's secondary suppression says so. ``protected``
    passes the tables when the caller has them already.
    """
    if protected is None:
        protected = tables(campaign, questions, cells)
    hide = {t.question.pk for t in protected if t.overall_suppressed}
    suppressed = Suppressed(min_group_size=campaign.min_group_size)
    results = []
    for question in questions:
        if question.scoring == Scoring.NONE:
            continue
        counts = _merge(cells.get(question.pk, {}).values())
        overall = summarize(question, counts, campaign.min_group_size)
        result = QuestionResult(question, suppressed if question.pk in hide else overall)
        if question.scoring == Scoring.NPS:
            result.nps = nps_of(counts, campaign.min_group_size)
        results.append(result)
    return results


def _lines(clients: Sequence[int], months: Sequence[dt.date]) -> list[Line]:
    """Rows, columns and both margins of a client × month table with its grand total."""
    return [
        *(Line(("client", c), tuple(("cell", c, m) for m in months)) for c in clients),
        *(Line(("month", m), tuple(("cell", c, m) for c in clients)) for m in months),
        Line(("all",), tuple(("client", c) for c in clients)),
        Line(("all",), tuple(("month", m) for m in months)),
    ]


def _protect_table(table: Table, min_group_size: int, total: int) -> None:
    """Hide the cells and totals that would let a suppressed group be computed back."""
    clients = sorted(table.by_client)
    months = sorted(table.by_month)
    shown: dict[Any, CellOrSuppressed] = {
        **{("cell", c, m): v for (c, m), v in table.cells.items()},
        **{("client", c): v for c, v in table.by_client.items()},
        **{("month", m): v for m, v in table.by_month.items()},
    }
    primary = {key for key, value in shown.items() if not isinstance(value, Cell)}
    if not primary:
        return
    if total < min_group_size:
        primary.add(("all",))
    sizes = {key: value.answers for key, value in shown.items() if isinstance(value, Cell)}
    sizes[("all",)] = total
    hidden = protect(lines=_lines(clients, months), sizes=sizes, primary=primary)
    suppressed = Suppressed(min_group_size=min_group_size)
    for hidden_key in hidden:
        key: tuple[Any, ...] = tuple(hidden_key)  # type: ignore[arg-type]  # our tuple keys
        if key[0] == "cell":
            table.cells[(key[1], key[2])] = suppressed
        elif key[0] == "client":
            table.by_client[key[1]] = suppressed
        elif key[0] == "month":
            table.by_month[key[1]] = suppressed
    table.overall_suppressed = ("all",) in hidden


def tables(
    campaign: Campaign,
    questions: Sequence[Question],
    cells: Mapping[int, Mapping[tuple[int, dt.date], Counts]],
) -> list[Table]:
    """Each rating question by client × month, by client and by month, suppressed where small,
    and where the shown totals would give a small group away (secondary suppression)."""
    result = []
    n = campaign.min_group_size
    for question in questions:
        if question.kind != QuestionKind.RATING:
            continue
        table = Table(question)
        by_client: dict[int, list[Counts]] = defaultdict(list)
        by_month: dict[dt.date, list[Counts]] = defaultdict(list)
        question_cells = cells.get(question.pk, {})
        for (client, month), counts in question_cells.items():
            by_client[client].append(counts)
            by_month[month].append(counts)
        table.cells = cells_of(question, question_cells, n)
        table.by_client = cells_of(question, {c: _merge(p) for c, p in by_client.items()}, n)
        table.by_month = cells_of(question, {m: _merge(p) for m, p in by_month.items()}, n)
        total = sum(sum(counts.values()) for counts in question_cells.values())
        _protect_table(table, n, total)
        result.append(table)
    return result


@dataclass(frozen=True, slots=True)
class Comparison:
    question: Question
    omnibus: GroupComparison
    pairs: tuple[PairwiseComparison, ...]


def compare(
    campaign: Campaign,
    questions: Sequence[Question],
    cells: Mapping[int, Mapping[tuple[int, dt.date], Counts]],
    *,
    by: str,
    names: Mapping[Any, str],
) -> list[Comparison]:
    """Compare rating questions across clients (``by="client"``) or months (``by="month"``).

    Ranks (Kruskal-Wallis / Mann-Whitney) for the distributions, two-proportion
    tests for CSAT pairs with Holm correction across pairs, each with the
    smallest difference the data could detect.
    """
    out = []
    for question in questions:
        if question.kind != QuestionKind.RATING:
            continue
        groups: dict[str, list[Counts]] = defaultdict(list)
        for (client, month), counts in cells.get(question.pk, {}).items():
            key = client if by == "client" else month
            groups[names.get(key, str(key))].append(counts)
        ratings = {name: ratings_from(_merge(parts)) for name, parts in groups.items()}
        top = int(question.scale_max or 5) - question.top_boxes
        proportions = {
            name: (int(np.count_nonzero(r > top)), int(r.size)) for name, r in ratings.items()
        }
        out.append(
            Comparison(
                question,
                compare_ratings(groups=ratings, min_group_size=campaign.min_group_size),
                pairwise_proportions(counts=proportions, min_group_size=campaign.min_group_size),
            )
        )
    return out


def response_rate(campaign: Campaign, *, invited: int, answered: int) -> dict[str, Any]:
    """Invitations, answers, the rate, and the answers needed for the campaign's margin."""
    needed = sample_size(invited, 0.95, campaign.target_margin) if invited else 0
    return {
        "invited": invited,
        "answered": answered,
        "rate": answered / invited if invited else None,
        "needed": needed,
        "enough": answered >= needed if invited else None,
    }


def _answers(campaign: Campaign, key: str) -> dict[int, Answer]:
    return {
        a.response_id: a
        for a in Answer.objects.filter(response__campaign=campaign, question__key=key).only(
            "response_id", "value_int", "value_text", "value_json"
        )
    }


def staff_standing(campaign: Campaign, names: Mapping[int, str]) -> tuple[StaffStanding, ...]:
    """Staff above or below the campaign's CSAT standard, flagged only on evidence."""
    ratings = {
        rid: a.value_int
        for rid, a in _answers(campaign, "staff_rating").items()
        if a.value_int is not None
    }
    by_agent: dict[str, list[int]] = defaultdict(list)
    for response_id, agent_id in ResponseAgent.objects.filter(
        response__campaign=campaign
    ).values_list("response_id", "agent_id"):
        rating = ratings.get(response_id)
        if rating is not None:
            by_agent[names.get(agent_id, str(agent_id))].append(rating)
    if not by_agent:
        return ()
    return flag_staff(
        ratings_by_agent=dict(sorted(by_agent.items())),
        standard=campaign.csat_standard,
        scale_max=5,
        min_group_size=campaign.min_group_size,
    )


def by_service(campaign: Campaign, questions: Sequence[Question]) -> list[dict[str, Any]]:
    """For each request type: how often it was made, its mean importance, and the CSAT of
    the five dimensions among those who made it (suppressed under the smallest group)."""
    request_q = next((q for q in questions if q.kind == QuestionKind.REQUESTS), None)
    if request_q is None:
        return []
    dimension_qs = [q for q in questions if q.dimension in FIVE_DIMENSIONS]
    requests = _answers(campaign, request_q.key)
    ratings: dict[int, list[int]] = defaultdict(list)
    for response_id, value in Answer.objects.filter(
        response__campaign=campaign, question__in=dimension_qs, value_int__isnull=False
    ).values_list("response_id", "value_int"):
        if value is not None:
            ratings[response_id].append(value)
    rows = []
    for option in request_q.option_values():
        made = [rid for rid, a in requests.items() if option in (a.value_json or {})]
        importance = [int((requests[rid].value_json or {})[option]) for rid in made]
        pooled = [r for rid in made for r in ratings.get(rid, [])]
        small = len(made) < campaign.min_group_size
        rows.append(
            {
                "value": option,
                "label": request_q.option_label(option),
                "suppressed": small,
                "made": None if small else len(made),
                "importance": None if small or not importance else float(np.mean(importance)),
                "csat": None if small or not pooled else float(np.mean(np.asarray(pooled) >= 4)),
            }
        )
    return rows


def sla_split(campaign: Campaign) -> dict[str, Any]:
    """Low speed ratings split into real shortfalls (later than the SLA), expectations
    beyond the SLA (on time but slower than hoped) and unknown SLA."""
    speed = Answer.objects.filter(
        response__campaign=campaign,
        question__dimension__in=SPEED_DIMENSIONS,
        value_int__lte=LOW_SPEED_MAX,
    ).values_list("response_id", flat=True)
    low = set(speed)
    experience = _answers(campaign, SLA_QUESTION_KEY)
    split = {"shortfall": 0, "beyond_sla": 0, "unknown": 0}
    for response_id in low:
        answer = experience.get(response_id)
        value = answer.value_text if answer else ""
        if value == SLA_LATER_THAN_PROMISED:
            split["shortfall"] += 1
        elif value.startswith("within_sla"):
            split["beyond_sla"] += 1
        else:
            split["unknown"] += 1
    total = len(low)
    suppressed = total < campaign.min_group_size
    return {
        "total": None if suppressed else total,
        "suppressed": suppressed,
        **{k: None if suppressed else v for k, v in split.items()},
    }


def choice_distribution(campaign: Campaign, question: Question) -> dict[str, Any]:
    """Counts per option of a single-choice or yes/no question, suppressed when small."""
    values = list(
        Answer.objects.filter(response__campaign=campaign, question=question).values_list(
            "value_text", flat=True
        )
    )
    suppressed = len(values) < campaign.min_group_size
    return {
        "question": question,
        "text": localized(question.text),
        "suppressed": suppressed,
        "total": None if suppressed else len(values),
        "options": [
            (question.option_label(v), None if suppressed else values.count(v))
            for v in question.option_values()
        ],
    }


GROUP_ORDER = (Group.EMOTION, Group.QUALITY, Group.DIMENSION, Group.STAFF, Group.LOYALTY)
