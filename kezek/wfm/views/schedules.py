"""Shift templates, staffing plans and the schedules built from them."""

from __future__ import annotations

import json
import zoneinfo
from dataclasses import asdict
from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kezek.core.http import AuthedRequest, form_errors
from kezek.core.jobs import job_start
from kezek.core.policy import may, may_create
from kezek.wfm import tasks
from kezek.wfm.charts import broken_at_gaps
from kezek.wfm.formats import schedule_workbook
from kezek.wfm.forms import ScheduleForm, ShiftTemplateImportForm
from kezek.wfm.models import Schedule, ShiftTemplate
from kezek.wfm.selectors import (
    schedule_coverage,
    schedules_for,
    shift_templates_for,
    staffing_plans_for,
)
from kezek.wfm.services.schedules import shift_templates_import


@login_required
def shift_template_list(request: AuthedRequest) -> HttpResponse:
    form = ShiftTemplateImportForm(request.POST or None)
    organisation = request.user.organisation
    may_change = may_create(request.user, ShiftTemplate) and organisation is not None
    if request.method == "POST" and may_change and organisation and form.is_valid():
        try:
            created = shift_templates_import(
                organisation=organisation, text=form.cleaned_data["csv_text"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("csv_text", message)
        else:
            messages.success(
                request,
                ngettext("%(count)s template saved.", "%(count)s templates saved.", len(created))
                % {"count": len(created)},
            )
            return redirect("wfm:shift-template-list")
    page = Paginator(shift_templates_for(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "wfm/shift_template_list.html",
        {"page_obj": page, "form": form if may_change else None},
    )


@login_required
def plan_detail(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(staffing_plans_for(request.user), pk=plan_id)
    queue = plan.forecast.queue
    zone = zoneinfo.ZoneInfo(queue.time_zone)
    requirements = list(plan.requirements.order_by("starts_at"))
    starts, (agents, scheduled) = broken_at_gaps(
        [r.starts_at.astimezone(zone).replace(tzinfo=None) for r in requirements],
        timedelta(minutes=queue.interval_minutes),
        [r.agents for r in requirements],
        [r.scheduled_agents for r in requirements],
    )
    chart = {"starts": starts, "agents": agents, "scheduled": scheduled}
    templates = shift_templates_for(request.user).filter(
        organisation=queue.organisation, is_active=True
    )
    return render(
        request,
        "wfm/plan_detail.html",
        {
            "plan": plan,
            "queue": queue,
            "chart_json": json.dumps(chart),
            "schedules": schedules_for(request.user).filter(plan=plan)[:10],
            "schedule_form": ScheduleForm(templates=templates)
            if may(request.user, "change", plan)
            else None,
        },
    )


@require_POST
@login_required
def schedule_start(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(staffing_plans_for(request.user, action="change"), pk=plan_id)
    templates = shift_templates_for(request.user).filter(
        organisation=plan.forecast.queue.organisation, is_active=True
    )
    form = ScheduleForm(request.POST, templates=templates)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("wfm:plan-detail", plan_id=plan.pk)
    job = job_start(
        task=tasks.schedule_build_job,
        name=_("Schedule for %(plan)s") % {"plan": plan},
        started_by=request.user,
        started_from=reverse("wfm:plan-detail", args=[plan.pk]),
        plan_id=plan.pk,
        template_ids=[t.pk for t in form.cleaned_data["templates"]],
        user_id=request.user.pk,
        break_minutes_per_hour=form.cleaned_data["break_minutes_per_hour"],
        max_on_break_share=form.cleaned_data["max_on_break_share"],
    )
    return redirect("job-detail", job_id=job.pk)


@login_required
def schedule_detail(request: AuthedRequest, schedule_id: int) -> HttpResponse:
    schedule = get_object_or_404(schedules_for(request.user), pk=schedule_id)
    coverage = schedule_coverage(schedule)
    zone = zoneinfo.ZoneInfo(schedule.plan.forecast.queue.time_zone)
    days = sorted({s.starts_at.astimezone(zone).date() for s in schedule.shifts.all()})
    day = request.GET.get("day") or (days[0].isoformat() if days else "")
    return render(
        request,
        "wfm/schedule_detail.html",
        {
            "schedule": schedule,
            "coverage_json": json.dumps(asdict(coverage)),
            "short_intervals": sum(1 for s in coverage.shortfall if s),
            "days": days,
            "day": day,
            "gantt_json": json.dumps(_gantt(schedule, zone, day)),
        },
    )


@login_required
def schedule_export(request: AuthedRequest, schedule_id: int) -> HttpResponse:
    """The schedule as XLSX for the vendor, who names an agent for every slot."""
    schedule = get_object_or_404(schedules_for(request.user), pk=schedule_id)
    response = HttpResponse(
        schedule_workbook(schedule),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="schedule-{schedule.pk}.xlsx"'
    return response


def _gantt(schedule: Schedule, zone: zoneinfo.ZoneInfo, day: str) -> dict[str, list[object]]:
    """Bars of one local day: each agent-shift, and its breaks on top."""
    rows: dict[str, list[object]] = {"slot": [], "start": [], "end": [], "kind": []}
    for shift in schedule.shifts.all():
        start = shift.starts_at.astimezone(zone)
        if start.date().isoformat() != day:
            continue
        label = f"{shift.agent_slot} · {shift.template_name}"
        segments = [(start, shift.ends_at.astimezone(zone), "shift")] + [
            (_local(a, zone), _local(b, zone), "break") for a, b in shift.breaks
        ]
        for begin, end, kind in segments:
            rows["slot"].append(label)
            rows["start"].append(begin.strftime("%Y-%m-%d %H:%M"))
            rows["end"].append(end.strftime("%Y-%m-%d %H:%M"))
            rows["kind"].append(kind)
    return rows


def _local(text: str, zone: zoneinfo.ZoneInfo) -> datetime:
    return datetime.fromisoformat(text).astimezone(zone)
