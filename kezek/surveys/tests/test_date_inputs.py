"""Survey dates show to the browser's date pickers in every language."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django import forms
from django.utils import timezone, translation

from kezek.surveys.forms import ActionForm, CampaignForm, PaperForm


@pytest.mark.parametrize("language", ["ru", "zh-hans"])
@pytest.mark.parametrize(
    ("form_class", "field"), [(ActionForm, "due_on"), (PaperForm, "submitted_on")]
)
def test_a_date_keeps_its_value_in_every_language(
    language: str, form_class: type[forms.Form], field: str
) -> None:
    with translation.override(language):
        shown = str(form_class(initial={field: date(2026, 11, 27)})[field])

    # Before: "27.11.2026" and "2026/11/27", which the browser's date picker shows as empty.
    assert 'value="2026-11-27"' in shown


@pytest.mark.parametrize("language", ["ru", "zh-hans"])
def test_a_campaign_opening_keeps_its_value_and_is_read_back_in_every_language(
    language: str,
) -> None:
    opens = datetime(2026, 11, 27, 9, 30, tzinfo=timezone.get_current_timezone())
    with translation.override(language):
        shown = str(CampaignForm(initial={"opens_at": opens})["opens_at"])
        sent_back = CampaignForm({"opens_at": "2026-11-27T09:30"})
        sent_back.is_valid()

    assert 'value="2026-11-27T09:30"' in shown
    assert "opens_at" not in sent_back.errors
