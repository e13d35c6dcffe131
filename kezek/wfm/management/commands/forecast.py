"""``kezek forecast``: forecast calls per interval from a history file, into a CSV file.

See docs/forecast-cli.md for the contract (columns, days covered, time stamps).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kezek.core.spreadsheets import csv_text
from kezek.engine.forecasting.history import (
    HistoryError,
    IntervalCounts,
    format_timestamps,
    read_interval_counts,
)
from kezek.engine.forecasting.runs import ForecastRows, forecast_from_origin, forecast_rolling
from kezek.engine.io import write_text_atomically
from kezek.wfm.formats import (
    FORECAST_COLUMNS,
    SpecialDayListError,
    iso_date,
    read_special_day_list,
)

BAD_INPUT = 2
MAX_SPECIAL_DAY_FACTOR = (
    1_000.0  # above any campaign (the queue page allows 10): figures stay finite
)


class Command(BaseCommand):
    help = _(
        "Forecast calls per interval (mean and 80%/95% bands) from a per-interval history, "
        "from an origin date or rolling one day at a time."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--history",
            required=True,
            type=Path,
            help=_(
                "CSV, CSV.GZ or XLSX file with columns timestamp (or interval_start) and calls."
            ),
        )
        parser.add_argument(
            "--interval-minutes",
            required=True,
            type=int,
            help=_("Interval length in minutes (divides a day)."),
        )
        start = parser.add_mutually_exclusive_group(required=True)
        start.add_argument(
            "--origin",
            help=_("First day to forecast (YYYY-MM-DD); only history before it is used."),
        )
        start.add_argument(
            "--rolling-from",
            help=_("Forecast every day with rows from this day on, each from the days before it."),
        )
        parser.add_argument(
            "--horizon-days", type=int, default=1, help=_("Days ahead to forecast (1 to 84).")
        )
        parser.add_argument(
            "--output", required=True, type=Path, help=_("Output CSV file (.csv or .csv.gz).")
        )
        parser.add_argument(
            "--special-days",
            type=Path,
            help=_(
                "One line per day: date (YYYY-MM-DD), factor (0 closed, 0.5 half the calls, "
                "1.3 a campaign), optional reason; or columns named date and factor on line 1. "
                "Those days are left out of the fit; forecast ones are multiplied by their factor."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        if not output.name.lower().endswith((".csv", ".csv.gz")):
            raise CommandError(
                _("--output must end in .csv or .csv.gz, got %(name)s") % {"name": output.name},
                returncode=BAD_INPUT,
            )
        if not output.resolve().parent.is_dir():
            raise CommandError(
                _("--output folder does not exist: %(path)s") % {"path": output.parent},
                returncode=BAD_INPUT,
            )
        history = _read_history(options["history"], options["interval_minutes"])
        special = _read_special_days(options["special_days"]) if options["special_days"] else {}
        try:
            if options["origin"] is not None:
                rows = forecast_from_origin(
                    history=history,
                    origin=_day("--origin", options["origin"]),
                    horizon_days=options["horizon_days"],
                    special_days=special,
                )
            else:
                rows = forecast_rolling(
                    history=history,
                    first_day=_day("--rolling-from", options["rolling_from"]),
                    horizon_days=options["horizon_days"],
                    special_days=special,
                )
        except ValueError as exc:
            raise CommandError(
                _("Cannot forecast: %(reason)s") % {"reason": exc}, returncode=BAD_INPUT
            ) from exc
        write_text_atomically(output, _csv_text(rows, history))
        self.stdout.write(
            _("Wrote %(rows)s intervals to %(path)s") % {"rows": rows.start.size, "path": output}
        )


def _read_history(path: Path, interval_minutes: int) -> IntervalCounts:
    if not path.is_file():
        raise CommandError(
            _("--history file not found: %(path)s") % {"path": path}, returncode=BAD_INPUT
        )
    try:
        return read_interval_counts(path=path, interval_minutes=interval_minutes)
    except HistoryError as exc:
        lines = "\n".join(str(p) for p in exc.problems)
        raise CommandError(
            _("--history %(path)s has %(count)s bad rows; nothing written:\n%(rows)s")
            % {"path": path, "count": len(exc.problems), "rows": lines},
            returncode=BAD_INPUT,
        ) from exc
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise CommandError(
            _("--history %(path)s cannot be read: %(reason)s") % {"path": path, "reason": exc},
            returncode=BAD_INPUT,
        ) from exc


def _read_special_days(path: Path) -> dict[date, float]:
    """Declared days and their factors; every bad line is named, and none is used then."""
    if not path.is_file():
        raise CommandError(
            _("--special-days file not found: %(path)s") % {"path": path}, returncode=BAD_INPUT
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(
            _("--special-days %(path)s cannot be read: %(reason)s") % {"path": path, "reason": exc},
            returncode=BAD_INPUT,
        ) from exc
    try:
        listed = read_special_day_list(
            text, max_factor=MAX_SPECIAL_DAY_FACTOR, reason_required=False
        )
    except SpecialDayListError as exc:
        raise CommandError(
            _("--special-days %(path)s has %(count)s bad rows; nothing written:\n%(rows)s")
            % {"path": path, "count": len(exc.problems), "rows": "\n".join(exc.problems)},
            returncode=BAD_INPUT,
        ) from exc
    return {entry.day: entry.factor for entry in listed}


def _day(option: str, text: str) -> np.datetime64:
    day = iso_date(text)
    if day is None:
        raise CommandError(
            _("%(option)s must be a date YYYY-MM-DD, got %(value)r")
            % {"option": option, "value": text},
            returncode=BAD_INPUT,
        )
    return np.datetime64(day, "D")


def _csv_text(rows: ForecastRows, history: IntervalCounts) -> str:
    stamps = format_timestamps(rows.start, history.timestamp_format, history.offsets_at(rows.start))
    values = np.column_stack(
        [rows.calls, rows.lower_80, rows.upper_80, rows.lower_95, rows.upper_95]
    )
    lines = ([stamp, *(f"{v:.3f}" for v in row)] for stamp, row in zip(stamps, values, strict=True))
    return csv_text([FORECAST_COLUMNS, *lines], lineterminator="\n")
