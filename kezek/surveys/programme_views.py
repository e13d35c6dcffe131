"""Pages of the feedback programme: triage, clarifications, actions, the participants' report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kezek.core.http import AuthedRequest, form_errors
from kezek.core.policy import actor_of, get_or_404
from kezek.core.versions import VersionConflict
from kezek.surveys import selectors
from kezek.surveys import services as sv
from kezek.surveys.choices import TriageStatus
from kezek.surveys.forms import (
    ActionForm,
    ActionUpdateForm,
    ClarificationForm,
    ReportForm,
    TriageForm,
)
from kezek.surveys.models import Action, Campaign, Feedback
from kezek.surveys.rules import is_editor, is_results_staff
from kezek.surveys.views import PAGE_SIZE, _staff_campaign


@login_required
def feedback_list(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = _staff_campaign(request, campaign_id)
    status = request.GET.get("status", "")
    status = status if status in TriageStatus.values else ""
    page = Paginator(
        selectors.feedback_for(request.user, campaign, status=status), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/feedback.html",
        {
            "campaign": campaign,
            "page_obj": page,
            "status": status,
            "statuses": TriageStatus.choices,
            "query": f"status={status}" if status else "",
        },
    )


def _feedback_row(request: AuthedRequest, feedback: Feedback, form: Any = None) -> HttpResponse:
    feedback = selectors.feedback_for(request.user, feedback.campaign).get(pk=feedback.pk)
    context = {
        "item": feedback,
        "campaign": feedback.campaign,
        "statuses": TriageStatus.choices,
        "form": form,
        # A refused triage shows the person's input again, not the stored values.
        "triage": form if isinstance(form, TriageForm) and form.errors else None,
    }
    if request.htmx:
        return render(request, "surveys/feedback.html#feedback-row", context)
    if form is not None and form.errors:
        messages.error(request, form_errors(form))
    return redirect("surveys:feedback", campaign_id=feedback.campaign_id)


@require_POST
@login_required
def feedback_triage(request: AuthedRequest, feedback_id: int) -> HttpResponse:
    feedback = get_or_404(request.user, Feedback, "change", pk=feedback_id)
    form = TriageForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            theme = None
            if data["theme"]:
                theme = feedback.campaign.themes.filter(
                    name=data["theme"].strip()
                ).first() or sv.theme_create(campaign=feedback.campaign, name=data["theme"])
            sv.feedback_triage(
                feedback=feedback,
                status=data["status"],
                explanation=data["explanation"],
                theme=theme,
                by=request.user,
                opened_version=form.opened_version,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    return _feedback_row(request, feedback, form)


@require_POST
@login_required
def feedback_clarify(request: AuthedRequest, feedback_id: int) -> HttpResponse:
    feedback = get_or_404(request.user, Feedback, "change", pk=feedback_id)
    form = ClarificationForm(request.POST)
    if form.is_valid():
        sv.clarification_add(feedback=feedback, author=request.user, text=form.cleaned_data["text"])
    return _feedback_row(request, feedback, form)


@login_required
def action_list(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = _staff_campaign(request, campaign_id)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = selectors.owner_staff(request.user).filter(pk=data["owner"]).first()
        feedback = selectors.feedback_for(request.user, campaign).filter(pk__in=form.feedback_ids())
        try:
            if owner is None:
                raise ValidationError({"owner": _("Choose an owner from the service centre.")})
            sv.action_create(
                campaign=campaign,
                title=data["title"],
                description=data["description"],
                owner=owner,
                due_on=data["due_on"],
                feedback=feedback,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Action added to the programme."))
            return redirect("surveys:actions", campaign_id=campaign.pk)
    return _actions_page(request, campaign, form)


def _actions_page(
    request: AuthedRequest,
    campaign: Campaign,
    form: ActionForm,
    edited: tuple[Action, ActionUpdateForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The programme's actions and the form of a new one.

    ``edited`` is a refused progress update, shown with the person's input at its action.
    """
    page = Paginator(selectors.actions_for(request.user, campaign), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "surveys/actions.html",
        {
            "campaign": campaign,
            "page_obj": page,
            "form": form,
            "edited_action": edited[0].pk if edited else None,
            "progress": edited[1] if edited else None,
            "owners": selectors.owner_staff(request.user),
            "accepted": selectors.feedback_for(
                request.user, campaign, status=TriageStatus.ACCEPTED
            ),
            "statuses": ActionUpdateForm.base_fields["status"].choices,  # type: ignore[attr-defined]
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_POST
@login_required
def action_update(request: AuthedRequest, action_id: int) -> HttpResponse:
    action = get_or_404(request.user, Action, "change", pk=action_id)
    form = ActionUpdateForm(request.POST)
    if form.is_valid():
        try:
            sv.action_update(
                action=action, opened_version=form.opened_version, **form.edited_values()
            )
        except VersionConflict as conflict:
            form.add_error(None, conflict)
            return _actions_page(
                request, action.campaign, ActionForm(), edited=(action, form), status=422
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Give a status and a percentage from 0 to 100."))
    return redirect("surveys:actions", campaign_id=action.campaign_id)


def _report_context(request: AuthedRequest, campaign: Campaign) -> dict[str, Any]:
    feedback = selectors.report_feedback_for(request.user, campaign)
    return {
        "campaign": campaign,
        "report": selectors.report_for(request.user, campaign),
        "accepted": [f for f in feedback if f.status == TriageStatus.ACCEPTED],
        "not_accepted": [f for f in feedback if f.status == TriageStatus.NOT_ACCEPTED],
        "clarifying": [f for f in feedback if f.status == TriageStatus.NEEDS_CLARIFICATION],
        "positive": [f for f in feedback if f.status == TriageStatus.POSITIVE],
        "actions": selectors.actions_for(request.user, campaign),
        "is_staff": is_results_staff(actor_of(request.user)),
    }


@login_required
def report(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    """ "What you told us, what we do": participants once published, staff always."""
    campaign = get_or_404(request.user, Campaign, pk=campaign_id)
    context = _report_context(request, campaign)
    if context["report"] is None and not context["is_staff"]:
        raise Http404
    published = context["report"]
    form = ReportForm(
        request.POST or None,
        initial={
            "summary": getattr(published, "summary", ""),
            "row_version": getattr(published, "row_version", 0),
        },
    )
    if request.method == "POST":
        if not is_editor(actor_of(request.user)):
            raise Http404
        if form.is_valid():
            try:
                sv.report_publish(
                    campaign=campaign,
                    by=request.user,
                    summary=form.cleaned_data["summary"],
                    opened_version=form.opened_version,
                )
            except VersionConflict as conflict:
                form.add_error(None, conflict)
            else:
                messages.success(
                    request, _("The report is published and emailed to the participants.")
                )
                return redirect("surveys:report", campaign_id=campaign.pk)
    context["form"] = form
    template = "surveys/report_print.html" if request.GET.get("print") else "surveys/report.html"
    return render(request, template, context)
