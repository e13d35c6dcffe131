"""The navigation menu: each app registers its pages and who uses them (roles or a capability)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from kezek.core.policy import Actor, can


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str]  # empty: everyone logged in
    owner_only: bool = False
    capability: str = ""  # set: the capability alone decides

    def visible_to(self, actor: Actor) -> bool:
        if self.capability:
            return can(actor, self.capability)
        if self.owner_only and not actor.is_owner_staff:
            return False
        return actor.is_admin or not self.roles or actor.has(*self.roles)


_ITEMS: list[NavItem] = []


def register(
    label: str | Promise,
    url_name: str,
    *roles: str,
    owner_only: bool = False,
    capability: str = "",
) -> None:
    """A menu entry for ``roles`` (admins see every entry), or for those with ``capability``."""
    if capability and (roles or owner_only):
        raise ValueError(f"{url_name}: a capability decides alone, without roles")
    _ITEMS.append(NavItem(label, url_name, frozenset(roles), owner_only, capability))


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
