"""Versions of shared records: a save made from a stale page is refused, never lost in silence.

A page that edits a record in place sends back the row version it was opened at, in a hidden
``row_version`` field (``VersionedForm``). The name is not plain ``version``: questionnaires,
campaigns and knowledge-base articles already have versions of their own.
The service saving it calls ``claim_version`` inside its transaction: one conditional UPDATE
compares the version and counts the next one, so of two people saving the same version one
wins and the other gets a ``VersionConflict``. Its messages say who saved, when, and field by
field what is stored now against what the person's page showed, read from the record's
django-simple-history rows (every versioned model keeps ``history = HistoricalRecords()``).

The same conditional UPDATE is safe on PostgreSQL, where a second claim waits for the row lock
and then finds the version moved on, and on SQLite, which runs one writer at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, router, transaction
from django.db.models import F
from django.http import HttpRequest, QueryDict
from django.template.defaultfilters import yesno
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django.db.models.fields import Field


class Versioned(models.Model):
    """A record several people edit in place; every save counts one row version.

    Save it through a service that calls ``claim_version`` first, and keep its
    ``history = HistoricalRecords()``: a refused save reads from it what changed.
    """

    row_version = models.PositiveIntegerField(
        gettext_lazy("row version"), default=1, editable=False
    )

    class Meta:
        abstract = True


@dataclass(frozen=True)
class FieldChange:
    """One field someone else changed: its label and both values as people read them."""

    label: str
    stored: str
    opened: str


class VersionConflict(ValidationError):
    """The record was saved by someone else after the person's page was opened.

    ``version`` is the version stored now and ``current`` its values (by attribute name);
    ``changes`` compares them with the version the page was opened at. The messages say
    the same for people, one line per field, for any page that shows a form's errors.
    """

    def __init__(
        self,
        *,
        record: Versioned,
        changes: list[FieldChange],
        saved_by: str = "",
        saved_at: datetime | None = None,
    ) -> None:
        self.version = record.row_version
        self.current = {field.attname: field.value_from_object(record) for field in _edited(record)}
        self.changes = changes
        self.saved_by, self.saved_at = saved_by, saved_at
        super().__init__([_headline(saved_by, saved_at), *map(_line, changes)])

    @classmethod
    def since(cls, model: type[Versioned], *, pk: Any, opened: int | None) -> VersionConflict:
        """The conflict between the record ``pk`` as stored now and as it was at ``opened``."""
        record = model._base_manager.get(pk=pk)
        history = getattr(record, "history", None)
        if history is None or opened is None:
            return cls(record=record, changes=[])
        then = history.filter(row_version=opened).first()
        last = history.first()
        changes = _changes(record, then) if then is not None else []
        saver = last.history_user if last is not None and last.row_version > opened else None
        return cls(
            record=record,
            changes=changes,
            saved_by=str(saver) if saver is not None else "",
            saved_at=last.history_date if saver is not None else None,
        )


def claim_version(record: Versioned, *, expected: int | None) -> None:
    """Count the next version of ``record`` before saving it, if it is still at ``expected``.

    Call it inside the transaction that then saves ``record``, before any other write: the
    row stays locked until that transaction ends. ``expected`` is the version the person's
    page was opened at; None (commands, the API) claims whatever is stored, so that pages
    opened before are refused. Raises ``VersionConflict`` when someone saved in between.
    """
    model = type(record)
    if not transaction.get_connection(router.db_for_write(model)).in_atomic_block:
        raise transaction.TransactionManagementError(
            "claim_version() runs inside the transaction that saves the record."
        )
    rows = model._base_manager.filter(pk=record.pk)
    guarded = rows if expected is None else rows.filter(row_version=expected)
    if not guarded.update(row_version=F("row_version") + 1):
        raise VersionConflict.since(model, pk=record.pk, opened=expected)
    record.row_version = rows.values_list("row_version", flat=True).get()


def check_version(record: Versioned, *, expected: int) -> None:
    """Refuse a form opened at an older version than the one stored, before anything is saved.

    Only a courtesy for forms checked before their transaction begins (the admin's):
    ``claim_version`` stays the guarantee.
    """
    stored = type(record)._base_manager.filter(pk=record.pk).values_list("row_version", flat=True)
    if stored.get() != expected:
        raise VersionConflict.since(type(record), pk=record.pk, opened=expected)


class VersionedForm(forms.Form):
    """A form that edits a shared record in place: it carries the version it was opened at.

    A model form takes it from its ``instance`` (and drops it for a new record); any other
    form is given ``initial={"row_version": record.row_version}``, or 0 when the record does
    not exist yet, so that whoever saves it first wins. Adding a ``VersionConflict`` as an
    error moves the hidden version to the one stored now and keeps the person's input as
    they typed it: saving again, having read the other person's changes, is their decision.
    """

    row_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is None:
            return
        if instance.pk is None:
            del self.fields["row_version"]
        else:
            self.initial.setdefault("row_version", instance.row_version)

    @property
    def opened_version(self) -> int | None:
        """The version the page was opened at; None for a new record."""
        version: int | None = self.cleaned_data.get("row_version")
        return version

    def edited_values(self) -> dict[str, Any]:
        """The cleaned data without the version: the values a service saves."""
        return {name: value for name, value in self.cleaned_data.items() if name != "row_version"}

    def add_error(self, field: Any, error: Any) -> None:
        if isinstance(error, VersionConflict):
            data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
            data[self.add_prefix("row_version")] = str(error.version)
            self.data = data
        super().add_error(field, error)


class VersionedModelForm(VersionedForm, forms.ModelForm):  # type: ignore[type-arg]
    """The admin's form of a versioned model: refused as soon as it is checked when stale.

    The version it offers is read from the stored row, not from its instance: the history
    page of django-simple-history opens the form on an old version to revert to it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "row_version" in self.fields:
            stored = type(self.instance)._base_manager.filter(pk=self.instance.pk)
            self.initial["row_version"] = stored.values_list("row_version", flat=True).get()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("row_version") is not None:
            check_version(self.instance, expected=cleaned["row_version"])
        return cleaned


class VersionedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Admin change pages of a versioned model: a stale save is refused as on the product's."""

    form = VersionedModelForm

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        # The page lists the hidden version (the form declares it), but the model's own
        # field is not editable: the model form must not be asked for it.
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            kwargs["fields"] = [name for name in kwargs["fields"] if name != "row_version"]
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic(using=router.db_for_write(type(obj))):
            if change:
                claim_version(obj, expected=form.cleaned_data.get("row_version"))
            super().save_model(request, obj, form, change)


def _edited(record: models.Model) -> list[Field[Any, Any]]:
    """The fields people edit: concrete and editable, without the key and the version."""
    return [
        field
        for field in record._meta.concrete_fields
        if field.editable and not field.primary_key and field.name != "row_version"
    ]


def _changes(record: models.Model, then: models.Model) -> list[FieldChange]:
    changes = []
    for field in _edited(record):
        stored, opened = field.value_from_object(record), field.value_from_object(then)
        if stored == opened:
            continue
        if isinstance(stored, dict) and isinstance(opened, dict):
            # Texts per language: only the languages someone changed, in a fixed order
            # (PostgreSQL's jsonb keeps its own).
            keys = sorted(
                key for key in stored.keys() | opened.keys() if stored.get(key) != opened.get(key)
            )
            stored, opened = _entries(stored, keys), _entries(opened, keys)
        else:
            stored, opened = _shown(record, field), _shown(then, field)
        changes.append(
            FieldChange(label=capfirst(str(field.verbose_name)), stored=stored, opened=opened)
        )
    return changes


def _entries(mapping: dict[str, Any], keys: list[str]) -> str:
    return "; ".join(f"{key}: {mapping.get(key) or '—'}" for key in keys)


def _shown(record: models.Model, field: Field[Any, Any]) -> str:
    """A field's value as a person reads it: the related record's name, a choice's label."""
    value = field.value_from_object(record)
    if value is None or value in ("", [], {}):
        return "—"
    if field.is_relation:
        try:
            return str(getattr(record, field.name))
        except ObjectDoesNotExist:
            return str(value)
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(yesno(value))
    if isinstance(value, dict):
        return _entries(value, sorted(value))
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return str(formats.localize(value))


def _headline(saved_by: str, saved_at: datetime | None) -> str:
    if saved_by and saved_at is not None:
        return _(
            "%(person)s saved this at %(time)s, after you opened it, and nothing of yours is "
            "saved yet. Check your input against what is stored now and save again."
        ) % {"person": saved_by, "time": formats.localize(timezone.localtime(saved_at))}
    return _(
        "Someone else saved this after you opened it, and nothing of yours is saved yet. "
        "Check your input against what is stored now and save again."
    )


def _line(change: FieldChange) -> str:
    return _("%(field)s is now “%(stored)s”; it was “%(opened)s” when you opened it.") % {
        "field": change.label,
        "stored": change.stored,
        "opened": change.opened,
    }
