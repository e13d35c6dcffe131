"""Plotly figure specifications (plain dicts, drawn by plotly.js on the page)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from kezek.engine.sampling import DimensionSummary
from kezek.surveys.models import localized
from kezek.surveys.reports import Cell, QuestionResult, Table

COLOURS = ["#c0392b", "#e67e22", "#bdc3c7", "#7fb77e", "#2e8b57"]


def distribution(results: Sequence[QuestionResult], language: str | None = None) -> dict[str, Any]:
    """Stacked shares per scale point for each reportable 1-5 question."""
    shown = [
        r for r in results if isinstance(r.overall, DimensionSummary) and r.overall.scale_max == 5
    ]
    labels = [localized(r.question.text, language)[:48] for r in shown]
    traces = []
    for index in range(5):
        point = index + 1
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": str(point),
                "y": labels,
                "x": [
                    r.overall.counts[index] / r.overall.answers  # type: ignore[union-attr]
                    for r in shown
                ],
                "marker": {"color": COLOURS[index]},
            }
        )
    return {
        "data": traces,
        "layout": {
            "barmode": "stack",
            "xaxis": {"tickformat": ".0%", "title": _("Share of answers")},
            "yaxis": {"automargin": True},
            "margin": {"t": 20},
            "height": 80 + 40 * max(1, len(shown)),
        },
    }


def csat_by_month(tables: Sequence[Table], language: str | None = None) -> dict[str, Any]:
    """CSAT (top-2-box) per month with its Wilson 95% interval; suppressed months are gaps."""
    traces = []
    for table in tables:
        months: list[dt.date] = sorted(table.by_month)
        points = [table.by_month[m] for m in months]
        traces.append(_csat_trace(localized(table.question.text, language)[:40], months, points))
    return {
        "data": traces,
        "layout": {
            "yaxis": {"tickformat": ".0%", "range": [0, 1], "title": _("CSAT (top-2-box)")},
            "margin": {"t": 20},
            "height": 380,
        },
    }


def _csat_trace(name: str, months: Sequence[dt.date], points: Sequence[Any]) -> dict[str, Any]:
    values: list[float | None] = []
    plus: list[float | None] = []
    minus: list[float | None] = []
    for summary in points:
        if isinstance(summary, DimensionSummary | Cell):
            values.append(summary.top_box_fraction)
            plus.append(summary.top_box_high - summary.top_box_fraction)
            minus.append(summary.top_box_fraction - summary.top_box_low)
        else:
            values.append(None)
            plus.append(None)
            minus.append(None)
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": name,
        "x": [m.isoformat() for m in months],
        "y": values,
        "error_y": {"type": "data", "array": plus, "arrayminus": minus, "visible": True},
    }


def staff_chart(standings: Sequence[Any], standard: float) -> dict[str, Any]:
    shown = [s for s in standings if s.fraction is not None]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "x": [s.fraction for s in shown],
                "y": [s.agent for s in shown],
                "error_x": {
                    "type": "data",
                    "array": [s.high - s.fraction for s in shown],
                    "arrayminus": [s.fraction - s.low for s in shown],
                },
                # xgettext:no-python-format
                "name": _("CSAT with 95% interval"),
            }
        ],
        "layout": {
            "shapes": [
                {"type": "line", "x0": standard, "x1": standard, "yref": "paper", "y0": 0, "y1": 1}
            ],
            "xaxis": {"tickformat": ".0%", "range": [0, 1]},
            "yaxis": {"automargin": True},
            "margin": {"t": 20},
            "height": 80 + 28 * max(1, len(shown)),
        },
    }


def names_map(pairs: Mapping[int, str]) -> dict[int, str]:
    return dict(pairs)
