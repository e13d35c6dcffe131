"""API endpoints for the current user, organisations and people."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from kezek.accounts.selectors import organisations_for, people_for
from kezek.accounts.services import api_token_create
from kezek.core.api import Pages

router = Router(tags=["accounts"])


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    time_zone: str
    is_active: bool


class PersonOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    organisation_id: int | None
    roles: list[str]

    @staticmethod
    def resolve_roles(obj: object) -> list[str]:
        return sorted(m.role for m in obj.memberships.all())  # type: ignore[attr-defined]


class TokenIn(Schema):
    name: str


class TokenOut(Schema):
    id: int
    name: str
    key: str


@router.get("/me", response=PersonOut, summary="The person making the request")
def me(request: HttpRequest) -> object:
    return get_object_or_404(people_for(request.user), pk=request.user.pk)


@router.post("/me/tokens", response={201: TokenOut}, summary="Create an API token (shown once)")
def token_create(request: HttpRequest, payload: TokenIn) -> Status[dict[str, object]]:
    token, key = api_token_create(user=request.user, name=payload.name)  # type: ignore[arg-type]
    return Status(201, {"id": token.pk, "name": token.name, "key": key})


@router.get("/organisations", response=list[OrganisationOut])
@paginate(Pages)
def organisation_list(request: HttpRequest) -> object:
    return organisations_for(request.user)


@router.get("/organisations/{organisation_id}", response=OrganisationOut)
def organisation_detail(request: HttpRequest, organisation_id: int) -> object:
    return get_object_or_404(organisations_for(request.user), pk=organisation_id)


@router.get("/people", response=list[PersonOut])
@paginate(Pages)
def person_list(request: HttpRequest) -> object:
    return people_for(request.user)


@router.get("/people/{person_id}", response=PersonOut)
def person_detail(request: HttpRequest, person_id: int) -> object:
    return get_object_or_404(people_for(request.user), pk=person_id)
