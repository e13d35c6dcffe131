"""Input validation of workforce-planning pages."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kezek.accounts.choices import OrganisationKind
from kezek.accounts.models import Organisation
from kezek.core.versions import VersionedForm
from kezek.core.widgets import DateInput
from kezek.wfm.models import Queue, ShiftTemplate
from kezek.wfm.services.forecasts import (
    MAX_DAY_CHANGE_PERCENT,
    MAX_INTERVAL_CALLS,
    MIN_DAY_CHANGE_PERCENT,
)
from kezek.wfm.services.special_days import MAX_FACTOR
from kezek.wfm.services.staffing import (
    MAX_CALCULATOR_AGENTS,
    MAX_CALCULATOR_CALLS,
    MAX_CALCULATOR_SECONDS,
    MAX_INTERVAL_MINUTES,
)


class QueueForm(VersionedForm, forms.ModelForm):  # type: ignore[type-arg]
    """A queue's name, vendor, clock, service targets and planning assumptions.

    ``has_history``: the time zone and the interval are shown but fixed, as the
    stored intervals were cut on them.
    """

    class Meta:
        model = Queue
        fields = [
            "name",
            "vendor",
            "time_zone",
            "interval_minutes",
            "target_service_level",
            "target_answer_seconds",
            "max_occupancy",
            "shrinkage",
            "patience_seconds",
            "handle_time_seconds",
        ]
        widgets = {"time_zone": forms.TextInput(attrs={"list": "time-zones"})}
        help_texts = {
            "target_service_level": _("Share answered within the answer time, e.g. 0.8"),
            "max_occupancy": _("Share of their logged-in time agents are busy at most, e.g. 0.85"),
            "shrinkage": _("Share of paid time not on the phone (breaks, training), e.g. 0.3"),
        }

    def __init__(self, *args: Any, has_history: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        vendor = cast("forms.ModelChoiceField[Organisation]", self.fields["vendor"])
        vendor.queryset = Organisation.objects.filter(kind=OrganisationKind.VENDOR, is_active=True)
        vendor.empty_label = _("In-house")
        if has_history:
            for name in ("time_zone", "interval_minutes"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed: the imported history uses it.")


class StaffingForm(forms.Form):
    """The staffing calculator: the options of ``kezek staffing``."""

    calls = forms.FloatField(
        label=_("Calls per interval"), min_value=0, max_value=MAX_CALCULATOR_CALLS, initial=100
    )
    interval_minutes = forms.FloatField(
        label=_("Interval (minutes)"), min_value=1, max_value=MAX_INTERVAL_MINUTES, initial=30
    )
    aht_seconds = forms.FloatField(
        label=_("Average handle time (s)"),
        min_value=1,
        max_value=MAX_CALCULATOR_SECONDS,
        initial=180,
    )
    target_sl = forms.FloatField(
        label=_("Target service level"),
        required=False,
        min_value=0.01,
        max_value=0.999,
        initial=0.8,
        help_text=_("Share answered within the answer time, e.g. 0.8"),
    )
    answer_seconds = forms.FloatField(
        label=_("Answer time (s)"), min_value=1, max_value=MAX_CALCULATOR_SECONDS, initial=20
    )
    max_asa_seconds = forms.FloatField(
        label=_("Maximum average speed of answer (s)"),
        required=False,
        min_value=0.1,
        max_value=MAX_CALCULATOR_SECONDS,
    )
    max_occupancy = forms.FloatField(
        label=_("Maximum occupancy"), required=False, min_value=0.01, max_value=1
    )
    patience_seconds = forms.FloatField(
        label=_("Average patience (s)"),
        required=False,
        min_value=0.1,
        max_value=MAX_CALCULATOR_SECONDS,
        help_text=_("Set it to plan with abandonment (Erlang A)."),
    )
    max_abandon = forms.FloatField(
        label=_("Maximum abandonment"), required=False, min_value=0.0001, max_value=0.999
    )
    shrinkage = forms.FloatField(
        label=_("Shrinkage"), required=False, min_value=0, max_value=0.99, initial=0.3
    )
    agents = forms.IntegerField(
        label=_("Agents to evaluate"),
        required=False,
        min_value=0,
        max_value=MAX_CALCULATOR_AGENTS,
        help_text=_("Leave empty to find the fewest agents that meet the targets."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        targets = ("target_sl", "max_asa_seconds", "max_occupancy", "max_abandon")
        if data.get("agents") is None and all(data.get(name) is None for name in targets):
            raise forms.ValidationError(_("Give at least one target, or a number of agents."))
        if data.get("max_abandon") is not None and data.get("patience_seconds") is None:
            self.add_error("max_abandon", _("An abandonment target needs the average patience."))
        return data

    def engine_parameters(self) -> dict[str, Any]:
        """The keyword arguments of ``staff_interval`` for the cleaned form."""
        data = self.cleaned_data
        return {
            "contacts": data["calls"],
            "interval_s": data["interval_minutes"] * 60,
            "aht_s": data["aht_seconds"],
            "target_service_level": data.get("target_sl"),
            "target_answer_s": data["answer_seconds"],
            "max_asa_s": data.get("max_asa_seconds"),
            "max_abandon": data.get("max_abandon"),
            "max_occupancy": data.get("max_occupancy"),
            "patience_s": data.get("patience_seconds"),
            "shrinkage": data.get("shrinkage") or 0.0,
            "agents": data.get("agents"),
        }


HISTORY_KINDS = [
    ("intervals", _("Counts per interval (timestamp, calls, optional handled, abandoned, aht_s)")),
    (
        "calls",
        _("One row per call (Anonymous Bank columns: date, vru_exit, q_time, ser_time, outcome)"),
    ),
    (
        "call_times",
        _("One row per call with its times: arrival, answer (empty if abandoned), end"),
    ),
]
HISTORY_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".tsv.gz", ".txt", ".txt.gz", ".xlsx")
MAX_HISTORY_BYTES = 50 * 1024 * 1024


class HistoryImportForm(forms.Form):
    """An uploaded history file and what kind of rows it holds."""

    file = forms.FileField(label=_("File"))
    kind = forms.ChoiceField(label=_("Rows"), choices=HISTORY_KINDS, initial="intervals")
    # The column mapping of per-call files with times: each system names them its own way;
    # left empty, a column is looked for under the default name.
    arrival_column = forms.CharField(
        label=_("Arrival time column"), initial="arrival", required=False, max_length=100
    )
    answer_column = forms.CharField(
        label=_("Answer time column"), initial="answer", required=False, max_length=100
    )
    end_column = forms.CharField(
        label=_("End time column"), initial="end", required=False, max_length=100
    )

    def call_time_columns(self) -> dict[str, str] | None:
        """The column mapping for per-call files with times, else None."""
        if self.cleaned_data["kind"] != "call_times":
            return None
        return {
            name: self.cleaned_data[f"{name}_column"] or name
            for name in ("arrival", "answer", "end")
        }

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(HISTORY_SUFFIXES):
            raise forms.ValidationError(
                _("Use a CSV, TSV (optionally gzipped) or XLSX file; got %(name)s."),
                params={"name": upload.name},
            )
        if upload.size > MAX_HISTORY_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


class ShiftTemplateImportForm(forms.Form):
    """Shift templates as CSV, with the columns of ``kezek schedule --shifts``."""

    csv_text = forms.CharField(
        label=_("Templates (CSV)"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        initial="name,earliest_start,latest_start,start_step_minutes,length_minutes,lunch_minutes,"
        "days_of_week\nEarly,07:00,09:00,30,510,30,0123456\nLate,11:00,13:00,30,510,30,01234\n",
        help_text=_(
            "days_of_week is optional: weekday digits, 0 = Monday (01234 = Monday to Friday)."
        ),
    )


class ScheduleForm(forms.Form):
    """Which templates to use and the break rule for one schedule."""

    templates: forms.ModelMultipleChoiceField[ShiftTemplate] = forms.ModelMultipleChoiceField(
        label=_("Shift templates"),
        queryset=ShiftTemplate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    break_minutes_per_hour = forms.IntegerField(
        label=_("Break minutes per hour worked"), min_value=0, max_value=15, initial=5
    )
    max_on_break_share = forms.FloatField(
        label=_("Largest share of agents on break at once"),
        min_value=0.01,
        max_value=1,
        initial=0.15,
    )

    def __init__(self, *args: Any, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelMultipleChoiceField[ShiftTemplate]", self.fields["templates"])
        field.queryset = templates
        field.initial = list(templates)


class ForecastForm(forms.Form):
    """Origin and horizon of a new forecast."""

    origin = forms.DateField(
        label=_("First day"),
        widget=DateInput,
    )
    horizon_days = forms.IntegerField(label=_("Days"), min_value=1, max_value=84, initial=14)


class OverrideForm(forms.Form):
    """A planner's figure for one interval, with the reason."""

    calls = forms.FloatField(label=_("Calls"), min_value=0, max_value=MAX_INTERVAL_CALLS)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class DayScaleForm(forms.Form):
    """A planner's change to a whole day of a forecast, in per cent, with the reason."""

    day = forms.DateField(widget=forms.HiddenInput)
    percent = forms.FloatField(
        label=_("Change the whole day by (%)"),
        min_value=MIN_DAY_CHANGE_PERCENT,
        max_value=MAX_DAY_CHANGE_PERCENT,
        help_text=_(
            "10 for ten per cent more calls, -20 for a fifth fewer; the day keeps its shape."
        ),
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)


class SpecialDaysImportForm(forms.Form):
    text = forms.CharField(
        label=_("Special days, one per line"),
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "2026-12-16, 0, Independence Day"}),
        help_text=_("date, factor, reason: a year's public holidays pasted at once."),
    )


class SpecialDayForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DateInput)
    factor = forms.FloatField(
        label=_("Factor"),
        min_value=0,
        max_value=MAX_FACTOR,
        help_text=_("0 closed, 0.5 half the usual calls, 1.3 thirty per cent more."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)
