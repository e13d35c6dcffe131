"""One reader for the special-day lists of the queue page and of ``kezek forecast``."""

from __future__ import annotations

from datetime import date

import pytest

from kezek.wfm.formats import ListedDay, SpecialDayListError, read_special_day_list


def read(
    text: str, *, max_factor: float = 10.0, reason_required: bool = True
) -> list[tuple[date, float, str]]:
    listed = read_special_day_list(text, max_factor=max_factor, reason_required=reason_required)
    return [(entry.day, entry.factor, entry.reason) for entry in listed]


def test_without_a_header_the_columns_are_date_factor_reason_commas_and_all() -> None:
    assert read("2026-12-16,0,Independence Day\n2026-12-31,0.5,New Year's Eve, short day\n") == [
        (date(2026, 12, 16), 0.0, "Independence Day"),
        (date(2026, 12, 31), 0.5, "New Year's Eve, short day"),
    ]


def test_a_header_names_the_columns_in_any_order_and_other_columns_are_ignored() -> None:
    text = "Region\tName\tFactor\tDate\nAlmaty\tNauryz\t0\t2026-03-23\nAstana\tLaunch\t1,3\t2026-04-02\n"

    assert read(text) == [
        (date(2026, 3, 23), 0.0, "Nauryz"),
        (date(2026, 4, 2), 1.3, "Launch"),  # a decimal comma where tabs separate the columns
    ]


def test_each_line_carries_its_number_for_later_checks() -> None:
    listed = read_special_day_list(
        "date;factor;reason\n\n2026-12-16;0;Independence Day\n",
        max_factor=10.0,
        reason_required=True,
    )

    assert listed == [
        ListedDay(line=3, day=date(2026, 12, 16), factor=0.0, reason="Independence Day")
    ]


def test_the_forecast_file_needs_no_reason_and_takes_the_ceiling_it_is_given() -> None:
    assert read(
        "date,factor\n2026-12-16,0\n2026-12-17,12\n", max_factor=1000.0, reason_required=False
    ) == [
        (date(2026, 12, 16), 0.0, ""),
        (date(2026, 12, 17), 12.0, ""),
    ]


def test_every_bad_line_is_named() -> None:
    text = "day;factor\n2026-12-16;0\n2026-12-16;1\n20261217;1\n2026-12-18;inf\n2026-12-19\n"

    with pytest.raises(SpecialDayListError) as raised:
        read(text, max_factor=1000.0, reason_required=False)

    assert raised.value.problems == [
        "line 3: 2026-12-16 comes twice",
        "line 4: 20261217 is not a date as YYYY-MM-DD",
        "line 5: the factor must be a number from 0 (closed) to 1000, not inf",
        "line 6: write the date and the factor",
    ]


def test_a_header_without_a_factor_column_is_refused() -> None:
    with pytest.raises(SpecialDayListError) as raised:
        read("date;reason\n2026-12-16;Independence Day\n")

    assert raised.value.problems == ["line 1: name the columns date and factor"]


def test_a_first_line_that_starts_with_a_date_is_a_day_even_if_its_reason_is_day() -> None:
    assert read("2027-06-06;1;Day\n2027-06-07;0;Factor\n") == [
        (date(2027, 6, 6), 1.0, "Day"),
        (date(2027, 6, 7), 0.0, "Factor"),
    ]


def test_a_header_named_day_and_factor_still_gives_the_columns() -> None:
    assert read("Factor;Day;Name\n0;2027-06-06;Day\n") == [(date(2027, 6, 6), 0.0, "Day")]
