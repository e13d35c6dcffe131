"""A form's errors shown as a message after a redirect, away from the form itself; where a
form's ``next`` may send the browser."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.test import RequestFactory
from django.utils import translation

from kezek.core.http import form_errors, next_url


class LeaveForm(forms.Form):
    days = forms.IntegerField(label="Days off")
    reason = forms.CharField(label="Reason")
    note = forms.CharField(required=False, max_length=5)  # no label: Django makes one of the name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("days") or 0) > 30:
            raise forms.ValidationError("Ask HR for more than 30 days.")
        return data


def errors_of(data: dict[str, str]) -> str:
    form = LeaveForm(data)
    assert not form.is_valid()
    with translation.override("en"):
        return form_errors(form)


def test_each_field_error_says_which_field_it_is_about() -> None:
    message = errors_of({"days": "two", "reason": ""})

    # Before: "Enter a whole number. This field is required.": which field?
    assert message == "Days off: Enter a whole number. Reason: This field is required."


def test_a_field_without_a_label_goes_by_its_name_and_the_form_errors_stand_bare() -> None:
    message = errors_of({"days": "40", "reason": "Move", "note": "see me"})

    assert message == (
        "Note: Ensure this value has at most 5 characters (it has 6). Ask HR for more than 30 days."
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/desk/queue/?page=2&state=new", "/desk/queue/?page=2&state=new"),
        ("https://testserver/desk/queue/", "https://testserver/desk/queue/"),
        ("https://evil.example/phish", "/desk/queue/"),
        ("//evil.example/phish", "/desk/queue/"),
        ("/\\evil.example/phish", "/desk/queue/"),
        ("javascript:alert(1)", "/desk/queue/"),
        ("", "/desk/queue/"),
    ],
)
def test_next_is_followed_only_within_this_site(given: str, expected: str) -> None:
    request = RequestFactory().post("/desk/queue/bulk/", {"next": given})

    assert next_url(request, "servicedesk:queue") == expected
