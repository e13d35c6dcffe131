"""Questionnaires as versioned data: import, edit drafts, publish; published versions never change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from kezek.accounts.models import User
from kezek.core.versions import claim_version
from kezek.surveys.choices import LANGUAGES, QuestionKind, VersionStatus
from kezek.surveys.models import Question, Questionnaire, QuestionnaireVersion, Section

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates_data"
SHIPPED_TEMPLATES = ("employee", "manager")
SCALED_KINDS = (QuestionKind.RATING, QuestionKind.NPS, QuestionKind.REQUESTS)


def shipped_template(name: str) -> dict[str, Any]:
    """The definition of a shipped questionnaire (``employee`` or ``manager``)."""
    with (TEMPLATES_DIR / f"{name}.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def _ensure_draft(version: QuestionnaireVersion) -> None:
    # Campaigns and their answers point at a version: changing a published one
    # would silently change what people answered. Editing makes a new version.
    status = QuestionnaireVersion.objects.values_list("status", flat=True).get(pk=version.pk)
    if status != VersionStatus.DRAFT:
        raise ValidationError(
            _(
                "Version %(number)s of %(key)s is published and cannot change; "
                "create a new version to edit it."
            ),
            params={"number": version.number, "key": version.questionnaire.key},
            code="published",
        )


def _check_texts(where: str, texts: Any, *, required: bool = True) -> dict[str, str]:
    if not texts and not required:
        return {}
    if not isinstance(texts, dict):
        raise ValidationError(
            _("%(where)s: texts must be a mapping of language to text."), params={"where": where}
        )
    missing = [language for language in LANGUAGES if not str(texts.get(language, "")).strip()]
    if missing:
        raise ValidationError(
            _("%(where)s: the text is missing in %(languages)s."),
            params={"where": where, "languages": ", ".join(missing)},
        )
    return {language: str(texts[language]) for language in LANGUAGES}


def _question_fields(raw: dict[str, Any], scales: dict[str, Any]) -> dict[str, Any]:
    key = str(raw.get("key", ""))
    fields: dict[str, Any] = {
        "key": key,
        "kind": raw.get("kind", ""),
        "group": raw.get("group", ""),
        "dimension": raw.get("dimension", ""),
        "required": bool(raw.get("required", False)),
        "text": _check_texts(f"question {key}", raw.get("text")),
        "help": _check_texts(f"question {key} help", raw.get("help"), required=False),
        "scoring": raw.get("scoring", "none"),
        "top_boxes": int(raw.get("top_boxes", 2)),
        "condition": raw.get("condition") or {},
        "options": [],
    }
    if raw.get("scale"):
        scale = scales.get(raw["scale"]) if isinstance(raw["scale"], str) else raw["scale"]
        if not scale:
            raise ValidationError(
                _("Question %(key)s uses the unknown scale %(scale)s."),
                params={"key": key, "scale": raw["scale"]},
            )
        fields["scale_min"], fields["scale_max"] = int(scale["min"]), int(scale["max"])
        fields["scale_labels"] = {
            point: _check_texts(f"question {key} point {point}", texts)
            for point, texts in scale.get("labels", {}).items()
        }
    elif fields["kind"] in SCALED_KINDS:
        raise ValidationError(_("Question %(key)s needs a scale."), params={"key": key})
    for option in raw.get("options") or []:
        fields["options"].append(
            {
                "value": str(option["value"]),
                "label": _check_texts(f"question {key} option {option['value']}", option["label"]),
            }
        )
    return fields


def _fill_version(version: QuestionnaireVersion, data: dict[str, Any]) -> None:
    scales = data.get("scales") or {}
    seen: set[str] = set()
    for s_pos, raw_section in enumerate(data.get("sections") or [], start=1):
        section = Section(
            version=version,
            key=raw_section["key"],
            position=s_pos,
            title=_check_texts(f"section {raw_section['key']}", raw_section.get("title")),
            help=_check_texts(
                f"section {raw_section['key']} help", raw_section.get("help"), required=False
            ),
            condition=raw_section.get("condition") or {},
        )
        section.full_clean()
        section.save()
        for q_pos, raw_question in enumerate(raw_section.get("questions") or [], start=1):
            fields = _question_fields(raw_question, scales)
            if fields["key"] in seen:
                raise ValidationError(
                    _("The question key %(key)s is used twice."), params={"key": fields["key"]}
                )
            seen.add(fields["key"])
            question = Question(version=version, section=section, position=q_pos, **fields)
            question.full_clean()
            question.save()
    _check_conditions(version)


def _check_conditions(version: QuestionnaireVersion) -> None:
    keys = set(version.questions.values_list("key", flat=True))
    holders: list[Section | Question] = [*version.sections.all(), *version.questions.all()]
    for holder in holders:
        condition = holder.condition or {}
        if condition and condition.get("question") not in keys:
            raise ValidationError(
                _("%(item)s depends on the unknown question %(key)s."),
                params={"item": holder.key, "key": condition.get("question")},
            )


@transaction.atomic
def questionnaire_import(
    *, data: dict[str, Any], by: User | None = None, publish: bool = True
) -> QuestionnaireVersion:
    """Create a questionnaire (or its next version) from a definition such as the shipped JSON.

    Every text must be given in all five languages. The whole definition is
    stored or, at the first problem, nothing is.
    """
    questionnaire, _created = Questionnaire.objects.get_or_create(
        key=data["key"], defaults={"audience": data.get("audience", "employee")}
    )
    number = (
        questionnaire.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    version = QuestionnaireVersion(
        questionnaire=questionnaire,
        number=number,
        title=_check_texts("title", data.get("title")),
        intro=_check_texts("intro", data.get("intro"), required=False),
        closing=_check_texts("closing", data.get("closing")),
    )
    version.full_clean()
    version.save()
    _fill_version(version, data)
    if publish:
        version_publish(version=version, by=by)
    return version


@transaction.atomic
def version_publish(*, version: QuestionnaireVersion, by: User | None) -> QuestionnaireVersion:
    """Publish a draft; earlier published versions retire (their campaigns keep them)."""
    _ensure_draft(version)
    if not version.questions.exists():
        raise ValidationError(_("A questionnaire without questions cannot be published."))
    QuestionnaireVersion.objects.filter(
        questionnaire=version.questionnaire, status=VersionStatus.PUBLISHED
    ).update(status=VersionStatus.RETIRED)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = by
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def version_draft_create(
    *, questionnaire: Questionnaire, by: User | None = None
) -> QuestionnaireVersion:
    """Start editing: a new draft version copied from the latest one."""
    latest = questionnaire.versions.order_by("-number").first()
    if latest is None:
        raise ValidationError(_("The questionnaire has no version to copy."))
    if latest.status == VersionStatus.DRAFT:
        return latest
    draft = QuestionnaireVersion(
        questionnaire=questionnaire,
        number=latest.number + 1,
        title=latest.title,
        intro=latest.intro,
        closing=latest.closing,
    )
    draft.full_clean()
    draft.save()
    for section in latest.sections.prefetch_related("questions"):
        copy = Section(
            version=draft,
            key=section.key,
            position=section.position,
            title=section.title,
            help=section.help,
            condition=section.condition,
        )
        copy.save()
        copies = [
            Question(
                version=draft,
                section=copy,
                **{
                    field.name: getattr(question, field.name)
                    for field in Question._meta.concrete_fields
                    if field.name not in ("id", "version", "section", "row_version")
                },
            )
            for question in section.questions.all()
        ]
        # With their history: a refused edit of a copy reads from it what changed.
        bulk_create_with_history(copies, Question, default_user=by)
    return draft


@transaction.atomic
def version_update(
    *,
    version: QuestionnaireVersion,
    title: dict[str, str] | None = None,
    intro: dict[str, str] | None = None,
    closing: dict[str, str] | None = None,
) -> QuestionnaireVersion:
    _ensure_draft(version)
    if title is not None:
        version.title = _check_texts("title", title)
    if intro is not None:
        version.intro = _check_texts("intro", intro, required=False)
    if closing is not None:
        version.closing = _check_texts("closing", closing)
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def section_update(
    *,
    section: Section,
    title: dict[str, str] | None = None,
    condition: dict[str, Any] | None = None,
) -> Section:
    _ensure_draft(section.version)
    if title is not None:
        section.title = _check_texts(f"section {section.key}", title)
    if condition is not None:
        section.condition = condition
    section.full_clean()
    section.save()
    _check_conditions(section.version)
    return section


QUESTION_EDITABLE = (
    "text",
    "help",
    "required",
    "scale_labels",
    "options",
    "condition",
    "top_boxes",
)


@transaction.atomic
def question_update(
    *, question: Question, opened_version: int | None = None, **changes: Any
) -> Question:
    """Change a question of a draft version (texts, required, labels, options, condition).

    ``opened_version`` is the row version the edit form was opened at: a save from a form
    opened before someone else's save is refused (``VersionConflict``).
    """
    claim_version(question, expected=opened_version)
    _ensure_draft(question.version)
    unknown = set(changes) - set(QUESTION_EDITABLE)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s."),
            params={"fields": ", ".join(sorted(unknown))},
        )
    if "text" in changes:
        changes["text"] = _check_texts(f"question {question.key}", changes["text"])
    for name, value in changes.items():
        setattr(question, name, value)
    question.full_clean()
    question.save()
    _check_conditions(question.version)
    return question
