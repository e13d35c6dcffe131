"""Input validation of the staff pages; every choice list comes from the selectors."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Organisation, Team
from kezek.core.policy import actor_of
from kezek.core.versions import VersionedForm
from kezek.core.widgets import DateInput
from kezek.people import formats, selectors
from kezek.people.choices import Position, StaffStatus, weekday_mask, weekdays_of
from kezek.people.models import MAX_LEVEL, MIN_LEVEL, Absence, StaffMember

MAX_IMPORT_BYTES = 5 * 1024 * 1024
IMPORT_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")
WEEKDAY_CHOICES = [(str(day), WEEKDAY_NAMES[day]) for day in range(7)]
LEVEL_CHOICES = [(level, str(level)) for level in range(MIN_LEVEL, MAX_LEVEL + 1)]


class StaffFilterForm(forms.Form):
    """The staff list's filters; each offers only what the user's own people hold."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, staff number or ACD id")}
        ),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    position = forms.ChoiceField(
        label=_("Position"), choices=[("", _("Any position")), *Position.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *StaffStatus.choices], required=False
    )
    skill = forms.ChoiceField(label=_("Skill"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = cast("forms.ModelChoiceField[Organisation]", self.fields["organisation"])
        organisation.empty_label = _("Any organisation")
        if actor_of(user).is_owner_staff:
            organisation.queryset = selectors.organisations_with_staff(user)
        else:
            del self.fields["organisation"]  # a vendor sees its own people only
        team = cast("forms.ModelChoiceField[Any]", self.fields["team"])
        team.queryset = selectors.teams_with_staff(user)
        team.empty_label = _("Any team")
        skill = cast(forms.ChoiceField, self.fields["skill"])
        skill.choices = [("", _("Any skill"))] + [(n, n) for n in selectors.skill_names(user)]
        for field in self.fields.values():
            # Labelled for screen readers; a changed choice filters at once (kezek.js).
            field.widget.attrs["aria-label"] = field.label
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["data-autosubmit"] = True

    def filters(self) -> selectors.StaffFilters:
        """What to narrow the list to; a filter that does not validate is left out."""
        if not self.is_valid():
            return selectors.StaffFilters(text=str(self.data.get("q", "")).strip()[:100])
        data = self.cleaned_data
        organisation = data.get("organisation")
        return selectors.StaffFilters(
            organisation=organisation.pk if organisation else None,
            team=data["team"].pk if data["team"] else None,
            position=data["position"],
            status=data["status"],
            skill=data["skill"],
            text=data["q"].strip(),
        )


class LoginChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A login by name and username: two people may share a name."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.username})"


class StaffMemberForm(VersionedForm, forms.ModelForm):  # type: ignore[type-arg]
    """A record's details; a new one also gets its first status.

    Sites, teams, leaders and logins are those of the record's organisation that the
    user sees; availability is written as in the staff file (``Mon-Fri 07:00-15:00``).
    """

    availability = forms.CharField(
        label=_("Availability"),
        required=False,
        max_length=500,
        help_text=_(
            "When the person may work, local time: Mon-Fri 07:00-15:00;Sat 08:00-20:00. "
            "Empty: any time."
        ),
    )
    days_off = forms.MultipleChoiceField(
        label=_("Preferred days off"),
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=StaffStatus.choices, initial=StaffStatus.RECRUITED
    )
    status_date = forms.DateField(
        label=_("Status from"),
        required=False,
        widget=DateInput,
        help_text=_("Empty: the hire date."),
    )

    class Meta:
        model = StaffMember
        fields = [
            "staff_number",
            "first_name",
            "last_name",
            "position",
            "site",
            "team",
            "team_leader",
            "hire_date",
            "min_hours_per_week",
            "max_hours_per_week",
            "star_level",
            "user",
            "preferred_shifts",
            "preferences_note",
        ]
        widgets = {"hire_date": DateInput}
        field_classes = {"user": LoginChoiceField}

    def __init__(self, *args: Any, user: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = self.instance
        if member.pk is None:
            member.organisation = organisation  # the model's checks need it
        self._choices("site", selectors.sites_of(user, organisation))
        self._choices("team", selectors.teams_of(user, organisation))
        self._choices("team_leader", selectors.leaders_of(user, organisation, besides=member))
        self._choices("user", selectors.logins_to_link(user, organisation, member=member))
        if member.pk is not None:
            del self.fields["status"], self.fields["status_date"]  # the history changes them
            self.initial["availability"] = formats.format_availability(
                formats.member_windows(member)
            )
            self.initial["days_off"] = [str(day) for day in weekdays_of(member.preferred_days_off)]

    def _choices(self, name: str, queryset: QuerySet[Any]) -> None:
        cast("forms.ModelChoiceField[Any]", self.fields[name]).queryset = queryset

    def clean_availability(self) -> list[formats.Window]:
        try:
            return formats.parse_availability(self.cleaned_data["availability"])
        except formats.CellError as exc:
            raise forms.ValidationError(str(exc)) from None

    def member_fields(self) -> dict[str, Any]:
        """The fields the record's services take."""
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["preferred_days_off"] = weekday_mask(
            int(day) for day in self.cleaned_data["days_off"]
        )
        return fields


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=StaffStatus.choices)
    effective_date = forms.DateField(label=_("From"), widget=DateInput)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=300,
        help_text=_("Required when the person leaves."),
    )


class AcdLoginForm(forms.Form):
    login_id = forms.CharField(label=_("ACD login id"), max_length=64)
    valid_from = forms.DateField(label=_("From"), widget=DateInput)
    reassign = forms.BooleanField(
        label=_("Take it over from its current holder"),
        required=False,
        help_text=_("Their period ends the day this one starts; both stay in the history."),
    )


class AcdReleaseForm(forms.Form):
    valid_to = forms.DateField(label=_("No longer theirs from"), widget=DateInput)


class SkillForm(forms.Form):
    name = forms.CharField(
        label=_("Skill"),
        max_length=100,
        help_text=_("A queue's name, or another skill such as a language."),
        widget=forms.TextInput(attrs={"list": "skill-queues"}),
    )
    level = forms.TypedChoiceField(
        label=_("Level"), choices=LEVEL_CHOICES, coerce=int, initial=MIN_LEVEL
    )


class AbsenceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Absence
        fields = ["kind", "first_day", "last_day", "note"]
        widgets = {"first_day": DateInput, "last_day": DateInput}


class StaffImportForm(forms.Form):
    file = forms.FileField(label=_("Staff file (CSV or XLSX)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(IMPORT_SUFFIXES):
            raise forms.ValidationError(
                _("Use a CSV or XLSX file; got %(name)s."), params={"name": upload.name}
            )
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
