"""Forms of the service desk: input validation only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Membership, Organisation, User
from kezek.accounts.selectors import client_companies_for
from kezek.core.policy import actor_of, can, rows
from kezek.core.widgets import DateInput
from kezek.servicedesk.choices import Audience, FieldKind, State
from kezek.servicedesk.models import KbCategory, Service, ServiceField
from kezek.servicedesk.services.attachments import attachment_validate


def _field_for(spec: ServiceField) -> dict[str, forms.Field]:
    label = spec.display_label
    name = f"f_{spec.key}"
    required = spec.required
    if spec.kind == FieldKind.NUMBER:
        return {
            name: forms.DecimalField(
                label=label, required=required, max_digits=14, decimal_places=2
            )
        }
    if spec.kind == FieldKind.DATE:
        return {name: forms.DateField(label=label, required=required, widget=DateInput)}
    if spec.kind == FieldKind.DATE_RANGE:
        return {
            f"{name}_start": forms.DateField(
                label=_("%(label)s: from") % {"label": label}, required=required, widget=DateInput
            ),
            f"{name}_end": forms.DateField(
                label=_("%(label)s: to") % {"label": label}, required=required, widget=DateInput
            ),
        }
    if spec.kind == FieldKind.CHOICE:
        choices = [("", "—"), *((c, c) for c in spec.choice_list())]
        return {name: forms.ChoiceField(label=label, required=required, choices=choices)}
    if spec.kind == FieldKind.FILE:
        return {name: forms.FileField(label=label, required=required)}
    return {name: forms.CharField(label=label, required=required, max_length=2000)}


class RequestForm(forms.Form):
    """A request for one service: title, description and the service's own typed fields."""

    title = forms.CharField(label=_("What do you need?"), max_length=200)
    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args: Any, service: Service, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        self.specs = list(service.fields.all())
        for spec in self.specs:
            self.fields.update(_field_for(spec))
        actor = actor_of(user)
        if can(actor, "may_act_for_team") and actor.led_team_ids:
            team = Membership.objects.filter(team_id__in=actor.led_team_ids).values("user_id")
            people = rows(user, User).filter(
                Q(pk__in=team, organisation_id=user.organisation_id) | Q(pk=user.pk)
            )
            self.fields["subject"] = forms.ModelChoiceField(
                label=_("For whom"),
                queryset=people,
                required=False,
                help_text=_("Leave empty when the request is for yourself."),
            )

    def clean_attachment(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("attachment")
        if upload is not None:
            attachment_validate(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for spec in self.specs:
            name = f"f_{spec.key}"
            if spec.kind == FieldKind.DATE_RANGE:
                start, end = cleaned.get(f"{name}_start"), cleaned.get(f"{name}_end")
                if start and end and end < start:
                    self.add_error(
                        f"{name}_end", _("The end date must not be before the start date.")
                    )
                if bool(start) != bool(end) and not self.has_error(f"{name}_end"):
                    self.add_error(f"{name}_end", _("Give both dates of the range."))
            elif spec.kind == FieldKind.FILE and cleaned.get(name) is not None:
                try:
                    attachment_validate(cleaned[name])
                except ValidationError as exc:
                    self.add_error(name, exc)
        return cleaned

    def form_data(self) -> dict[str, Any]:
        """The answers to the service's own fields, as JSON-ready values."""
        data: dict[str, Any] = {}
        for spec in self.specs:
            name = f"f_{spec.key}"
            if spec.kind == FieldKind.DATE_RANGE:
                start, end = (
                    self.cleaned_data.get(f"{name}_start"),
                    self.cleaned_data.get(f"{name}_end"),
                )
                data[spec.key] = [start.isoformat(), end.isoformat()] if start and end else None
            elif spec.kind == FieldKind.FILE:
                upload = self.cleaned_data.get(name)
                data[spec.key] = upload.name if upload else None
            else:
                data[spec.key] = _jsonable(self.cleaned_data.get(name))
        return data

    def uploads(self) -> list[UploadedFile]:
        files = [self.cleaned_data.get("attachment")]
        files += [
            self.cleaned_data.get(f"f_{s.key}") for s in self.specs if s.kind == FieldKind.FILE
        ]
        return [upload for upload in files if upload is not None]


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_internal = forms.BooleanField(
        label=_("Internal note (not shown to the requester)"), required=False
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def clean_attachment(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("attachment")
        if upload is not None:
            attachment_validate(upload)
        return upload


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(label=_("New state"), choices=State.choices)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assignee"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, agents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = agents  # type: ignore[attr-defined]


class ApprovalForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), coerce=int, choices=[(n, str(n)) for n in range(5, 0, -1)]
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)


class BulkForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=[], label=_("Requests"))
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=User.objects.none(), required=False
    )
    to_state = forms.ChoiceField(
        label=_("Move to"), required=False, choices=[("", "—"), *State.choices]
    )

    def __init__(self, *args: Any, agents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = agents  # type: ignore[attr-defined]
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        self.fields["ids"].choices = [(v, v) for v in raw if str(v).isdigit()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("assignee") and not cleaned.get("to_state"):
            raise ValidationError(_("Choose an assignee or a state."))
        return cleaned


class HandOverForm(forms.Form):
    agent = forms.ModelChoiceField(label=_("Absent agent"), queryset=User.objects.none())
    stand_in = forms.ModelChoiceField(label=_("Stand-in"), queryset=User.objects.none())

    def __init__(self, *args: Any, agents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents  # type: ignore[attr-defined]
        self.fields["stand_in"].queryset = agents  # type: ignore[attr-defined]


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        coerce=lambda v: v == "yes", choices=[("yes", _("Yes")), ("no", _("No"))]
    )
    comment = forms.CharField(required=False, max_length=2000)


class ArticleForm(forms.Form):
    """An FAQ article in one language. ``key`` and ``language`` are chosen once, at creation;
    translations of one article share the key."""

    key = forms.SlugField(
        label=_("Key"),
        max_length=80,
        help_text=_("Letters, digits and hyphens; translations of one article share it."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    category = forms.ModelChoiceField(label=_("Category"), queryset=KbCategory.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text (markdown)"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 14})
    )
    audience = forms.ChoiceField(label=_("Who reads it"), choices=Audience.choices)
    clients = forms.ModelMultipleChoiceField(
        label=_("Client companies"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("None chosen: every client company sees it."),
        widget=forms.CheckboxSelectMultiple,
    )
    is_published = forms.BooleanField(label=_("Published"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)

    def __init__(self, *args: Any, creating: bool, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = rows(user, KbCategory)  # type: ignore[attr-defined]
        self.fields["clients"].queryset = client_companies_for(user)  # type: ignore[attr-defined]
        if not creating:
            del self.fields["key"], self.fields["language"]
