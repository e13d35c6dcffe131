"""Two editors translating one draft: a save from a form opened before the other's is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kezek.core.versions import VersionConflict
from kezek.surveys import services as sv
from kezek.surveys.models import Question, QuestionnaireVersion
from kezek.surveys.tests.conftest import People
from kezek.surveys.tests.factories import employee_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft() -> QuestionnaireVersion:
    return sv.version_draft_create(questionnaire=employee_version().questionnaire)


def opened_question(response: Any, key: str) -> dict[str, Any]:
    """What the edit form of question ``key`` on the page sends back untouched."""
    form = next(
        item["form"]
        for section in response.context["sections"]
        for item in section["questions"]
        if item["q"].key == key
    )
    values = {field.html_name: field.value() for field in form}
    return {name: value for name, value in values.items() if value not in (None, False)}


def test_a_translation_saved_from_a_form_opened_before_a_colleagues_is_refused(
    draft: QuestionnaireVersion, people: People
) -> None:
    question = draft.questions.get(key="politeness")
    english, kazakh = question.text["en"], question.text["kk"]
    first, second = Client(), Client()
    first.force_login(people.centre_manager)
    second.force_login(people.admin)
    page = reverse("surveys:version-detail", args=[draft.pk])
    url = reverse("surveys:question-edit", args=[draft.pk, question.pk])
    first_form = opened_question(first.get(page), "politeness")
    second_form = opened_question(second.get(page), "politeness")

    saved = first.post(url, first_form | {"text-en": "Courtesy of the SSC staff"})
    refused = second.post(url, second_form | {"text-kk": "Сыпайылық"})

    assert saved.status_code == 302
    assert refused.status_code == 422
    question.refresh_from_db()
    assert (question.text["en"], question.text["kk"], question.row_version) == (
        "Courtesy of the SSC staff",
        kazakh,
        2,
    )
    content = refused.content.decode()
    assert f"{people.centre_manager} saved this at" in content
    assert (
        "Text (translations) is now “en: Courtesy of the SSC staff”; "
        f"it was “en: {english}” when you opened it."
    ) in content
    kept = opened_question(refused, "politeness")
    assert (kept["text-kk"], kept["text-en"], kept["row_version"]) == ("Сыпайылық", english, "2")


def test_two_stale_saves_of_a_question_in_a_row_are_refused(draft: QuestionnaireVersion) -> None:
    question = draft.questions.get(key="politeness")
    texts = dict(question.text)

    sv.question_update(question=question, opened_version=1, required=False)
    for stale in ({"required": True}, {"text": texts | {"ru": "Вежливость"}}):
        with pytest.raises(VersionConflict) as refused:
            sv.question_update(
                question=Question.objects.get(pk=question.pk), opened_version=1, **stale
            )
        assert [(c.label, c.stored, c.opened) for c in refused.value.changes] == [
            ("Required", "no", "yes")
        ]

    question.refresh_from_db()
    assert (question.required, question.text, question.row_version) == (False, texts, 2)
