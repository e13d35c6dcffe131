"""Output files are written whole or not at all."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from kezek.engine.io import write_text_atomically


def test_text_is_written_as_utf8_with_its_line_ends(tmp_path: Path) -> None:
    target = tmp_path / "schedule.csv"

    write_text_atomically(target, "shift,name\r\nearly,Ákos\r\n")

    assert target.read_bytes() == "shift,name\r\nearly,Ákos\r\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["schedule.csv"]


def test_a_gz_name_is_gzipped_the_same_way_every_time(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv.gz", tmp_path / "b.csv.gz"

    write_text_atomically(first, "timestamp,calls\n")
    write_text_atomically(second, "timestamp,calls\n")

    assert gzip.decompress(first.read_bytes()) == b"timestamp,calls\n"
    assert first.read_bytes() == second.read_bytes()


def test_a_failed_write_leaves_the_target_as_it_was_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.mkdir()  # a rename over a folder fails after the temporary file is written

    with pytest.raises(IsADirectoryError):
        write_text_atomically(target, "new")

    assert target.is_dir()
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
