from __future__ import annotations

import csv
import gzip
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kezek.engine.tests.forecasting import real_data

COLUMNS = ["timestamp", "calls", "lower_80", "upper_80", "lower_95", "upper_95"]


@pytest.fixture
def us_bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Weekdays 2003-03-03 .. 2003-04-15 of the fpp3 bank_calls data, 169 five-minute
    intervals a day, built from ../shared/data (skipped when it is absent)."""
    return real_data.us_bank_slice(tmp_path_factory)


def us_bank_rows(path: Path) -> list[list[str]]:
    with gzip.open(path, "rt") as handle:
        return list(csv.reader(handle))


def weekday_centre_rows() -> list[list[str]]:
    """Synthetic: weekdays 2003-03-03 .. 2003-04-15, 09:00-10:55, 5-minute intervals."""
    rows = [["timestamp", "calls"]]
    for day in np.arange(np.datetime64("2003-03-03"), np.datetime64("2003-04-16")):
        if (day.astype(np.int64) + 3) % 7 < 5:
            for k in range(24):
                stamp = day.astype("datetime64[m]") + np.timedelta64(9 * 60 + 5 * k, "m")
                rows.append([str(stamp).replace("T", " ") + ":00", str(10 + k % 7)])
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join(",".join(row) for row in rows) + "\n")
    return path


def read_output(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt") as handle:
        return list(csv.DictReader(handle))


def forecast(*args: str) -> None:
    call_command("forecast", *args)


def test_an_origin_forecast_writes_every_interval_of_the_working_days(
    tmp_path: Path, us_bank: Path
) -> None:
    out = tmp_path / "forecast.csv"
    forecast(
        "--history",
        str(us_bank),
        "--interval-minutes",
        "5",
        "--origin",
        "2003-04-14",
        "--horizon-days",
        "7",
        "--output",
        str(out),
    )
    rows = read_output(out)
    assert list(rows[0]) == COLUMNS
    days = sorted({r["timestamp"][:10] for r in rows})
    # Saturday 04-19 and Sunday 04-20 never had rows: the centre is closed then.
    assert days == ["2003-04-14", "2003-04-15", "2003-04-16", "2003-04-17", "2003-04-18"]
    assert len(rows) == 5 * 169
    assert rows[0]["timestamp"] == "2003-04-14 07:00:00"  # the input's own format
    assert rows[-1]["timestamp"] == "2003-04-18 21:00:00"
    for row in rows[:200]:
        values = [float(row[c]) for c in COLUMNS[1:]]
        assert values[3] <= values[1] <= values[0] <= values[2] <= values[4]


def test_rolling_forecasts_every_day_with_rows_from_the_start_day(
    tmp_path: Path, us_bank: Path
) -> None:
    out = tmp_path / "rolling.csv.gz"
    forecast(
        "--history",
        str(us_bank),
        "--interval-minutes",
        "5",
        "--rolling-from",
        "2003-04-08",
        "--horizon-days",
        "1",
        "--output",
        str(out),
    )
    expected = [r[0] for r in us_bank_rows(us_bank)[1:] if r[0] >= "2003-04-08"]
    assert [r["timestamp"] for r in read_output(out)] == expected


def test_rows_after_the_origin_change_nothing(tmp_path: Path, us_bank: Path) -> None:
    rows = us_bank_rows(us_bank)
    tampered = [rows[0]] + [[t, str(int(c) * 7) if t >= "2003-04-10" else c] for t, c in rows[1:]]
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    common = ["--interval-minutes", "5", "--origin", "2003-04-10", "--horizon-days", "3"]
    forecast("--history", str(us_bank), *common, "--output", str(first))
    forecast(
        "--history", str(write_csv(tmp_path / "t.csv", tampered)), *common, "--output", str(second)
    )
    assert first.read_bytes() == second.read_bytes()


def test_bad_rows_are_all_reported_and_nothing_is_written(tmp_path: Path) -> None:
    rows = weekday_centre_rows()
    rows[5][1] = "-3"
    rows[9][0] = "2003-03-03 07:42:00"
    rows[12] = list(rows[11])
    out = tmp_path / "forecast.csv"
    out.write_text("previous\n")
    with pytest.raises(CommandError) as caught:
        forecast(
            "--history",
            str(write_csv(tmp_path / "bad.csv", rows)),
            "--interval-minutes",
            "5",
            "--origin",
            "2003-04-10",
            "--output",
            str(out),
        )
    assert caught.value.returncode == 2
    message = str(caught.value)
    assert "3 bad rows" in message
    assert "line 6, column 'calls'" in message
    assert "line 10, column 'timestamp'" in message
    assert "not on the 5-minute grid" in message
    assert (
        "line 13, column 'timestamp': duplicate interval 2003-03-03T09:50 (also on line 12)"
        in message
    )
    assert out.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "forecast.csv"]


def test_a_count_beyond_the_ceiling_exits_2_naming_the_row_and_writes_nothing(
    tmp_path: Path,
) -> None:
    rows = weekday_centre_rows()
    rows[5][1] = "9223372036854775807"
    rows[6][1] = "1e308"
    out = tmp_path / "forecast.csv"
    with pytest.raises(CommandError) as caught:
        forecast(
            "--history",
            str(write_csv(tmp_path / "huge.csv", rows)),
            "--interval-minutes",
            "5",
            "--origin",
            "2003-04-10",
            "--output",
            str(out),
        )
    assert caught.value.returncode == 2
    assert str(caught.value).splitlines()[1:] == [
        "line 6, column 'calls': must be at most 100,000, got '9223372036854775807'",
        "line 7, column 'calls': must be at most 100,000, got '1e308'",
    ]
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--origin", "2003-04-31"], "--origin must be a date YYYY-MM-DD"),
        (["--origin", "2003-03-06"], "at least 7 are needed"),
        (
            ["--origin", "2003-03-17", "--horizon-days", "28"],
            "the history before 2003-03-17 spans 12 days; a 28-day horizon needs at least 28",
        ),
        (
            ["--origin", "2003-04-10", "--horizon-days", "0"],
            "horizon_days must be between 1 and 84",
        ),
        (["--rolling-from", "2003-05-01"], "no day on or after 2003-05-01"),
    ],
)
def test_bad_options_exit_with_code_2_and_a_clear_message(
    tmp_path: Path, args: list[str], message: str
) -> None:
    history = write_csv(tmp_path / "history.csv", weekday_centre_rows())
    out = tmp_path / "forecast.csv"
    with pytest.raises(CommandError, match=message) as caught:
        forecast("--history", str(history), "--interval-minutes", "5", *args, "--output", str(out))
    assert caught.value.returncode == 2
    assert not out.exists()


def test_an_xlsx_history_with_interval_start_is_read(tmp_path: Path, us_bank: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["interval_start", "calls"])
    for stamp, calls in us_bank_rows(us_bank)[1:]:
        sheet.append([stamp, int(calls)])
    book.save(tmp_path / "history.xlsx")
    out = tmp_path / "forecast.csv"
    forecast(
        "--history",
        str(tmp_path / "history.xlsx"),
        "--interval-minutes",
        "5",
        "--origin",
        "2003-04-16",
        "--horizon-days",
        "1",
        "--output",
        str(out),
    )
    assert len(read_output(out)) == 169


def test_the_kezek_command_exits_with_code_2_on_a_missing_file(tmp_path: Path) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kezek.config.settings"}
    # The real process, for its exit code; the arguments are fixed test values.
    done = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "kezek",
            "forecast",
            "--history",
            str(tmp_path / "none.csv"),
            "--interval-minutes",
            "5",
            "--origin",
            "2003-04-10",
            "--output",
            str(tmp_path / "out.csv"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "--history file not found" in done.stderr


def test_declared_special_days_close_and_scale_days_of_the_horizon(tmp_path: Path) -> None:
    history = write_csv(tmp_path / "history.csv", weekday_centre_rows())
    special = tmp_path / "special.csv"
    special.write_text("Date;Factor;Name\n2003-04-16;0;Closed for a move\n2003-04-17;1.5;Launch\n")
    plain, told = tmp_path / "plain.csv", tmp_path / "told.csv"
    common = ["--interval-minutes", "5", "--origin", "2003-04-16", "--horizon-days", "2"]

    forecast("--history", str(history), *common, "--output", str(plain))
    forecast(
        "--history", str(history), *common, "--special-days", str(special), "--output", str(told)
    )

    before, after = read_output(plain), read_output(told)
    assert {r["timestamp"][:10] for r in after} == {"2003-04-17"}  # the closed day has no rows
    thursday = [r for r in before if r["timestamp"].startswith("2003-04-17")]
    assert [r["timestamp"] for r in after] == [r["timestamp"] for r in thursday]
    for told_row, plain_row in zip(after, thursday, strict=True):
        assert float(told_row["calls"]) == pytest.approx(1.5 * float(plain_row["calls"]), abs=2e-3)


def test_a_special_days_list_as_pasted_on_the_queue_page_works_without_a_header(
    tmp_path: Path,
) -> None:
    history = write_csv(tmp_path / "history.csv", weekday_centre_rows())
    special = tmp_path / "special.csv"
    special.write_text("2003-04-16,0,Closed for a move\n")
    out = tmp_path / "forecast.csv"

    forecast(
        "--history", str(history), "--interval-minutes", "5", "--origin", "2003-04-16",
        "--horizon-days", "2", "--special-days", str(special), "--output", str(out),
    )  # fmt: skip

    assert {r["timestamp"][:10] for r in read_output(out)} == {"2003-04-17"}


def test_a_bad_special_days_file_names_every_line_and_writes_nothing(tmp_path: Path) -> None:
    history = write_csv(tmp_path / "history.csv", weekday_centre_rows())
    special = tmp_path / "special.csv"
    special.write_text(
        "date,factor\n2003-04-16,0\n16.04.2003,1\n2003-04-17,-1\n2003-04-18,nan\n2003-04-16,2\n"
        "2003-04-21,1e308\n"
    )
    out = tmp_path / "forecast.csv"

    with pytest.raises(CommandError) as caught:
        forecast(
            "--history", str(history), "--interval-minutes", "5", "--origin", "2003-04-16",
            "--special-days", str(special), "--output", str(out),
        )  # fmt: skip

    message = str(caught.value)
    assert caught.value.returncode == 2
    assert "5 bad rows" in message
    assert "line 3: 16.04.2003 is not a date as YYYY-MM-DD" in message
    assert "line 4: the factor must be a number from 0 (closed) to 1000, not -1" in message
    assert "line 5: the factor must be a number from 0 (closed) to 1000, not nan" in message
    assert "line 6: 2003-04-16 comes twice" in message
    # before: accepted, and the forecast written with "inf" and "nan" figures
    assert "line 7: the factor must be a number from 0 (closed) to 1000, not 1e308" in message
    assert not out.exists()


def test_a_special_days_file_without_a_factor_column_is_refused(tmp_path: Path) -> None:
    history = write_csv(tmp_path / "history.csv", weekday_centre_rows())
    special = tmp_path / "special.csv"
    special.write_text("date\n2003-04-16\n")

    with pytest.raises(CommandError) as caught:
        forecast(
            "--history", str(history), "--interval-minutes", "5", "--origin", "2003-04-16",
            "--special-days", str(special), "--output", str(tmp_path / "f.csv"),
        )  # fmt: skip

    assert "line 1: name the columns date and factor" in str(caught.value)


def test_time_stamps_whose_offset_changes_at_a_dst_switch_are_written_back_per_row(
    tmp_path: Path,
) -> None:
    # A Sofia centre, weekdays 09:00-10:55; the clocks went forward on Sunday 2024-03-31.
    rows = [["timestamp", "calls"]]
    for day in np.arange(np.datetime64("2024-02-05"), np.datetime64("2024-04-06")):
        if (day.astype(np.int64) + 3) % 7 < 5:
            suffix = "+02:00" if day < np.datetime64("2024-03-31") else "+03:00"
            for k in range(24):
                stamp = day.astype("datetime64[m]") + np.timedelta64(9 * 60 + 5 * k, "m")
                rows.append([str(stamp).replace("T", " ") + suffix, str(10 + k % 7)])
    history = write_csv(tmp_path / "history.csv", rows)
    out = tmp_path / "forecast.csv"

    forecast("--history", str(history), "--interval-minutes", "5",
             "--rolling-from", "2024-03-28", "--output", str(out))  # fmt: skip

    written = [row["timestamp"] for row in read_output(out)]
    assert written[0] == "2024-03-28 09:00+02:00"
    assert written[47] == "2024-03-29 10:55+02:00"
    assert written[48] == "2024-04-01 09:00+03:00"
    assert len(written) == 7 * 24  # 28, 29 March and 1-5 April
