"""The capability registry of the policy: asked by name, a name nobody declared raises."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.template import Context, Template

from kezek.core import navigation, policy
from kezek.core.policy import ANONYMOUS, Actor

PLANNER = Actor(1, 1, "owner", frozenset({"planner"}), frozenset())
AGENT = Actor(2, 1, "owner", frozenset({"agent"}), frozenset())


@pytest.fixture
def may_test_plan(monkeypatch: pytest.MonkeyPatch) -> str:
    """A capability of this test only: owner staff with the planner role."""
    monkeypatch.setitem(
        policy._CAPABILITIES,
        "may_test_plan",
        lambda actor: actor.organisation_kind == "owner" and actor.has("planner"),
    )
    return "may_test_plan"


def test_a_capability_answers_for_an_actor(may_test_plan: str) -> None:
    assert policy.can(PLANNER, may_test_plan)
    assert not policy.can(AGENT, may_test_plan)
    assert not policy.can(ANONYMOUS, may_test_plan)
    assert not policy.can(None, may_test_plan)


def test_an_unknown_capability_raises_rather_than_answering_no() -> None:
    with pytest.raises(LookupError, match="'may_plna'"):
        policy.can(PLANNER, "may_plna")
    with pytest.raises(LookupError):
        policy.require(PLANNER, "may_plna")


def test_a_capability_is_declared_once(may_test_plan: str) -> None:
    with pytest.raises(RuntimeError, match="declared twice"):
        policy.capability(may_test_plan)(lambda actor: True)


def test_require_is_404_for_those_who_lack_it(may_test_plan: str) -> None:
    policy.require(PLANNER, may_test_plan)
    with pytest.raises(Http404):
        policy.require(AGENT, may_test_plan)


def test_the_template_filter_asks_the_capability(may_test_plan: str) -> None:
    template = Template('{% load policy %}{% if who|can:"may_test_plan" %}plans{% endif %}')

    assert template.render(Context({"who": PLANNER})) == "plans"
    assert template.render(Context({"who": AGENT})) == ""
    with pytest.raises(LookupError):
        Template('{% load policy %}{{ who|can:"may_plna" }}').render(Context({"who": PLANNER}))


def test_a_menu_entry_may_be_for_a_capability(
    may_test_plan: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(navigation, "_ITEMS", [])
    navigation.register("Plans", "home", capability=may_test_plan)

    assert navigation.items_for(PLANNER) == [("Plans", "/")]
    assert navigation.items_for(AGENT) == []
    with pytest.raises(ValueError, match="without roles"):
        navigation.register("Plans", "home", "planner", capability=may_test_plan)
