"""Staff pages: the list, a person's record and its changes, import and export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kezek.accounts.models import Organisation
from kezek.core.http import AuthedRequest, query_without_page
from kezek.core.policy import actor_of, get_or_404, may, may_view_any
from kezek.people import formats, selectors
from kezek.people.forms import (
    AbsenceForm,
    AcdLoginForm,
    AcdReleaseForm,
    SkillForm,
    StaffFilterForm,
    StaffImportForm,
    StaffMemberForm,
    StatusChangeForm,
)
from kezek.people.models import Absence, AcdLogin, StaffMember, StaffSkill
from kezek.people.services.acd import acd_login_assign, acd_login_release
from kezek.people.services.imports import staff_import as import_staff_file
from kezek.people.services.staff import (
    absence_add,
    absence_remove,
    staff_member_create,
    staff_member_update,
    staff_skill_remove,
    staff_skill_set,
    staff_status_change,
)

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Form fields named unlike the model fields whose errors the services raise.
FORM_FIELDS = {"effective_date": "status_date"}


def _visible_at_all(request: AuthedRequest) -> None:
    if not may_view_any(request.user, StaffMember):
        raise Http404  # client companies have no contact-centre staff to see


def _kept_organisation(request: AuthedRequest) -> Organisation:
    """The user's own organisation, when they keep its staff records; else 404."""
    organisation = selectors.kept_organisation(request.user)
    if organisation is None:
        raise Http404
    return organisation


@login_required
def staff_list(request: AuthedRequest) -> HttpResponse:
    _visible_at_all(request)
    form = StaffFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    page = Paginator(selectors.staff_list(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "people/staff_list.html",
        {
            "form": form,
            "page_obj": page,
            "query": query_without_page(request),
            "may_add": selectors.kept_organisation(request.user) is not None,
            "may_import": selectors.organisations_to_staff(request.user).exists(),
            "shows_organisation": actor_of(request.user).is_owner_staff,
        },
    )


@login_required
def staff_new(request: AuthedRequest) -> HttpResponse:
    organisation = _kept_organisation(request)
    form = StaffMemberForm(request.POST or None, user=request.user, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            member = staff_member_create(
                organisation=organisation,
                status=form.cleaned_data["status"],
                status_date=form.cleaned_data["status_date"],
                availability=form.cleaned_data["availability"],
                **form.member_fields(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s added.") % {"name": member})
            return redirect("people:staff-detail", member_id=member.pk)
    return _form_page(request, form, None)


@login_required
def staff_edit(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = selectors.member_get_for(request.user, member_id, action="change")
    form = StaffMemberForm(
        request.POST or None, instance=member, user=request.user, organisation=member.organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            staff_member_update(
                # a fresh copy: validating the form wrote its values onto ``member``
                member=selectors.member_get_for(request.user, member_id, action="change"),
                opened_version=form.opened_version,
                availability=form.cleaned_data["availability"],
                **form.member_fields(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("people:staff-detail", member_id=member.pk)
    return _form_page(request, form, selectors.member_get_for(request.user, member_id))


def _form_page(
    request: AuthedRequest, form: StaffMemberForm, member: StaffMember | None
) -> HttpResponse:
    status = 422 if request.method == "POST" else 200
    return render(
        request, "people/staff_form.html", {"form": form, "member": member}, status=status
    )


def _add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """The services' errors on the fields of ``form`` that show them, the others on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        field = FORM_FIELDS.get(name, name)
        form.add_error(field if field in form.fields else None, errors)


@login_required
def staff_detail(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = selectors.member_get_for(request.user, member_id)
    return _detail(request, member)


def _detail(
    request: AuthedRequest, member: StaffMember, status: int = 200, **bound: forms.BaseForm
) -> HttpResponse:
    """The person's page; ``bound`` forms show what was refused (status 422)."""
    may_change = may(request.user, "change", member)
    today = member.local_today()
    forms_shown: dict[str, forms.BaseForm] = {
        "status_form": StatusChangeForm(initial={"effective_date": today}),
        "acd_form": AcdLoginForm(initial={"valid_from": today}),
        "release_form": AcdReleaseForm(initial={"valid_to": today}),
        "skill_form": SkillForm(),
        "absence_form": AbsenceForm(),
    }
    forms_shown.update(bound)
    return render(
        request,
        "people/staff_detail.html",
        {
            "member": member,
            "may_change": may_change,
            "today": today,
            "statuses": selectors.status_history(member),
            "acd_logins": selectors.acd_history(member),
            "skills": selectors.skills_of(member),
            "availability": [
                formats.window_text(window, [str(WEEKDAYS_ABBR[d]) for d in range(7)])
                for window in formats.member_windows(member)
            ],
            "days_off": [str(WEEKDAYS[day]) for day in member.preferred_days_off_list],
            "absences": selectors.absences_of(member),
            "changes": selectors.staff_changes(member),
            "skill_queues": selectors.skill_queues(request.user) if may_change else [],
            **(forms_shown if may_change else {}),
        },
        status=status,
    )


def _act(
    request: AuthedRequest,
    member_id: int,
    form_name: str,
    form: forms.BaseForm,
    write: Callable[[StaffMember, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """A change posted from the person's page: done and back, or the page with the refusal."""
    member = selectors.member_get_for(request.user, member_id, action="change")
    if form.is_valid():
        try:
            write(member, form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("people:staff-detail", member_id=member.pk)
    member = selectors.member_get_for(request.user, member_id)
    return _detail(request, member, status=422, **{form_name: form})


@require_POST
@login_required
def status_change(request: AuthedRequest, member_id: int) -> HttpResponse:
    def write(member: StaffMember, data: dict[str, Any]) -> object:
        return staff_status_change(member=member, **data)

    form = StatusChangeForm(request.POST)
    return _act(request, member_id, "status_form", form, write, _("Status changed."))


@require_POST
@login_required
def acd_assign(request: AuthedRequest, member_id: int) -> HttpResponse:
    def write(member: StaffMember, data: dict[str, Any]) -> object:
        return acd_login_assign(actor=request.user, member=member, **data)

    form = AcdLoginForm(request.POST)
    return _act(request, member_id, "acd_form", form, write, _("ACD login id assigned."))


@require_POST
@login_required
def acd_release(request: AuthedRequest, acd_login_id: int) -> HttpResponse:
    login = get_or_404(request.user, AcdLogin, "change", pk=acd_login_id)

    def write(member: StaffMember, data: dict[str, Any]) -> object:
        acd_login_release(login=login, valid_to=data["valid_to"])
        return None

    form = AcdReleaseForm(request.POST)
    return _act(request, login.member_id, "release_form", form, write, _("ACD login id released."))


@require_POST
@login_required
def skill_set(request: AuthedRequest, member_id: int) -> HttpResponse:
    def write(member: StaffMember, data: dict[str, Any]) -> object:
        return staff_skill_set(member=member, **data)

    return _act(request, member_id, "skill_form", SkillForm(request.POST), write, _("Skill saved."))


@require_POST
@login_required
def skill_remove(request: AuthedRequest, skill_id: int) -> HttpResponse:
    skill = get_or_404(request.user, StaffSkill, "delete", pk=skill_id)
    staff_skill_remove(skill=skill)
    messages.success(request, _("Skill removed."))
    return redirect("people:staff-detail", member_id=skill.member_id)


@require_POST
@login_required
def absence_new(request: AuthedRequest, member_id: int) -> HttpResponse:
    def write(member: StaffMember, data: dict[str, Any]) -> object:
        return absence_add(member=member, **data)

    form = AbsenceForm(request.POST)
    return _act(request, member_id, "absence_form", form, write, _("Absence recorded."))


@require_POST
@login_required
def absence_delete(request: AuthedRequest, absence_id: int) -> HttpResponse:
    absence = get_or_404(request.user, Absence, "delete", pk=absence_id)
    absence_remove(absence=absence)
    messages.success(request, _("Absence removed."))
    return redirect("people:staff-detail", member_id=absence.member_id)


@login_required
def staff_import(request: AuthedRequest) -> HttpResponse:
    """Upload a staff file; every bad cell is listed, and nothing is saved until none is."""
    if not selectors.organisations_to_staff(request.user).exists():
        raise Http404
    form = StaffImportForm(request.POST or None, request.FILES or None)
    problems: list[formats.CellProblem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = import_staff_file(
                actor=request.user, file_name=upload.name, content=upload.read()
            )
        except formats.ImportProblems as exc:
            problems = exc.problems
        else:
            messages.success(request, _imported(outcome.created, outcome.updated))
            return redirect("people:staff-list")
    return render(
        request,
        "people/staff_import.html",
        {"form": form, "problems": problems, "columns": formats.COLUMNS},
        status=422 if request.method == "POST" else 200,
    )


def _imported(created: int, updated: int) -> str:
    return " ".join(
        (
            ngettext("%(count)s person added.", "%(count)s people added.", created)
            % {"count": created},
            ngettext("%(count)s person updated.", "%(count)s people updated.", updated)
            % {"count": updated},
        )
    )


@login_required
def staff_export(request: AuthedRequest, file_format: str) -> HttpResponse:
    """The list as the staff file, with the list's filters: what one may see, no more."""
    _visible_at_all(request)
    if file_format not in ("csv", "xlsx"):
        raise Http404
    filters = StaffFilterForm(request.GET or None, user=request.user).filters()
    rows = formats.staff_rows(selectors.staff_export(request.user, filters))
    if file_format == "csv":
        response = HttpResponse(formats.staff_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(formats.staff_xlsx(rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="staff.{file_format}"'
    return response
