"""The requester's side and a request's page: portal, catalogue, new request, my requests, replies, steps."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kezek.core.http import AuthedRequest
from kezek.core.policy import can, may
from kezek.servicedesk import selectors
from kezek.servicedesk.choices import TRANSITIONS, State
from kezek.servicedesk.forms import (
    AssignForm,
    RateForm,
    ReplyForm,
    RequestForm,
    TransitionForm,
)
from kezek.servicedesk.models import Request
from kezek.servicedesk.services import approvals as approval_services
from kezek.servicedesk.services import requests as request_services
from kezek.servicedesk.views.common import PAGE_SIZE, add_errors, attempt


@login_required
def portal(request: AuthedRequest) -> HttpResponse:
    """Home of the desk: agents go to their queue, everyone else to their requests."""
    if can(request.user, "may_work_desk"):
        return redirect("servicedesk:queue")
    return redirect("servicedesk:my-requests")


@login_required
def catalogue(request: AuthedRequest) -> HttpResponse:
    return render(
        request, "servicedesk/catalogue.html", {"groups": selectors.catalogue_for(request.user)}
    )


@login_required
def request_new(request: AuthedRequest, service_id: int) -> HttpResponse:
    service = selectors.service_get_for(request.user, service_id)
    form = RequestForm(
        request.POST or None, request.FILES or None, service=service, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = request_services.request_create(
                requester=request.user,
                service=service,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                form_data=form.form_data(),
                subject=form.cleaned_data.get("subject"),
                files=form.uploads(),
                now=timezone.now(),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("Your request %(number)s was sent.") % {"number": created.number}
            )
            return redirect("servicedesk:request-detail", created.pk)
    return render(request, "servicedesk/request_new.html", {"service": service, "form": form})


@login_required
def my_requests(request: AuthedRequest) -> HttpResponse:
    scope = request.GET.get("scope", "mine")
    for_team = can(request.user, "may_act_for_team")
    if scope == "team" and for_team:
        requests = selectors.team_requests_for(request.user)
    else:
        scope, requests = "mine", selectors.my_requests_for(request.user)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "servicedesk/my_requests.html",
        {
            "page_obj": page,
            "scope": scope,
            "is_manager": for_team,
            "query": f"scope={scope}",
        },
    )


def _detail_context(request: AuthedRequest, item: Request) -> dict[str, object]:
    user = request.user
    staff = can(user, "may_work_requests")
    approvals = list(selectors.approvals_for_request(user, item))
    checks = {
        a.pk: approval_services.approval_verify(a) for a in approvals if a.sequence is not None
    }
    moves = [(s, State(s).label) for s in sorted(TRANSITIONS.get(item.state, frozenset()))]
    return {
        "item": item,
        "staff": staff,
        "can_reply": may(user, "change", item),
        "replies": selectors.replies_for(user, item),
        "attachments": selectors.attachments_for(user, item),
        "events": selectors.events_for(user, item),
        "approvals": [(a, checks.get(a.pk)) for a in approvals],
        "moves": moves,
        "reply_form": ReplyForm(),
        "rate_form": RateForm(),
        "assign_form": AssignForm(
            agents=selectors.agents_for(user), initial={"assignee": item.assignee_id}
        ),
        "canned": selectors.canned_for(user, item) if staff else [],
        "is_requester": item.requester_id == user.pk,
        "answers": _answers(item),
    }


def _answers(item: Request) -> list[tuple[str, str]]:
    """The service form's answers with their labels, for display."""
    answers = []
    for spec in item.service.fields.all():
        value = item.form_data.get(spec.key)
        if value:
            answers.append(
                (spec.display_label, " – ".join(value) if isinstance(value, list) else str(value))
            )
    return answers


@login_required
def request_detail(request: AuthedRequest, request_id: int) -> HttpResponse:
    item = selectors.request_get_for(request.user, request_id, log="view")
    return render(request, "servicedesk/request_detail.html", _detail_context(request, item))


@login_required
@require_POST
def request_reply(request: AuthedRequest, request_id: int) -> HttpResponse:
    item = selectors.request_get_for(request.user, request_id, log="reply")
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        attachment = form.cleaned_data.get("attachment")
        try:
            request_services.reply_create(
                actor=request.user,
                request=item,
                body=form.cleaned_data["body"],
                is_internal=form.cleaned_data["is_internal"],
                files=[attachment] if attachment else [],
                now=timezone.now(),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return redirect("servicedesk:request-detail", item.pk)
    context = _detail_context(request, item)
    context["reply_form"] = form
    return render(request, "servicedesk/request_detail.html", context, status=422)


@login_required
@require_POST
def request_transition(request: AuthedRequest, request_id: int) -> HttpResponse:
    item = selectors.request_get_for(request.user, request_id, log="state")
    form = TransitionForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            partial(
                request_services.request_transition,
                actor=request.user,
                request=item,
                to_state=form.cleaned_data["to_state"],
                now=timezone.now(),
            ),
        )
    return redirect("servicedesk:request-detail", item.pk)


@login_required
@require_POST
def request_assign(request: AuthedRequest, request_id: int) -> HttpResponse:
    item = selectors.request_get_for(request.user, request_id, action="change", log="assign")
    form = AssignForm(request.POST, agents=selectors.agents_for(request.user))
    if form.is_valid():
        attempt(
            request,
            partial(
                request_services.request_assign,
                actor=request.user,
                request=item,
                assignee=form.cleaned_data["assignee"],
                now=timezone.now(),
            ),
        )
    return redirect("servicedesk:request-detail", item.pk)


@login_required
@require_POST
def request_rate(request: AuthedRequest, request_id: int) -> HttpResponse:
    item = selectors.request_get_for(request.user, request_id)
    form = RateForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            partial(
                request_services.request_rate,
                actor=request.user,
                request=item,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
                now=timezone.now(),
            ),
            success=_("Thank you for your rating."),
        )
    return redirect("servicedesk:request-detail", item.pk)


@login_required
def attachment_download(request: AuthedRequest, attachment_id: int) -> FileResponse:
    attachment = selectors.attachment_get_for(request.user, attachment_id)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    return response
