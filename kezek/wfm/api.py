"""API endpoints of workforce planning."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from kezek.wfm.forms import StaffingForm
from kezek.wfm.services.staffing import (
    MAX_CALCULATOR_AGENTS,
    MAX_CALCULATOR_CALLS,
    MAX_CALCULATOR_SECONDS,
    MAX_INTERVAL_MINUTES,
    staffing_calculate,
)

router = Router(tags=["wfm"])


class StaffingIn(Schema):
    """The options of ``kezek staffing``, by the same names."""

    calls: float = Field(ge=0, le=MAX_CALCULATOR_CALLS)
    interval_minutes: float = Field(30, ge=1, le=MAX_INTERVAL_MINUTES)
    aht_seconds: float = Field(ge=1, le=MAX_CALCULATOR_SECONDS)
    target_sl: float | None = Field(None, gt=0, lt=1)
    answer_seconds: float = Field(20, ge=1, le=MAX_CALCULATOR_SECONDS)
    patience_seconds: float | None = Field(None, ge=0.1, le=MAX_CALCULATOR_SECONDS)
    max_asa_seconds: float | None = Field(None, ge=0.1, le=MAX_CALCULATOR_SECONDS)
    max_abandon: float | None = Field(None, gt=0, lt=1)
    max_occupancy: float | None = Field(None, gt=0, le=1)
    shrinkage: float = Field(0.0, ge=0, lt=1)
    agents: int | None = Field(None, ge=0, le=MAX_CALCULATOR_AGENTS)


class StaffingOut(Schema):
    """The keys of ``kezek staffing --json``."""

    agents: int
    scheduled_agents: int
    service_level: float
    asa_seconds: float | None
    occupancy: float
    wait_probability: float
    abandon_rate: float | None
    model: str


@router.post("/staffing", response=StaffingOut, summary="Agents for one interval (Erlang C or A)")
def staffing(request: HttpRequest, payload: StaffingIn) -> dict[str, Any]:
    form = StaffingForm({k: v for k, v in payload.dict().items() if v is not None})
    if not form.is_valid():
        field_errors = {f: list(e) for f, e in form.errors.items() if f != "__all__"}
        raise ValidationError(field_errors or list(form.non_field_errors()))
    return staffing_calculate(**form.engine_parameters()).as_dict()
