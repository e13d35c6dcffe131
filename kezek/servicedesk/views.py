"""Pages of the service desk: portal for employees and managers, workspace for agents."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kezek.core.http import AuthedRequest, form_errors, next_url, query_without_page
from kezek.core.policy import actor_of, get_or_404, may
from kezek.servicedesk import selectors
from kezek.servicedesk.choices import TRANSITIONS, SlaState, State, SuggestionEventKind
from kezek.servicedesk.forms import (
    ApprovalForm,
    AssignForm,
    BulkForm,
    FeedbackForm,
    HandOverForm,
    RateForm,
    ReplyForm,
    RequestForm,
    TransitionForm,
)
from kezek.servicedesk.models import Article, Request
from kezek.servicedesk.rules import is_desk_staff
from kezek.servicedesk.services import approvals as approval_services
from kezek.servicedesk.services import assignment, kb
from kezek.servicedesk.services import requests as request_services

PAGE_SIZE = 50
QUEUE_COUNT_CAP = 5000


class CappedPaginator(Paginator[Request]):
    """Counts at most ``QUEUE_COUNT_CAP`` rows: an exact count of a 100,000-row queue costs more
    than the page itself, and nobody pages past the first hundred pages of a queue."""

    @cached_property
    def count(self) -> int:
        rows: QuerySet[Request] = self.object_list  # type: ignore[assignment]
        # Unordered, so the planner may count along whichever index is cheapest.
        return rows.order_by()[:QUEUE_COUNT_CAP].count()


def _add_errors(form: object, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (unknown fields: the whole form)."""
    fields = getattr(form, "fields", {})
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in fields else None, errors)  # type: ignore[attr-defined]
    else:
        form.add_error(None, exc)  # type: ignore[attr-defined]


def _attempt(request: AuthedRequest, action: Callable[[], object], *, success: str = "") -> None:
    """Run a service call for a form that redirects: its ValidationError becomes a message."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if success:
            messages.success(request, success)


@login_required
def portal(request: AuthedRequest) -> HttpResponse:
    """Home of the desk: agents go to their queue, everyone else to their requests."""
    if is_desk_staff(actor_of(request.user)):
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
            _add_errors(form, exc)
        else:
            messages.success(
                request, _("Your request %(number)s was sent.") % {"number": created.number}
            )
            return redirect("servicedesk:request-detail", created.pk)
    return render(request, "servicedesk/request_new.html", {"service": service, "form": form})


@login_required
def my_requests(request: AuthedRequest) -> HttpResponse:
    scope = request.GET.get("scope", "mine")
    actor = actor_of(request.user)
    if scope == "team" and actor.has("manager"):
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
            "is_manager": actor.has("manager"),
            "query": f"scope={scope}",
        },
    )


def _queue_filter(request: AuthedRequest) -> selectors.QueueFilter:
    def number(name: str) -> int | None:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    return selectors.QueueFilter(
        state=request.GET.get("state", "") if request.GET.get("state", "") in State.values else "",
        group=number("group"),
        assignee=request.GET.get("assignee", ""),
        sla=request.GET.get("sla", ""),
        organisation=number("organisation"),
        service=number("service"),
        text=request.GET.get("q", "").strip()[:100],
        sort=request.GET.get("sort", "due"),
    )


@login_required
def queue(request: AuthedRequest) -> HttpResponse:
    """The agents' queue with filters, sorting, SLA badges and bulk actions."""
    if not is_desk_staff(actor_of(request.user)) and not actor_of(request.user).is_vendor_staff:
        raise Http404
    filters = _queue_filter(request)
    page = CappedPaginator(selectors.queue_for(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "filters": filters,
        "query": query_without_page(request),
        "states": State.choices,
        "sla_states": SlaState.choices,
        "groups": selectors.groups_for(request.user),
        "agents": selectors.agents_for(request.user),
        "capped": page.paginator.count >= QUEUE_COUNT_CAP,
        "cap": QUEUE_COUNT_CAP,
    }
    template = "servicedesk/queue.html#queue-table" if request.htmx else "servicedesk/queue.html"
    return render(request, template, context)


@login_required
@require_POST
def queue_bulk(request: AuthedRequest) -> HttpResponse:
    form = BulkForm(request.POST, agents=selectors.agents_for(request.user))
    if form.is_valid():
        done, skipped = request_services.requests_bulk_update(
            actor=request.user,
            request_ids=form.cleaned_data["ids"],
            assignee=form.cleaned_data.get("assignee"),
            to_state=form.cleaned_data.get("to_state") or "",
            now=timezone.now(),
        )
        messages.success(
            request,
            _("%(done)s requests updated, %(skipped)s skipped.")
            % {"done": done, "skipped": skipped},
        )
    else:
        messages.error(request, form_errors(form))
    return redirect(next_url(request, "servicedesk:queue"))


@login_required
def confidential(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.confidential_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "servicedesk/confidential.html", {"page_obj": page})


def _detail_context(request: AuthedRequest, item: Request) -> dict[str, object]:
    user = request.user
    staff = is_desk_staff(actor_of(user)) or actor_of(user).is_vendor_staff
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
            _add_errors(form, exc)
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
        _attempt(
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
        _attempt(
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
        _attempt(
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
        _attempt(
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


@login_required
def agents(request: AuthedRequest) -> HttpResponse:
    """Who is in, who is absent, and handing an absent agent's work to a stand-in."""
    if not is_desk_staff(actor_of(request.user)):
        raise Http404
    people = list(selectors.agents_for(request.user))
    form = HandOverForm(request.POST or None, agents=selectors.agents_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            moved = assignment.agent_hand_over(
                actor=request.user,
                agent=form.cleaned_data["agent"],
                stand_in=form.cleaned_data["stand_in"],
                now=timezone.now(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, _("%(count)s open requests were handed over.") % {"count": moved}
            )
            return redirect("servicedesk:agents")
    loads = selectors.agent_open_loads(request.user, [p.pk for p in people])
    absent = selectors.absent_ids()
    rows = [(p, loads.get(p.pk, 0), p.pk in absent) for p in people]
    return render(request, "servicedesk/agents.html", {"rows": rows, "form": form})


@login_required
def sla_report(request: AuthedRequest) -> HttpResponse:
    by = request.GET.get("by", "client")
    if by not in selectors.REPORT_DIMENSIONS:
        by = "client"
    report = selectors.sla_report_for(request.user, by=by)
    field = selectors.REPORT_DIMENSIONS[by][0]
    lines = [(line[field] or "—", line) for line in report]
    return render(
        request,
        "servicedesk/sla_report.html",
        {"lines": lines, "by": by, "deflection": selectors.deflection_for(request.user)},
    )


@login_required
def kb_search(request: AuthedRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:200]
    results = (
        kb.article_search(user=request.user, text=text, language=get_language() or "en")
        if text
        else []
    )
    return render(request, "servicedesk/kb_search.html", {"q": text, "results": results})


@login_required
def kb_suggest(request: AuthedRequest) -> HttpResponse:
    """htmx: articles that may answer what the person is typing (each showing is counted)."""
    text = (request.GET.get("title", "") + " " + request.GET.get("description", "")).strip()[:200]
    found = (
        kb.article_suggest(user=request.user, text=text, language=get_language() or "en")
        if len(text) >= 3
        else []
    )
    return render(request, "servicedesk/request_new.html#suggestions", {"suggestions": found})


@login_required
def kb_article(request: AuthedRequest, article_id: int) -> HttpResponse:
    article = get_or_404(request.user, Article, pk=article_id)
    if request.GET.get("from") == "suggest":
        kb.suggestion_record(user=request.user, article=article, kind=SuggestionEventKind.OPENED)
    return render(
        request,
        "servicedesk/kb_article.html",
        {"article": article, "from_suggest": request.GET.get("from") == "suggest"},
    )


@login_required
@require_POST
def kb_feedback(request: AuthedRequest, article_id: int) -> HttpResponse:
    article = get_or_404(request.user, Article, pk=article_id)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        kb.article_feedback_give(
            user=request.user,
            article=article,
            helpful=form.cleaned_data["helpful"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Thank you for your feedback."))
    return redirect("servicedesk:kb-article", article.pk)


@login_required
@require_POST
def kb_deflect(request: AuthedRequest, article_id: int) -> HttpResponse:
    """The suggested article answered the question: no request needed."""
    article = get_or_404(request.user, Article, pk=article_id)
    kb.suggestion_record(user=request.user, article=article, kind=SuggestionEventKind.DEFLECTED)
    messages.success(request, _("Glad the article helped. No request was sent."))
    return redirect("servicedesk:my-requests")
