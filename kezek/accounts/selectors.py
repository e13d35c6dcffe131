"""Reads of organisations and people, always scoped by the access policy."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kezek.accounts.choices import OrganisationKind
from kezek.accounts.models import Organisation, Team, User
from kezek.core.policy import Action, rows


def organisations_for(user: Any, *, action: Action = "view") -> QuerySet[Organisation]:
    return rows(user, Organisation, action).order_by("name")


def client_companies_for(user: Any) -> QuerySet[Organisation]:
    """The client companies ``user`` may see, by name: what a choice of clients offers."""
    return organisations_for(user).filter(kind=OrganisationKind.CLIENT)


def people_for(user: Any, *, action: Action = "view") -> QuerySet[User]:
    return (
        rows(user, User, action)
        .select_related("organisation")
        .prefetch_related("memberships")
        .order_by("organisation__name", "last_name", "first_name", "username")
    )


def teams_for(user: Any, *, action: Action = "view") -> QuerySet[Team]:
    return rows(user, Team, action).select_related("organisation", "site", "leader")
