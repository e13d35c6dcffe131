"""The staffing calculator page."""

from __future__ import annotations

import json
from dataclasses import asdict

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render

from kezek.core.http import AuthedRequest
from kezek.wfm.forms import StaffingForm
from kezek.wfm.models import QueueingModel
from kezek.wfm.services.staffing import staffing_calculate, staffing_curve


@login_required
def staffing_calculator(request: AuthedRequest) -> HttpResponse:
    """Parameters in; agents, service measures and a chart against agents out."""
    form = StaffingForm(request.GET or None)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        params = form.engine_parameters()
        try:
            result = staffing_calculate(**params)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            curve = staffing_curve(result, **params)
            context.update(
                result=result,
                model_label=QueueingModel(str(result.model)).label,
                curve_json=json.dumps(asdict(curve)),
            )
    template = "wfm/staffing_calculator.html"
    if request.htmx:
        template += "#result"
    return render(request, template, context)
