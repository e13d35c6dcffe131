"""Questionnaires as versioned data: the shipped templates and the immutable published version."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError

from kezek.surveys import services as sv
from kezek.surveys.choices import LANGUAGES
from kezek.surveys.models import Question, Questionnaire, QuestionnaireVersion
from kezek.surveys.services.questionnaires import shipped_template

CLOSING_RU = (  # seed 001, verbatim
    "Спасибо за ваш вклад в повышение эффективности работы нашего Центра и компании, "
    "фиксацию положительного опыта и достижений. По результатам ваших предложений будет "
    "разработана программа корректирующих мероприятий."
)
CLOSING_EN = (  # MISSION.md §2, verbatim
    "Thank you for your contribution to the efficiency of our Centre and the company, and to "
    "recording positive experience and achievements. A programme of corrective actions will be "
    "developed from your suggestions."
)


@pytest.mark.parametrize("name", ["employee", "manager"])
def test_the_shipped_templates_follow_mission_section_2(name: str, db: None) -> None:
    version = sv.questionnaire_import(data=shipped_template(name))
    questions = list(
        version.questions.select_related("section").order_by("section__position", "position")
    )
    keys = [q.key for q in questions]

    assert version.status == "published"
    assert keys[0] == "uses_service"  # users and non-users are screened first
    assert keys.index("emotion") < keys.index(
        "meets_criteria"
    )  # emotions start, apart from quality
    assert {q.group for q in questions if q.key in ("emotion", "emotional_image")} == {"emotion"}
    assert {q.group for q in questions if q.key in ("meets_criteria", "meets_expectations")} == {
        "quality"
    }
    five = [q for q in questions if q.group == "dimension"]
    assert [q.dimension for q in five] == [
        "responsiveness",
        "processing_speed",
        "politeness",
        "completeness",
        "simplicity",
    ]
    for question in five:
        assert (question.scale_min, question.scale_max, question.scoring) == (1, 5, "top_box")
        assert [label for _p, label in question.points("en")] == [
            "Very poor",
            "Poor",
            "Acceptable",
            "Good",
            "Excellent",
        ]
    assert {"requests", "staff_involved", "knows_services", "knows_sla", "suggestions"} <= set(keys)
    assert version.closing["en"] == CLOSING_EN
    assert version.closing["ru"] == CLOSING_RU


@pytest.mark.parametrize("name", ["employee", "manager"])
def test_every_text_of_the_shipped_templates_has_all_five_languages(name: str) -> None:
    data = shipped_template(name)
    texts = [data["title"], data["closing"], data["intro"]]
    for section in data["sections"]:
        texts.append(section["title"])
        for question in section["questions"]:
            texts.append(question["text"])
            texts += [option["label"] for option in question.get("options", [])]
    for scale in data["scales"].values():
        texts += list(scale["labels"].values())
    for text in texts:
        assert set(text) == set(LANGUAGES), text
        assert all(value.strip() for value in text.values()), text
    kazakh = shipped_template(name)["sections"][4]["questions"][0]["text"]["kk"]
    assert "Жауап беру жеделдігі" in kazakh  # seed 000's own wording


def test_a_published_version_never_changes(db: None) -> None:
    version = sv.questionnaire_import(data=shipped_template("employee"))
    question = version.questions.get(key="politeness")

    with pytest.raises(ValidationError, match="published and cannot change"):
        sv.question_update(question=question, required=False)
    with pytest.raises(ValidationError, match="published and cannot change"):
        sv.version_update(version=version, closing={lang: "changed" for lang in LANGUAGES})
    with pytest.raises(ValidationError, match="published and cannot change"):
        sv.version_publish(version=version, by=None)

    question.refresh_from_db()
    version.refresh_from_db()
    assert question.required is True
    assert version.closing["en"] == CLOSING_EN


def test_editing_makes_a_new_version_and_publishing_it_retires_the_old(db: None) -> None:
    first = sv.questionnaire_import(data=shipped_template("employee"))
    draft = sv.version_draft_create(questionnaire=first.questionnaire)
    question = draft.questions.get(key="politeness")
    text = {**question.text, "en": "Courtesy of the SSC staff"}

    sv.question_update(question=question, text=text)
    sv.version_publish(version=draft, by=None)

    first.refresh_from_db()
    assert (first.status, draft.number, draft.status) == ("retired", 2, "published")
    assert first.questions.get(key="politeness").text["en"] == "Politeness of the SSC staff"
    assert draft.questions.get(key="politeness").text["en"] == "Courtesy of the SSC staff"
    assert draft.questions.count() == first.questions.count()


def test_a_definition_missing_a_language_stores_nothing(db: None) -> None:
    data = copy.deepcopy(shipped_template("employee"))
    del data["sections"][4]["questions"][2]["text"]["zh-hans"]

    with pytest.raises(ValidationError, match="politeness: the text is missing in zh-hans"):
        sv.questionnaire_import(data=data)

    assert not Questionnaire.objects.exists()
    assert not QuestionnaireVersion.objects.exists()
    assert not Question.objects.exists()
