from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kezek.engine.forecasting.calls import (
    CallColumns,
    aggregate_calls,
    parse_call_records,
    read_call_records,
)
from kezek.engine.forecasting.history import HistoryError

HEADER = [
    "vru+line",
    "call_id",
    "customer_id",
    "priority",
    "type",
    "date",
    "vru_entry",
    "vru_exit",
    "vru_time",
    "q_start",
    "q_exit",
    "q_time",
    "outcome",
    "ser_start",
    "ser_exit",
    "ser_time",
    "server",
]


def test_anonymous_bank_calls_aggregate_to_the_hand_counted_interval(anonymous_bank: Path) -> None:
    records = read_call_records(path=anonymous_bank)
    stats = aggregate_calls(records=records, interval_minutes=30, target_answer_s=20)
    counts = stats.counts
    # 1999-02-01 and 02: 2,952 AGENT + 434 HANG calls; 27 PHANTOM calls ignored.
    assert counts.calls.sum() == 3386
    # A few calls of 02-02 asked for an agent after midnight: a third day.
    assert counts.start.astype("datetime64[D]")[::48].astype(str).tolist() == [
        "1999-02-01",
        "1999-02-02",
        "1999-02-03",
    ]
    # 1999-02-01 10:00-10:30, counted independently with awk on the raw file
    # (vru_exit 10:00:00-10:29:59, AGENT or HANG): 53 calls, 45 handled,
    # mean ser_time 190.867 s, mean q_time of handled 49.156 s, 16 of 53
    # answered within 20 s, 8 abandoned, total q_time / abandoned 340.375 s.
    i = int(np.flatnonzero(counts.start == np.datetime64("1999-02-01T10:00"))[0])
    assert (counts.calls[i], counts.handled[i], counts.abandoned[i]) == (53, 45, 8)  # type: ignore[index]
    assert counts.aht_s[i] == pytest.approx(190.867, abs=1e-3)  # type: ignore[index]
    assert stats.asa_s[i] == pytest.approx(49.156, abs=1e-3)
    assert stats.service_level[i] == pytest.approx(16 / 53)
    assert stats.abandonment[i] == pytest.approx(8 / 53)
    assert stats.patience_s[i] == pytest.approx(340.375)


def test_quiet_intervals_are_zero_calls_with_unknown_aht(anonymous_bank: Path) -> None:
    stats = aggregate_calls(records=read_call_records(path=anonymous_bank), interval_minutes=60)
    night = int(np.flatnonzero(stats.counts.start == np.datetime64("1999-02-01T04:00"))[0])
    assert stats.counts.calls[night] == 0
    assert np.isnan(stats.counts.aht_s[night])  # type: ignore[index]
    assert np.isnan(stats.patience_s[night])


def test_every_bad_call_row_is_reported() -> None:
    good = (
        "AA0101 1 0 0 PS 990201 7:02:47 7:02:56 9 0:00:00 0:00:00 0 AGENT 7:02:55 7:05:41 166 DORIT"
    )
    rows = [
        good.split(),
        good.replace("990201", "990231").split(),
        good.replace("7:02:56", "7:62:56").replace(" 166 ", " -3 ").split(),
        good.replace("AGENT", "PHANTOM").replace("990201", "bad").split(),
    ]
    with pytest.raises(HistoryError) as caught:
        parse_call_records(header=HEADER, rows=rows)
    found = [(p.line, p.column) for p in caught.value.problems]
    assert found == [(3, "date"), (4, "vru_exit"), (4, "ser_time")]


def test_a_call_that_waits_past_midnight_counts_on_the_next_day() -> None:
    row = "AA0115 14375 0 1 PS 990210 23:59:56 0:00:02 6 0:00:02 0:00:29 27 AGENT 0:00:29 0:00:58 29 BENSION"
    records = parse_call_records(header=HEADER, rows=[row.split()])
    assert str(records.arrival[0]) == "1999-02-11T00:00:02"


def test_a_column_mapping_reads_other_layouts() -> None:
    columns = CallColumns(
        entry="",
        date="day",
        date_format="YYYY-MM-DD",
        arrival="arrived",
        wait_s="waited",
        handle_s="talked",
        outcome="result",
        handled_values=("answered",),
        abandoned_values=("abandoned",),
    )
    rows = [
        ["2024-03-31", "01:59:00", "5", "100", "answered"],
        ["2024-03-31", "03:10:00", "30", "0", "abandoned"],
    ]
    records = parse_call_records(
        header=["day", "arrived", "waited", "talked", "result"], rows=rows, columns=columns
    )
    stats = aggregate_calls(records=records, interval_minutes=60)
    assert stats.counts.calls[[1, 3]].tolist() == [1, 1]
    assert stats.service_level[1] == 1.0
    assert stats.abandonment[3] == 1.0
