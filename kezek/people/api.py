"""API endpoints of staff records, scoped exactly like the pages: another vendor's person
answers 404, and only those who keep records (a vendor's managers, the owner's admins and
centre managers) create or change them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from kezek.accounts.models import Organisation, User
from kezek.core.api import Pages
from kezek.people import formats, selectors
from kezek.people.models import StaffMember
from kezek.people.services.staff import staff_member_create, staff_member_update

router = Router(tags=["staff"])


class SkillOut(Schema):
    name: str
    level: int
    queue_id: int | None


class StaffOut(Schema):
    id: int
    organisation_id: int
    staff_number: str
    first_name: str
    last_name: str
    site_id: int | None
    team_id: int | None
    team_leader_id: int | None
    position: str
    hire_date: date
    status: str
    status_since: date | None
    min_hours_per_week: float
    max_hours_per_week: float
    star_level: int | None
    user_id: int | None
    acd_login_ids: list[str]
    skills: list[SkillOut]
    availability: str = Field(description="Mon-Fri 07:00-15:00;Sat 08:00-20:00 (empty: any time)")

    @staticmethod
    def resolve_acd_login_ids(obj: Any) -> list[str]:
        return [login.login_id for login in obj.open_acd_logins]

    @staticmethod
    def resolve_skills(obj: Any) -> list[Any]:
        return list(obj.skills.all())

    @staticmethod
    def resolve_availability(obj: Any) -> str:
        return formats.format_availability(formats.member_windows(obj))


class StaffPatch(Schema):
    """The fields to change; those left out stay as they are."""

    staff_number: str | None = Field(None, min_length=1, max_length=32)
    first_name: str | None = Field(None, min_length=1, max_length=150)
    last_name: str | None = Field(None, min_length=1, max_length=150)
    position: str | None = None
    hire_date: date | None = None
    site_id: int | None = None
    team_id: int | None = None
    team_leader_id: int | None = None
    min_hours_per_week: Decimal | None = Field(
        None, ge=0, le=168, max_digits=5, decimal_places=2, allow_inf_nan=False
    )
    max_hours_per_week: Decimal | None = Field(
        None, ge=0, le=168, max_digits=5, decimal_places=2, allow_inf_nan=False
    )
    star_level: int | None = Field(None, ge=1, le=5)
    user_id: int | None = None
    availability: str | None = Field(None, max_length=500)


class StaffIn(StaffPatch):
    """A new person of the caller's organisation, with their first status."""

    staff_number: str = Field(..., min_length=1, max_length=32)
    first_name: str = Field(..., min_length=1, max_length=150)
    last_name: str = Field(..., min_length=1, max_length=150)
    hire_date: date
    status: str = "recruited"
    status_date: date | None = None
    status_reason: str = Field("", max_length=300)


def _one(user: Any, member_id: int) -> StaffMember:
    return get_object_or_404(selectors.staff_export(user, selectors.StaffFilters()), pk=member_id)


@router.get("/staff", response=list[StaffOut], summary="Staff records you may see")
@paginate(Pages)
def staff_list(
    request: HttpRequest,
    q: str = "",
    organisation: int | None = None,
    team: int | None = None,
    position: str = "",
    status: str = "",
    skill: str = "",
) -> Any:
    """``q``: every word of a name, the start of a staff number, or a current ACD login id."""
    filters = selectors.StaffFilters(
        organisation=organisation,
        team=team,
        position=position[:32],
        status=status[:16],
        skill=skill[:100],
        text=q.strip()[:100],
    )
    return selectors.staff_export(request.user, filters)


@router.get("/staff/{member_id}", response=StaffOut)
def staff_detail(request: HttpRequest, member_id: int) -> StaffMember:
    return _one(request.user, member_id)


@router.post("/staff", response={201: StaffOut}, summary="Add a person to your organisation")
def staff_create(request: HttpRequest, payload: StaffIn) -> Status[StaffMember]:
    user: User = request.user  # type: ignore[assignment]
    organisation = selectors.kept_organisation(user)
    if organisation is None:
        raise PermissionDenied  # only those who keep their organisation's records add people
    data = payload.dict()
    extra = {name: data.pop(name) for name in ("status", "status_date", "status_reason")}
    fields = _fields(user, organisation, None, data)
    member = staff_member_create(organisation=organisation, **extra, **fields)
    return Status(201, _one(user, member.pk))


@router.patch("/staff/{member_id}", response=StaffOut, summary="Change a staff record")
def staff_update(request: HttpRequest, member_id: int, payload: StaffPatch) -> StaffMember:
    member = selectors.member_get_for(request.user, member_id, action="change")
    fields = _fields(request.user, member.organisation, member, payload.dict(exclude_unset=True))
    staff_member_update(member=member, **fields)
    return _one(request.user, member.pk)


def _fields(
    user: Any, organisation: Organisation, member: StaffMember | None, data: dict[str, Any]
) -> dict[str, Any]:
    """The services' fields from a payload: ids become records of the organisation."""
    choices = {
        "site_id": ("site", selectors.sites_of(user, organisation)),
        "team_id": ("team", selectors.teams_of(user, organisation)),
        "team_leader_id": (
            "team_leader",
            selectors.leaders_of(user, organisation, besides=member),
        ),
        "user_id": ("user", selectors.logins_to_link(user, organisation, member=member)),
    }
    fields: dict[str, Any] = {}
    for key, value in data.items():
        if key in choices:
            name, queryset = choices[key]
            fields[name] = None if value is None else queryset.filter(pk=value).first()
            if value is not None and fields[name] is None:
                raise ValidationError(
                    {key: _("%(value)s is not one to choose here.") % {"value": value}}
                )
        elif key == "availability":
            fields[key] = _windows(value or "")
        elif value is not None or key == "star_level":
            fields[key] = value
    return fields


def _windows(text: str) -> list[formats.Window]:
    try:
        return formats.parse_availability(text)
    except formats.CellError as exc:
        raise ValidationError({"availability": str(exc)}) from None
