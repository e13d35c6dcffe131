"""Site-wide middleware: every error under /api/ speaks the API's one JSON format, and the API
refuses NUL characters, which no database text column stores (PostgreSQL fails on them)."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


class ApiErrorFormat:
    """Turns the errors Django answers itself under /api/ (an unknown path, a method the
    path does not take) into ``{"code", "message", "errors"}``; the API's own errors
    already are."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            fields = _fields_with_nul(request)
            if fields:
                return _invalid(fields)
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return _as_json(response)
        return response


def _as_json(response: HttpResponse) -> HttpResponse:
    code, message = {
        404: ("not_found", _("Not found.")),
        405: ("method_not_allowed", _("This method is not allowed here.")),
        413: ("too_large", _("The request body is too large.")),
    }.get(response.status_code, ("error", _("The request could not be served.")))
    if response.status_code >= 500:
        code, message = "server_error", _("Something went wrong on our side.")
    body = json.dumps({"code": code, "message": message, "errors": []})
    formatted = HttpResponse(body, status=response.status_code, content_type="application/json")
    if "Allow" in response:
        formatted["Allow"] = response["Allow"]
    return formatted


def _fields_with_nul(request: HttpRequest) -> list[str]:
    """The query parameters, and the body, that hold a NUL character (``\\u0000`` in JSON)."""
    fields = [name for name, values in request.GET.lists() if any("\x00" in v for v in values)]
    if "\x00" in request.path:
        fields.append("path")
    length = request.headers.get("Content-Length", "")
    if (
        request.content_type == "application/json"
        and length.isdigit()
        and 0 < int(length) <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        and (b"\\u0000" in request.body or b"\x00" in request.body)
    ):
        fields.append("body")
    return fields


def _invalid(fields: list[str]) -> HttpResponse:
    message = _("Null characters are not allowed.")
    body = json.dumps(
        {
            "code": "invalid",
            "message": _("The request is not valid."),
            "errors": [{"field": field, "message": message} for field in fields],
        }
    )
    return HttpResponse(body, status=422, content_type="application/json")
