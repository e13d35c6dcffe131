"""Forms of the surveys app: input validation only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Organisation
from kezek.accounts.selectors import client_companies_for
from kezek.core.versions import VersionedForm
from kezek.core.widgets import DateInput, DateTimeLocalInput
from kezek.servicedesk.selectors import catalogue_for
from kezek.surveys.choices import (
    LANGUAGES,
    ActionStatus,
    CampaignKind,
    ServiceUse,
    TriageStatus,
    VersionStatus,
)
from kezek.surveys.models import Question, QuestionnaireVersion
from kezek.surveys.selectors import versions_for

ROLE_CHOICES = [("employee", _("Employees")), ("manager", _("Managers"))]


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    version = forms.ModelChoiceField(
        label=_("Questionnaire"), queryset=QuestionnaireVersion.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignKind.choices)
    clients = forms.ModelMultipleChoiceField(
        label=_("Client companies"), queryset=Organisation.objects.none()
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False, initial=True)
    opens_at = forms.DateTimeField(
        label=_("Opens"),
        widget=DateTimeLocalInput(),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"),
        widget=DateTimeLocalInput(),
    )
    min_group_size = forms.IntegerField(label=_("Smallest group reported"), min_value=2, initial=5)
    target_margin = forms.FloatField(
        label=_("Wanted margin of error (fraction)"), min_value=0.005, max_value=0.5, initial=0.05
    )
    csat_standard = forms.FloatField(
        label=_("Expected CSAT of staff (fraction)"), min_value=0.01, max_value=0.99, initial=0.8
    )
    throttle_days = forms.IntegerField(
        label=_("Days between transactional surveys of one person"), min_value=0, initial=30
    )
    service_use = forms.ChoiceField(
        label=_("Service use"), choices=ServiceUse.choices, required=False
    )
    service_codes = forms.MultipleChoiceField(
        label=_("Services used"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Confidential services cannot be chosen."),
    )
    service_used_from = forms.DateTimeField(
        label=_("Used from"),
        required=False,
        widget=DateTimeLocalInput(),
    )
    service_used_until = forms.DateTimeField(
        label=_("Used until"),
        required=False,
        widget=DateTimeLocalInput(),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        """Without ``user`` the form offers no questionnaire, client or service to choose."""
        super().__init__(*args, **kwargs)
        if user is None:
            return
        versions = versions_for(user).filter(status=VersionStatus.PUBLISHED)
        self.fields["version"].queryset = versions  # type: ignore[attr-defined]
        clients = client_companies_for(user).filter(is_active=True)
        self.fields["clients"].queryset = clients  # type: ignore[attr-defined]
        self.fields["service_codes"].choices = self.service_choices(user)  # type: ignore[attr-defined]

    @staticmethod
    def service_choices(user: Any) -> list[tuple[str, str]]:
        """The service desk's services the user may see, confidential ones left out: an
        audience must not reveal who had a confidential case."""
        return [
            (service.code, service.display_name)
            for _category, services in catalogue_for(user)
            for service in services
            if not service.is_confidential
        ]


class QuestionForm(VersionedForm):
    """A draft question's text in every language and whether an answer is required."""

    required = forms.BooleanField(label=_("Required"), required=False)

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        initial = {"row_version": question.row_version, "required": question.required}
        initial |= {f"text-{code}": question.text.get(code, "") for code in LANGUAGES}
        super().__init__(*args, initial=initial, **kwargs)
        self.question = question
        for code in LANGUAGES:
            self.fields[f"text-{code}"] = forms.CharField(
                label=code, required=False, strip=False, widget=forms.TextInput({"size": 80})
            )
        self.order_fields([*(f"text-{code}" for code in LANGUAGES), "required"])

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"text-{code}"] for code in LANGUAGES}


class TriageForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=TriageStatus.choices)
    explanation = forms.CharField(
        label=_("Explanation to participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    theme = forms.CharField(label=_("Theme"), required=False, max_length=200)


class ClarificationForm(forms.Form):
    text = forms.CharField(label=_("Clarification note"), widget=forms.Textarea(attrs={"rows": 2}))


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.IntegerField(label=_("Owner"))
    due_on = forms.DateField(label=_("Due"), widget=DateInput())
    feedback = forms.CharField(label=_("Feedback"), required=False)

    def feedback_ids(self) -> list[int]:
        raw = self.cleaned_data.get("feedback") or ""
        return [int(part) for part in raw.replace(",", " ").split() if part.isdigit()]


class ActionUpdateForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    percent_complete = forms.IntegerField(label=_("Percent complete"), min_value=0, max_value=100)


class ReportForm(VersionedForm):
    summary = forms.CharField(
        label=_("Summary for the participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PaperForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Client company"), queryset=Organisation.objects.none()
    )
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
    submitted_on = forms.DateField(
        label=_("Date on the paper form"),
        widget=DateInput(),
    )

    def __init__(self, *args: Any, clients: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if clients is not None:
            self.fields["organisation"].queryset = clients  # type: ignore[attr-defined]


def answers_from_post(post: QueryDict) -> dict[str, Any]:
    """Collect ``q-<id>`` fields (lists kept, ``q-<id>-<option>`` gathered into a mapping).

    Ids are passed on as given: the service refuses any that is not a question
    of the campaign's questionnaire.
    """
    answers: dict[str, Any] = {}
    for name in post:
        if not name.startswith("q-"):
            continue
        question, _sep, option = name[2:].partition("-")
        values = [v for v in post.getlist(name)]
        if option:
            answers.setdefault(question, {})
            if isinstance(answers[question], dict):
                answers[question][option] = values[-1] if values else ""
            continue
        answers[question] = values if len(values) > 1 else (values[0] if values else "")
    return answers
