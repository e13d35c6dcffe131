"""The navigation menu: each app registers its pages and the roles that use them."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from kezek.core.policy import Actor


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str]  # empty: everyone logged in
    owner_only: bool = False

    def visible_to(self, actor: Actor) -> bool:
        if self.owner_only and not actor.is_owner_staff:
            return False
        return actor.is_admin or not self.roles or actor.has(*self.roles)


_ITEMS: list[NavItem] = []


def register(label: str | Promise, url_name: str, *roles: str, owner_only: bool = False) -> None:
    _ITEMS.append(NavItem(label, url_name, frozenset(roles), owner_only))


def items_for(actor: Actor) -> list[tuple[str | Promise, str]]:
    """(label, url) of every page the actor may open; pages that do not resolve are left out."""
    links = []
    for item in _ITEMS:
        if not item.visible_to(actor):
            continue
        try:
            links.append((item.label, reverse(item.url_name)))
        except NoReverseMatch:
            continue
    return links
