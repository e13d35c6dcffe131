"""What the surveys pages share: the page size, the page's language, a campaign for its
staff, the questionnaire as a form shows it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language

from kezek.core.http import AuthedRequest
from kezek.core.policy import get_or_404, require
from kezek.surveys.choices import LANGUAGES, QuestionKind
from kezek.surveys.models import Campaign, QuestionnaireVersion, localized

PAGE_SIZE = 25


def language_of(request: HttpRequest) -> str:
    wanted = request.GET.get("lang", "")
    return wanted if wanted in LANGUAGES else (get_language() or "en")


def staff_campaign(request: AuthedRequest, campaign_id: int) -> Campaign:
    # Absent, not yours and not staff all answer 404: ids reveal nothing.
    require(request.user, "may_work_surveys")
    return get_or_404(request.user, Campaign, pk=campaign_id)


def form_sections(
    version: QuestionnaireVersion,
    language: str,
    staff: Any = None,
    known: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The questionnaire as the form shows it; questions in ``known`` are answered already
    (from records) and are carried as hidden answers, not asked."""
    known = known or {}
    sections = []
    for section in version.sections.prefetch_related("questions"):
        questions = []
        for q in section.questions.all():
            questions.append(
                {
                    "q": q,
                    "name": f"q-{q.pk}",
                    "text": localized(q.text, language),
                    "help": localized(q.help, language),
                    "points": q.points(language),
                    "options": [
                        (o["value"], localized(o.get("label"), language)) for o in q.options
                    ],
                    "staff": staff if q.kind == QuestionKind.AGENTS else None,
                    "condition": q.condition,
                    "known": known.get(q.key),
                }
            )
        sections.append(
            {
                "s": section,
                "title": localized(section.title, language),
                "help": localized(section.help, language),
                "questions": questions,
                "condition": section.condition,
            }
        )
    return sections
