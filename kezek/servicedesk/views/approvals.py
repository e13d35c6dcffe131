"""Managers' approvals: the list and the signed decision."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kezek.core.http import AuthedRequest
from kezek.servicedesk import selectors
from kezek.servicedesk.forms import (
    ApprovalForm,
)
from kezek.servicedesk.services import approvals as approval_services
from kezek.servicedesk.views.common import PAGE_SIZE, attempt


@login_required
def approval_list(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.approvals_pending_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "servicedesk/approvals.html", {"page_obj": page, "form": ApprovalForm()})


@login_required
@require_POST
def approval_decide(request: AuthedRequest, approval_id: int) -> HttpResponse:
    approval = selectors.approval_get_for(request.user, approval_id)
    form = ApprovalForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            partial(
                approval_services.approval_decide,
                actor=request.user,
                approval_id=approval.pk,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
                now=timezone.now(),
            ),
            success=_("Your decision was signed and recorded."),
        )
    return redirect("servicedesk:approvals")
