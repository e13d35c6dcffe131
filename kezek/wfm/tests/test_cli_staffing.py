"""``kezek staffing``: the JSON contract, the table, CSV files and bad input (exit code 2)."""

import csv
import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

REFERENCE = ["--calls", "100", "--interval-minutes", "30", "--aht-seconds", "180",
             "--target-sl", "0.8", "--answer-seconds", "20"]  # fmt: skip
KEYS = ["agents", "scheduled_agents", "service_level", "asa_seconds", "occupancy",
        "wait_probability", "abandon_rate", "model"]  # fmt: skip


def run(*args: str) -> str:
    out = StringIO()
    call_command("staffing", *args, stdout=out)
    return out.getvalue()


def run_json(*args: str) -> dict[str, object]:
    result: dict[str, object] = json.loads(run(*args, "--json"))
    return result


def fails(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    return str(caught.value)


def test_reference_case_prints_the_contracted_json() -> None:
    # Call Centre Helper / pyworkforce reference: 14 agents, SL 0.8884, ASA 7.84 s.
    result = run_json(*REFERENCE)
    assert list(result) == KEYS
    assert result["agents"] == 14
    assert result["scheduled_agents"] == 14
    assert result["service_level"] == pytest.approx(0.8884, abs=5e-5)
    assert result["asa_seconds"] == pytest.approx(7.84, abs=5e-3)
    assert result["occupancy"] == pytest.approx(0.7143, abs=5e-5)
    assert result["wait_probability"] == pytest.approx(0.1741, abs=5e-5)
    assert result["abandon_rate"] is None
    assert result["model"] == "erlang_c"


def test_thirty_percent_shrinkage_schedules_twenty() -> None:
    assert run_json(*REFERENCE, "--shrinkage", "0.3")["scheduled_agents"] == 20


def test_any_one_target_suffices() -> None:
    assert (
        run_json("--calls", "100", "--aht-seconds", "180", "--max-asa-seconds", "10")["agents"]
        == 14
    )
    assert (
        run_json("--calls", "153", "--aht-seconds", "420", "--max-occupancy", "0.85")["agents"]
        == 42
    )


def test_patience_switches_to_erlang_a() -> None:
    result = run_json(*REFERENCE, "--patience-seconds", "600", "--max-abandon", "0.05")
    assert result["model"] == "erlang_a"
    assert isinstance(result["abandon_rate"], float)
    assert result["abandon_rate"] <= 0.05
    assert isinstance(result["agents"], int)
    assert result["agents"] <= 14


def test_given_agents_are_evaluated() -> None:
    result = run_json(
        "--calls", "100", "--aht-seconds", "180", "--agents", "13", "--shrinkage", "0.2"
    )
    assert (result["agents"], result["scheduled_agents"]) == (13, 17)
    assert (
        run_json("--calls", "100", "--aht-seconds", "180", "--agents", "9")["asa_seconds"] is None
    )


def test_without_json_a_readable_table_is_printed() -> None:
    text = run(*REFERENCE, "--shrinkage", "0.3")
    assert "Agents" in text
    assert "14" in text
    assert "20" in text
    assert "88.84%" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--calls", "-5", "--aht-seconds", "180", "--target-sl", "0.8"], "--calls"),
        (
            ["--calls", "ten", "--aht-seconds", "180", "--target-sl", "0.8"],
            "--calls must be a number",
        ),
        (["--calls", "100", "--aht-seconds", "0", "--target-sl", "0.8"], "--aht-seconds"),
        (["--calls", "100", "--aht-seconds", "180", "--target-sl", "1.2"], "--target-sl"),
        (["--calls", "100", "--aht-seconds", "180", "--target-sl", "0"], "--target-sl"),
        (
            ["--calls", "100", "--aht-seconds", "180", "--target-sl", "0.8", "--shrinkage", "1"],
            "--shrinkage",
        ),
        (["--calls", "100", "--aht-seconds", "180"], "no target"),
        (["--calls", "100", "--aht-seconds", "180", "--max-abandon", "0.1"], "--patience-seconds"),
        (["--calls", "100", "--target-sl", "0.8"], "--aht-seconds is required"),
        (["--calls", "1e9", "--aht-seconds", "1000", "--max-occupancy", "0.9"], "cannot be met"),
        (["--calls", "100", "--aht-seconds", "180", "--agents", "2.5"], "--agents"),
        (  # before: "agents[0] must be zero or more, got -9.223372036854776e+18"
            ["--calls", "100", "--aht-seconds", "180", "--agents", "1e300"],
            "--agents must be at most 1,000,000, got 1e300",
        ),
        (  # before: "interval_s must be a positive number, got inf"
            ["--calls", "100", "--aht-seconds", "180", "--interval-minutes", "1e308"],
            "--interval-minutes must be at most 1,440, got 1e308",
        ),
    ],
)
def test_bad_input_exits_with_code_two_naming_the_option(args: list[str], message: str) -> None:
    assert message in fails(*args)


def write_demand(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_csv_file_is_staffed_row_by_row_with_per_row_targets(tmp_path: Path) -> None:
    source = write_demand(tmp_path / "demand.csv", [
        {"queue": "payroll", "start": "08:00", "calls": "100", "aht_seconds": "180", "target_sl": "", "patience_seconds": ""},
        {"queue": "payroll", "start": "08:30", "calls": "0", "aht_seconds": "180", "target_sl": "", "patience_seconds": ""},
        {"queue": "hr", "start": "08:00", "calls": "100", "aht_seconds": "180", "target_sl": "0.9", "patience_seconds": "300"},
    ])  # fmt: skip
    target = tmp_path / "staffing.csv"
    run("--input", str(source), "--output", str(target), "--target-sl", "0.8", "--shrinkage", "0.3")
    with target.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:6] == [
        "queue",
        "start",
        "calls",
        "aht_seconds",
        "target_sl",
        "patience_seconds",
    ]
    assert list(rows[0])[6:] == KEYS
    assert (rows[0]["agents"], rows[0]["scheduled_agents"], rows[0]["model"]) == (
        "14",
        "20",
        "erlang_c",
    )
    assert (rows[1]["agents"], rows[1]["scheduled_agents"]) == ("0", "0")
    assert rows[0]["abandon_rate"] == ""
    assert rows[2]["model"] == "erlang_a"
    assert float(rows[2]["service_level"]) >= 0.9


def test_csv_to_stdout_without_output(tmp_path: Path) -> None:
    source = write_demand(tmp_path / "d.csv", [{"calls": "100", "aht_seconds": "180"}])
    text = run("--input", str(source), "--target-sl", "0.8")
    assert text.splitlines()[0] == "calls,aht_seconds," + ",".join(KEYS)
    assert text.splitlines()[1].startswith("100,180,14,14,")


def test_a_spreadsheet_export_with_semicolons_quotes_and_a_bom_is_read(tmp_path: Path) -> None:
    # Before: only commas were read, so the whole line was one column and "calls" was missing.
    source = tmp_path / "demand.csv"
    source.write_bytes('queue;calls;aht_seconds\r\n"Sales; EMEA";100;180\r\n'.encode("utf-8-sig"))

    text = run("--input", str(source), "--target-sl", "0.8")

    assert text.splitlines()[0] == "queue,calls,aht_seconds," + ",".join(KEYS)
    assert text.splitlines()[1].startswith("Sales; EMEA,100,180,14,14,")


def test_bad_csv_rows_are_all_reported_and_nothing_is_written(tmp_path: Path) -> None:
    source = write_demand(tmp_path / "demand.csv", [
        {"calls": "100", "aht_seconds": "180", "shrinkage": "0.3"},
        {"calls": "-4", "aht_seconds": "180", "shrinkage": "0.3"},
        {"calls": "100", "aht_seconds": "abc", "shrinkage": "1.5"},
    ])  # fmt: skip
    target = tmp_path / "staffing.csv"
    message = fails("--input", str(source), "--output", str(target), "--target-sl", "0.8")
    assert "line 3, column calls" in message
    assert "line 4, column aht_seconds" in message
    assert "line 4, column shrinkage" in message
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_a_huge_cell_is_named_by_line_and_column_and_nothing_is_written(tmp_path: Path) -> None:
    source = write_demand(tmp_path / "demand.csv", [
        {"calls": "100", "aht_seconds": "180", "agents": "9223372036854775807"},
    ])  # fmt: skip
    target = tmp_path / "staffing.csv"

    message = fails("--input", str(source), "--output", str(target), "--target-sl", "0.8")

    assert message == "line 2, column agents: must be at most 1,000,000, got 9223372036854775807"
    assert not target.exists()


def test_a_row_without_any_target_is_named(tmp_path: Path) -> None:
    source = write_demand(tmp_path / "d.csv", [
        {"calls": "100", "aht_seconds": "180", "target_sl": "0.8"},
        {"calls": "100", "aht_seconds": "180", "target_sl": ""},
    ])  # fmt: skip
    assert "line 3: no target" in fails("--input", str(source))


def test_a_file_without_calls_or_readable_content_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "d.csv"
    source.write_text("volume,aht_seconds\n1,2\n")
    assert "no column 'calls'" in fails("--input", str(source), "--target-sl", "0.8")
    assert "--input" in fails("--input", str(tmp_path / "missing.csv"), "--target-sl", "0.8")


def test_the_installed_command_exits_with_code_two_on_bad_input() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kezek", "staffing", "--calls", "100", "--aht-seconds", "180",
         "--target-sl", "1.5", "--json"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--target-sl" in done.stderr
    assert done.stdout == ""


def test_an_unreachable_row_is_named_by_its_line(tmp_path: Path) -> None:
    source = write_demand(tmp_path / "d.csv", [
        {"calls": "100", "aht_seconds": "180", "max_occupancy": ""},
        {"calls": "1e9", "aht_seconds": "1000", "max_occupancy": "0.9"},
    ])  # fmt: skip
    target = tmp_path / "out.csv"
    message = fails("--input", str(source), "--output", str(target), "--target-sl", "0.8")
    assert "line 3" in message
    assert "cannot be met" in message
    assert not target.exists()


def test_an_input_cell_written_like_a_formula_is_quoted_and_numbers_are_kept(
    tmp_path: Path,
) -> None:
    source = write_demand(tmp_path / "d.csv", [
        {"queue": '=HYPERLINK("http://x","y")', "change": "-3", "calls": "100", "aht_seconds": "180"},
    ])  # fmt: skip

    text = run("--input", str(source), "--target-sl", "0.8")

    row = next(csv.DictReader(StringIO(text)))
    assert (row["queue"], row["change"], row["agents"]) == (
        '\'=HYPERLINK("http://x","y")',
        "-3",
        "14",
    )
