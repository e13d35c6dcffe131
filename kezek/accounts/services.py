"""Writes of organisations and people; the only code that saves these models."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from kezek.accounts.models import ApiToken, Membership, Organisation, Site, Team, User


@transaction.atomic
def organisation_create(*, name: str, kind: str, time_zone: str = "UTC") -> Organisation:
    organisation = Organisation(name=name, kind=kind, time_zone=time_zone)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def site_create(*, organisation: Organisation, name: str, city: str = "", time_zone: str) -> Site:
    site = Site(organisation=organisation, name=name, city=city, time_zone=time_zone)
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def team_create(
    *, organisation: Organisation, name: str, site: Site | None = None, leader: User | None = None
) -> Team:
    team = Team(organisation=organisation, name=name, site=site, leader=leader)
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def person_create(
    *,
    username: str,
    organisation: Organisation,
    roles: Iterable[str],
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    team: Team | None = None,
    preferred_language: str = "",
) -> User:
    """Create a person with their roles; the person and every role are saved or none is."""
    person = User(
        username=username,
        organisation=organisation,
        first_name=first_name,
        last_name=last_name,
        email=email,
        preferred_language=preferred_language,
    )
    if password is None:
        person.set_unusable_password()
    else:
        person.set_password(password)
    person.full_clean()
    person.save()
    for role in roles:
        membership_add(person=person, role=role, team=team)
    return person


@transaction.atomic
def membership_add(*, person: User, role: str, team: Team | None = None) -> Membership:
    membership = Membership(user=person, role=role, team=team)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token and its key; the key is returned once and never stored."""
    key = ApiToken.new_key()
    token = ApiToken(user=user, name=name, key_hash=ApiToken.hash_key(key))
    token.full_clean()
    token.save()
    return token, key


def api_token_user(key: str) -> User | None:
    """The active user whose token ``key`` is, recording its use; ``None`` for no such token."""
    found = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), user__is_active=True)
        .first()
    )
    if found is None:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found.user
