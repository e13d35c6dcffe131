"""A request's date fields show their dates to the browser's date picker in every language."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from kezek.servicedesk.forms import RequestForm
from kezek.servicedesk.tests.factories import Desk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ru", "zh-hans"])
def test_a_leave_period_keeps_its_dates_in_every_language(desk: Desk, language: str) -> None:
    initial = {"f_period_start": date(2026, 11, 27), "f_period_end": date(2026, 12, 4)}
    with translation.override(language):
        form = RequestForm(service=desk.vacation, user=desk.employee, initial=initial)
        start, end = str(form["f_period_start"]), str(form["f_period_end"])

    # Before: "27.11.2026" and "2026/11/27", which the browser's date picker shows as empty.
    assert 'type="date"' in start
    assert 'value="2026-11-27"' in start
    assert 'value="2026-12-04"' in end
