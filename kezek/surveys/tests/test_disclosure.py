"""Secondary suppression: a small group hidden on a breakdown cannot be computed back from
shown cells and totals (complementary disclosure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from kezek.conftest import World
from kezek.surveys import reports, selectors
from kezek.surveys.disclosure import Line, protect, recoverable
from kezek.surveys.reports import Cell
from kezek.surveys.tests.conftest import People
from kezek.surveys.tests.factories import bulk_ratings, open_campaign

JAN, FEB = dt.date(2026, 1, 1), dt.date(2026, 2, 1)


def grid_lines(rows: int, columns: int) -> list[Line]:
    return [
        *(Line(("r", r), tuple(("c", r, c) for c in range(columns))) for r in range(rows)),
        *(Line(("k", c), tuple(("c", r, c) for r in range(rows))) for c in range(columns)),
        Line(("all",), tuple(("r", r) for r in range(rows))),
        Line(("all",), tuple(("k", c) for c in range(columns))),
    ]


def grid_sizes(table: Sequence[Sequence[int]]) -> dict[Hashable, int]:
    sizes: dict[Hashable, int] = {}
    for r, row in enumerate(table):
        for c, size in enumerate(row):
            sizes[("c", r, c)] = size
        sizes[("r", r)] = sum(row)
    for c in range(len(table[0])):
        sizes[("k", c)] = sum(row[c] for row in table)
    sizes[("all",)] = sum(map(sum, table))
    return sizes


def determined(lines: Sequence[Line], hidden: set[Hashable]) -> set[Hashable]:
    """Independent of the module's null-space audit: an unknown is determined exactly when
    its unit vector lies in the row space of the equations over the unknowns (rank test)."""
    unknowns = sorted(hidden, key=repr)
    index = {key: i for i, key in enumerate(unknowns)}
    matrix = np.zeros((len(lines), len(unknowns)))
    for row, line in enumerate(lines):
        if line.total in index:
            matrix[row, index[line.total]] -= 1
        for part in line.parts:
            if part in index:
                matrix[row, index[part]] += 1
    rank = np.linalg.matrix_rank(matrix)
    return {
        key
        for key in unknowns
        if np.linalg.matrix_rank(np.vstack([matrix, np.eye(len(unknowns))[index[key]]])) == rank
    }


def test_a_row_with_one_hidden_cell_hides_its_next_smallest_cell() -> None:
    # Client 0: 8 answers in January, 3 in February; client 1: 6 and 7.
    sizes = grid_sizes([[8, 3], [6, 7]])
    lines = grid_lines(2, 2)

    hidden = protect(lines=lines, sizes=sizes, primary={("c", 0, 1)})

    # Row 0 hides January (8); then each column has one hidden cell, so the other row's go too.
    assert hidden == {("c", 0, 0), ("c", 0, 1), ("c", 1, 0), ("c", 1, 1)}
    assert not determined(lines, hidden)
    assert determined(lines, {("c", 0, 1)}) == {("c", 0, 1)}  # the gap this closes


def test_a_hidden_cell_alone_in_its_row_hides_the_row_total() -> None:
    sizes = grid_sizes([[3, 0], [9, 12]])
    lines = grid_lines(2, 2)

    hidden = protect(lines=lines, sizes=sizes, primary={("c", 0, 0), ("r", 0)})

    assert not determined(lines, hidden)
    assert ("c", 1, 0) in hidden  # January's total minus client 1 would give client 0 back
    assert ("all",) not in hidden


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda rows: st.integers(1, 4).flatmap(
            lambda columns: st.lists(
                st.lists(st.integers(0, 12), min_size=columns, max_size=columns),
                min_size=rows,
                max_size=rows,
            )
        )
    )
)
def test_no_suppressed_group_can_be_computed_back_on_any_table(
    table: list[list[int]],
) -> None:
    sizes = grid_sizes(table)
    lines = grid_lines(len(table), len(table[0]))
    primary = {key for key, size in sizes.items() if 0 < size < 5}

    hidden = protect(lines=lines, sizes=sizes, primary=primary)

    assert primary <= hidden
    assert not determined(lines, hidden)
    assert not recoverable(lines, hidden)
    for line in lines:  # the classic rule holds on every row and column
        assert sum(key in hidden for key in (line.total, *line.parts)) != 1


@pytest.mark.django_db
def test_the_results_page_and_api_give_no_small_month_away(
    client: Client, world: World, people: People
) -> None:
    campaign = open_campaign([world.client, world.other_client])
    bulk_ratings(campaign, world.client, {"politeness": [5] * 8}, month=JAN)
    bulk_ratings(campaign, world.client, {"politeness": [1, 1, 2]}, month=FEB)
    bulk_ratings(campaign, world.other_client, {"politeness": [4] * 6}, month=JAN)
    bulk_ratings(campaign, world.other_client, {"politeness": [5] * 7}, month=FEB)
    client.force_login(people.centre_manager)

    data = client.get(f"/api/surveys/campaigns/{campaign.pk}/results").json()
    page = client.get(reverse("surveys:results", args=[campaign.pk])).content.decode()
    questions = selectors.questions_of(campaign)
    cells = reports.load_tallies(selectors.tallies_for(people.centre_manager, campaign))
    table = next(
        t for t in reports.tables(campaign, questions, cells) if t.question.key == "politeness"
    )

    # Before: client A's total 11 minus its January 8 gave February's 3 answers (two 1s, a 2).
    assert not any(isinstance(cell, Cell) for cell in table.cells.values())
    assert isinstance(table.by_client[world.client.pk], Cell)  # totals stay: 11, 13, 14, 10
    assert [c.answers for c in table.by_month.values() if isinstance(c, Cell)] == [14, 10]
    politeness = [c for c in data["cells"] if c["question"] == "politeness"]
    assert len(politeness) == 4
    assert all(c["summary"]["suppressed"] for c in politeness)
    assert data["questions"]["politeness"]["answers"] == 24
    assert "n=3" not in page
    assert "n=8" not in page


@pytest.mark.django_db
def test_a_client_manager_sees_no_small_month_through_their_total(
    client: Client, world: World, people: People
) -> None:
    campaign = open_campaign([world.client])
    bulk_ratings(campaign, world.client, {"politeness": [5] * 9}, month=JAN)
    bulk_ratings(campaign, world.client, {"politeness": [1, 2]}, month=FEB)
    client.force_login(people.manager)

    data = client.get(f"/api/surveys/campaigns/{campaign.pk}/results").json()
    page = client.get(reverse("surveys:results", args=[campaign.pk])).content.decode()

    # One company, two months: 11 overall minus January's 9 would be February's 2.
    politeness = [c for c in data["cells"] if c["question"] == "politeness"]
    assert [c["summary"]["suppressed"] for c in politeness] == [True, True]
    assert data["questions"]["politeness"]["answers"] == 11
    assert "n=9" not in page
