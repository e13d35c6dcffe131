"""The one access policy: who may see or do what to which rows.

Every view, API endpoint, selector and export asks here. Each model registers
one rule: a function of the actor and the action that returns the ``Q`` of the
rows the actor may reach, or ``None`` for none. ``may`` answers for a single
object by asking the same rule, so lists and detail pages can never disagree.

Beside the rows, each app's ``rules.py`` names its capabilities: what a person
may do at all (``may_work_desk``, ``may_plan``), asked by name through ``can``
and ``require`` and, in templates, the ``can`` filter of ``{% load policy %}``.
A role checked inline in a view would be a second policy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

Action = Literal["view", "change", "create", "delete"]
M = TypeVar("M", bound=Model)
Rule = Callable[["Actor", str], Q | None]
Capability = Callable[["Actor"], bool]

_RULES: dict[type[Model], Rule] = {}
_CAPABILITIES: dict[str, Capability] = {}


@dataclass(frozen=True, slots=True)
class Actor:
    """What the policy needs to know about the person asking."""

    user_id: int | None
    organisation_id: int | None
    organisation_kind: str | None
    roles: frozenset[str]
    led_team_ids: frozenset[int]
    is_superuser: bool = False

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def has(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or (self.organisation_kind == "owner" and self.has("admin"))

    @property
    def is_owner_staff(self) -> bool:
        return self.is_superuser or self.organisation_kind == "owner"

    @property
    def is_vendor_staff(self) -> bool:
        return self.organisation_kind == "vendor"

    @property
    def is_client(self) -> bool:
        return self.organisation_kind == "client"


ANONYMOUS = Actor(None, None, None, frozenset(), frozenset())
EVERYTHING = Q()


def register(model: type[Model]) -> Callable[[Rule], Rule]:
    """Register ``rule`` as the access rule of ``model`` (one rule per model)."""

    def decorator(rule: Rule) -> Rule:
        if model in _RULES:
            raise RuntimeError(f"{model.__name__} already has an access rule")
        _RULES[model] = rule
        return rule

    return decorator


def capability(name: str) -> Callable[[Capability], Capability]:
    """Register ``check`` as the capability ``name`` (one check per name)."""

    def decorator(check: Capability) -> Capability:
        if name in _CAPABILITIES:
            raise RuntimeError(f"the capability {name} is declared twice")
        _CAPABILITIES[name] = check
        return check

    return decorator


def actor_of(user: Any) -> Actor:
    """The ``Actor`` for a user, computed once per user object (an ``Actor`` is itself)."""
    if isinstance(user, Actor):
        return user
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached: Actor | None = getattr(user, "_kezek_actor", None)
    if cached is None:
        organisation = user.organisation
        cached = Actor(
            user_id=user.pk,
            organisation_id=organisation.pk if organisation and organisation.is_active else None,
            organisation_kind=organisation.kind
            if organisation and organisation.is_active
            else None,
            roles=frozenset(user.memberships.values_list("role", flat=True)),
            led_team_ids=frozenset(user.teams_led.values_list("pk", flat=True)),
            is_superuser=user.is_superuser,
        )
        user._kezek_actor = cached
    return cached


def rows(user: Any, model: type[M], action: Action = "view") -> QuerySet[M]:
    """The rows of ``model`` that ``user`` may reach for ``action``."""
    try:
        rule = _RULES[model]
    except KeyError:
        raise LookupError(f"{model.__name__} has no access rule; register one") from None
    condition = rule(actor_of(user), action)
    manager = model._default_manager
    if condition is None:
        return manager.none()
    return manager.filter(condition)


def may(user: Any, action: Action, obj: Model) -> bool:
    """Whether ``user`` may do ``action`` to ``obj``."""
    return rows(user, type(obj), action).filter(pk=obj.pk).exists()


def may_create(user: Any, model: type[Model]) -> bool:
    """Whether ``user`` may create rows of ``model`` at all (the rule's ``create`` answer)."""
    return _RULES[model](actor_of(user), "create") is not None


def may_view_any(user: Any, model: type[Model]) -> bool:
    """Whether ``user`` may see rows of ``model`` at all, whether or not any exist yet."""
    return _RULES[model](actor_of(user), "view") is not None


def can(user: Any, name: str) -> bool:
    """Whether ``user`` has the capability ``name``; a name nobody declared raises."""
    try:
        check = _CAPABILITIES[name]
    except KeyError:
        raise LookupError(f"no capability is called {name!r}; declare it in a rules.py") from None
    return check(actor_of(user))


def require(user: Any, name: str) -> None:
    """404 unless ``user`` has the capability ``name``: pages they may not use do not exist."""
    if not can(user, name):
        raise Http404


def get_or_404(user: Any, model: type[M], action: Action = "view", **lookup: Any) -> M:
    """The object, or 404 both when it is absent and when it is not the user's."""
    try:
        return rows(user, model, action).get(**lookup)
    except model.DoesNotExist:  # type: ignore[attr-defined]
        raise Http404 from None


def registered_models() -> list[type[Model]]:
    return list(_RULES)


def capability_names() -> list[str]:
    return sorted(_CAPABILITIES)
