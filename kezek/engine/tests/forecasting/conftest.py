"""Session fixtures: the real-data slices (skipped when ``../shared/data`` is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kezek.engine.tests.forecasting import real_data


@pytest.fixture(scope="session")
def us_bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """US bank 5-minute counts, 30 weekdays from 2003-03-03 (see ``real_data``)."""
    return real_data.us_bank_slice(tmp_path_factory)


@pytest.fixture(scope="session")
def anonymous_bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Anonymous Bank per-call records of 1999-02-01 and 02 (see ``real_data``)."""
    return real_data.anonymous_bank_slice(tmp_path_factory)
