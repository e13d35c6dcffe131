from __future__ import annotations

import numpy as np
import pytest

from kezek.engine.forecasting import (
    CallTimeColumns,
    HistoryError,
    aggregate_calls,
    parse_call_times,
)

COLUMNS = CallTimeColumns(arrival="Queued At", answer="Answered At", end="Ended At")
HEADER = ["Call Id", "Queued At", "Answered At", "Ended At"]


def test_calls_with_their_times_become_intervals_with_waits_and_handle_times() -> None:
    rows = [
        ["1", "2024-03-04 09:01:10", "2024-03-04 09:01:40", "2024-03-04 09:05:40"],
        ["2", "2024-03-04 09:20:00", "", "2024-03-04 09:21:30"],  # hung up after 90 s
        ["3", "2024-03-04T09:40:00", "2024-03-04T09:40:10", "2024-03-04T09:42:10"],
    ]
    calls = parse_call_times(header=HEADER, rows=rows, columns=COLUMNS)
    stats = aggregate_calls(records=calls, interval_minutes=30, target_answer_s=20)

    assert calls.wait_s.tolist() == [30.0, 90.0, 10.0]
    assert calls.handle_s.tolist() == [240.0, 0.0, 120.0]
    nine, half_past = 18, 19  # 30-minute intervals of the day
    handled, abandoned, aht = stats.counts.handled, stats.counts.abandoned, stats.counts.aht_s
    assert handled is not None
    assert abandoned is not None
    assert aht is not None
    assert stats.counts.calls[[nine, half_past]].tolist() == [2, 1]
    assert handled[[nine, half_past]].tolist() == [1, 1]
    assert abandoned[[nine, half_past]].tolist() == [1, 0]
    assert aht[nine] == 240.0
    assert stats.service_level[half_past] == 1.0
    # Patience: waiting time of the offered calls per abandonment, (30 + 90) / 1.
    assert stats.patience_s[nine] == 120.0
    assert np.isnan(stats.patience_s[half_past])


def test_every_bad_row_is_named_and_no_call_is_kept() -> None:
    rows = [
        ["1", "2024-03-04 09:01", "2024-03-04 09:00", "2024-03-04 09:05"],
        ["2", "04/03/2024 09:20", "", "2024-03-04 09:21"],
        ["3", "2024-03-04 09:30", "", ""],
        ["4", "2024-03-04 09:40", "2024-03-04 09:41", "2024-03-04 09:40:30"],
    ]
    with pytest.raises(HistoryError) as caught:
        parse_call_times(header=HEADER, rows=rows, columns=COLUMNS)
    assert [str(p) for p in caught.value.problems] == [
        "line 2, column 'Answered At': answered before it arrived",
        "line 3, column 'Queued At': cannot read time '04/03/2024 09:20' "
        "(expected YYYY-MM-DD HH:MM:SS)",
        "line 4, column 'Ended At': time is missing",
        "line 5, column 'Ended At': ends before it was answered or arrived",
    ]


def test_a_missing_column_is_named_on_line_one() -> None:
    with pytest.raises(HistoryError, match="line 1, column 'end': required column is missing"):
        parse_call_times(header=["arrival", "answer"], rows=[])
