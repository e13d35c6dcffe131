"""Small slices of the real call-centre files, built on the fly for tests.

The real files are third-party data (the US bank is GPL-3 fpp3 data; the
Anonymous Bank is a Technion SEE Center data set without a licence file), so
the repository holds none of them: they live in ``shared/data`` beside the
repository root (``../shared/data``; in CI a sibling of the checkout), or
wherever ``KEZEK_SHARED_DATA`` points. Tests that need them skip with a clear
reason when the folder is absent; every other test runs without it.

Each slice is written once per test session into the session's temporary
folder, byte for byte what a plain ``head``/``grep`` of the real file gives:

* ``us_bank_5min_2003-03-03_30days.csv.gz``: the header and the first
  30 weekdays × 169 intervals of ``us_bank_calls_5min_2003_first100days.csv.gz``
  (2003-03-03 .. 2003-04-15);
* ``anonymous_bank_1999-02-01_02.tsv.gz``: the header and every call of
  1999-02-01 and 1999-02-02 (column ``date``) of
  ``anonymous_bank_1999_02_calls.tsv.gz``, in file order, CRLF kept.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Callable
from pathlib import Path

import pytest

__all__ = [
    "ANONYMOUS_BANK_SLICE",
    "US_BANK_SLICE",
    "anonymous_bank_slice",
    "shared_data_dir",
    "us_bank_slice",
]

ENV_VARIABLE = "KEZEK_SHARED_DATA"
US_BANK_SOURCE = "us_bank_calls_5min_2003_first100days.csv.gz"
ANONYMOUS_BANK_SOURCE = "anonymous_bank_1999_02_calls.tsv.gz"
US_BANK_SLICE = "us_bank_5min_2003-03-03_30days.csv.gz"
ANONYMOUS_BANK_SLICE = "anonymous_bank_1999-02-01_02.tsv.gz"
US_BANK_DAYS = 30
US_BANK_INTERVALS_PER_DAY = 169
ANONYMOUS_BANK_DATES = (b"990201", b"990202")
_DATE_COLUMN = 5  # vru+line, call_id, customer_id, priority, type, date, ...


def shared_data_dir() -> Path:
    """``$KEZEK_SHARED_DATA`` if set, else ``shared/data`` beside the repository root."""
    configured = os.environ.get(ENV_VARIABLE)
    if configured:
        return Path(configured).resolve()
    root = Path(__file__).resolve().parents[4]  # forecasting, tests, engine, kezek, root
    return (root / ".." / "shared" / "data").resolve()


def _source(name: str) -> Path:
    """The real file ``name``, or skip the test with the reason it is missing."""
    folder = shared_data_dir()
    if not folder.is_dir():
        pytest.skip(
            f"../shared/data is not beside the checkout: {folder} is absent "
            f"(set {ENV_VARIABLE} to the folder holding {name})"
        )
    path = folder / name
    if not path.is_file():
        pytest.skip(f"{name} is not in {folder}")
    return path


def _slice(
    factory: pytest.TempPathFactory,
    name: str,
    source: str,
    keep: Callable[[list[bytes]], list[bytes]],
) -> Path:
    """Write ``name`` once per session from ``source``, keeping the lines ``keep`` selects."""
    real = _source(source)
    folder = factory.getbasetemp() / "shared-data-slices"
    target = folder / name
    if not target.is_file():
        folder.mkdir(exist_ok=True)
        lines = gzip.decompress(real.read_bytes()).split(b"\n")
        text = b"\n".join(keep(lines)) + b"\n"
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(gzip.compress(text, mtime=0))
        tmp.replace(target)
    return target


def _us_bank_days(lines: list[bytes]) -> list[bytes]:
    return lines[: 1 + US_BANK_DAYS * US_BANK_INTERVALS_PER_DAY]


def _anonymous_bank_dates(lines: list[bytes]) -> list[bytes]:
    def date(line: bytes) -> bytes:
        fields = line.split(b"\t")
        return fields[_DATE_COLUMN] if len(fields) > _DATE_COLUMN else b""

    return [lines[0], *(line for line in lines[1:] if date(line) in ANONYMOUS_BANK_DATES)]


def us_bank_slice(factory: pytest.TempPathFactory) -> Path:
    """US bank, 5-minute counts, weekdays 2003-03-03 .. 2003-04-15 (30 days × 169 intervals)."""
    return _slice(factory, US_BANK_SLICE, US_BANK_SOURCE, _us_bank_days)


def anonymous_bank_slice(factory: pytest.TempPathFactory) -> Path:
    """Anonymous Bank per-call records of 1999-02-01 and 1999-02-02 (3,413 calls)."""
    return _slice(factory, ANONYMOUS_BANK_SLICE, ANONYMOUS_BANK_SOURCE, _anonymous_bank_dates)
