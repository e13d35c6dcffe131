"""Site-wide pages: the home page of each role and background-job progress."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from kezek.core.http import AuthedRequest
from kezek.core.jobs import jobs_fail_stale
from kezek.core.models import Job
from kezek.core.navigation import items_for
from kezek.core.policy import actor_of, get_or_404, rows


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("team")
    return render(
        request,
        "core/home.html",
        {
            "memberships": memberships,
            "links": items_for(actor_of(request.user)),
        },
    )


@login_required
def job_detail(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = get_or_404(request.user, Job, pk=job_id)
    # The page polls while the job runs: it notices a lost worker without waiting for the clock.
    if not job.is_finished and jobs_fail_stale(rows(request.user, Job).filter(pk=job.pk)):
        job.refresh_from_db()
    template = "core/job_detail.html"
    if request.htmx:
        template += "#job-progress"
    return render(request, template, {"job": job})
