from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kezek.engine.forecasting.history import (
    HistoryError,
    TimestampFormat,
    format_timestamps,
    parse_interval_counts,
    read_interval_counts,
)


def parse(lines: list[str], interval_minutes: int = 30):  # type: ignore[no-untyped-def]
    rows = [line.split(",") for line in lines]
    return parse_interval_counts(header=rows[0], rows=rows[1:], interval_minutes=interval_minutes)


def test_reads_the_us_bank_slice_with_its_holidays_absent(us_bank: Path) -> None:
    history = read_interval_counts(path=us_bank, interval_minutes=5)
    days, calls = history.matrix()
    # fpp3 bank_calls: 169 five-minute intervals 07:00-21:00 per weekday; the
    # first row is 2003-03-03 07:00, 111 calls (man/bank_calls.Rd data).
    assert history.start.size == 30 * 169
    assert history.calls[0] == 111
    assert str(history.start[0]) == "2003-03-03T07:00"
    assert (calls > 0).sum(axis=1).tolist() == [169] * 30
    # Good Friday 2003-04-04 and Monday 04-07 are missing days, not zero days.
    assert np.datetime64("2003-04-04") not in days
    assert np.datetime64("2003-04-07") not in days
    assert history.timestamp_format == TimestampFormat(separator=" ", seconds=True, suffix="")


def test_every_bad_row_is_reported_with_its_line_and_reason() -> None:
    with pytest.raises(HistoryError) as caught:
        parse(
            [
                "timestamp,calls",
                "2003-03-03 07:00:00,10",
                "2003-03-03 07:30:00,-1",
                "2003-03-03 08:00:00,ten",
                "2003-02-30 08:00:00,5",
                "2003-03-03 08:10:00,5",
                "2003-03-03 07:00:00,12",
                "yesterday,3",
            ]
        )
    problems = [(p.line, p.column, p.reason) for p in caught.value.problems]
    assert [(line, column) for line, column, _ in problems] == [
        (3, "calls"),
        (4, "calls"),
        (5, "timestamp"),
        (6, "timestamp"),
        (7, "timestamp"),
        (8, "timestamp"),
    ]
    assert "must be a finite number >= 0" in problems[0][2]
    assert "not on the 30-minute grid" in problems[3][2]
    assert "duplicate interval 2003-03-03T07:00 (also on line 2)" in problems[4][2]
    assert "line 8, column 'timestamp'" in str(caught.value)


def test_a_local_time_the_spring_clock_change_skips_is_a_bad_row_of_that_zone() -> None:
    rows = [
        ["2003-04-06 01:30", "4"],
        ["2003-04-06 02:30", "5"],  # New York: 02:00 jumps to 03:00 on 6 April 2003
        ["2003-04-06 03:00", "-6"],
    ]
    with pytest.raises(HistoryError) as caught:
        parse_interval_counts(
            header=["timestamp", "calls"],
            rows=rows,
            interval_minutes=30,
            time_zone="America/New_York",
        )
    wall_clock = parse_interval_counts(
        header=["timestamp", "calls"], rows=rows[:2], interval_minutes=30
    )

    assert [(p.line, p.column, p.reason) for p in caught.value.problems] == [
        (3, "timestamp", "does not exist in America/New_York (clocks moved forward)"),
        (4, "calls", "must be a finite number >= 0, got '-6'"),
    ]
    assert wall_clock.calls.tolist() == [4.0, 5.0]  # without a zone, times are wall-clock


def test_a_missing_calls_column_is_reported_on_line_one() -> None:
    with pytest.raises(HistoryError, match="line 1, column 'calls': required column is missing"):
        parse(["interval_start,volume", "2003-03-03 07:00,1"])


def test_a_history_without_rows_says_so_and_one_whose_rows_are_all_bad_names_them() -> None:
    with pytest.raises(HistoryError) as empty:
        parse(["timestamp,calls"])
    with pytest.raises(HistoryError) as all_bad:
        parse(["timestamp,calls", "2003-03-03 07:00:00:00,1", "2003-03-03 07:30:00:00,2"])

    assert [str(p) for p in empty.value.problems] == [
        "line 2, column 'timestamp': the history has no data rows"
    ]
    assert [p.line for p in all_bad.value.problems] == [2, 3]
    assert all("cannot read time stamp" in p.reason for p in all_bad.value.problems)


def test_interval_minutes_must_divide_a_day() -> None:
    with pytest.raises(ValueError, match="interval_minutes must be a positive whole number"):
        parse(["timestamp,calls", "2003-03-03 07:00,1"], interval_minutes=7)


def test_a_uniform_utc_offset_is_kept() -> None:
    history = parse(["timestamp,calls", "2003-03-03T07:00+03:00,1", "2003-03-03T07:30+03:00,2"])
    assert history.timestamp_format == TimestampFormat(
        separator="T", seconds=False, suffix="+03:00"
    )
    assert history.offsets is None
    assert format_timestamps(history.start, history.timestamp_format).tolist() == [
        "2003-03-03T07:00+03:00",
        "2003-03-03T07:30+03:00",
    ]


def test_an_offset_that_changes_at_a_dst_switch_is_kept_per_row() -> None:
    # Sofia, spring 2024: the clocks went from +02:00 to +03:00 on Sunday 31 March.
    history = parse(
        [
            "timestamp,calls",
            "2024-03-29 09:00+02:00,4",
            "2024-03-30 09:00+02:00,3",
            "2024-04-01 09:00+03:00,5",
        ]
    )
    later = np.array(["2024-03-30T09:00", "2024-04-01T09:00", "2024-04-02T09:00"], "datetime64[m]")
    stamps = format_timestamps(later, history.timestamp_format, history.offsets_at(later))
    assert stamps.tolist() == [
        "2024-03-30 09:00+02:00",
        "2024-04-01 09:00+03:00",
        "2024-04-02 09:00+03:00",  # beyond the history: the clock last in force
    ]


def test_offsets_give_each_interval_its_utc_instant() -> None:
    history = parse(["timestamp,calls", "2024-03-30 09:00+02:00,3", "2024-04-01 09:00+0300,5"])
    naive = parse(["timestamp,calls", "2024-03-30 09:00,3"])
    utc = parse(["timestamp,calls", "2024-03-30T09:00Z,3"])
    assert history.utc_starts().astype(str).tolist() == ["2024-03-30T07:00", "2024-04-01T06:00"]
    assert utc.utc_starts().astype(str).tolist() == ["2024-03-30T09:00"]
    assert naive.utc_starts() is None


def test_the_hour_an_autumn_switch_repeats_is_named_and_a_mix_refused() -> None:
    with pytest.raises(HistoryError) as caught:
        parse(
            [
                "timestamp,calls",
                "2024-10-27 03:00+03:00,1",
                "2024-10-27 03:30+03:00,1",
                "2024-10-27 03:00+02:00,2",
                "2024-10-27 03:30+02:00,2",
                "2024-10-27 04:00,2",
            ]
        )
    messages = [str(p) for p in caught.value.problems]
    assert messages[0] == (
        "line 4, column 'timestamp': 2024-10-27T03:00 comes twice, at UTC offsets +03:00 "
        "(line 2) and +02:00: the hour a clock change repeats; merge or drop it"
    )
    assert "line 6, column 'timestamp': mixes time stamps with and without a UTC offset" in (
        messages
    )


def test_the_matrix_has_zeros_for_quiet_intervals_and_no_row_for_absent_days() -> None:
    history = parse(["timestamp,calls", "2003-03-03 07:00,4", "2003-03-05 08:00,6", ""])
    days, calls = history.matrix()
    assert days.astype(str).tolist() == ["2003-03-03", "2003-03-05"]
    assert calls.shape == (2, 48)
    assert calls[0, 14] == 4
    assert calls[1, 16] == 6
    assert calls.sum() == 10


def test_optional_columns_are_read_and_may_be_blank() -> None:
    history = parse(
        ["timestamp,calls,handled,aht_s", "2003-03-03 07:00,4,3,", "2003-03-03 07:30,2,2,180"]
    )
    assert history.handled is not None
    assert history.aht_s is not None
    assert history.handled.tolist() == [3.0, 2.0]
    assert np.isnan(history.aht_s[0])
    assert history.aht_s[1] == 180.0


def test_a_quoted_cell_holding_the_delimiter_is_one_cell(tmp_path: Path) -> None:
    # Before: the line was split at every comma, so the queue's name shifted the columns.
    path = tmp_path / "history.csv"
    path.write_text('queue,timestamp,calls\n"Sales, EMEA",2003-03-03 07:00,40\n')

    history = read_interval_counts(path=path, interval_minutes=30)

    assert history.calls.tolist() == [40.0]
