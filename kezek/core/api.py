"""The HTTP API: one NinjaAPI under /api/, bearer-token or session authentication,
one error format ``{"code", "message", "errors": [{"field", "message"}]}`` for every error.

Token clients write without CSRF (a browser cannot be made to send their header);
session clients keep Django's CSRF check. Tokens are resolved by the function the
accounts app registers (:func:`register_token_resolver`): core sits below accounts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PageNumberPagination
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

logger = logging.getLogger(__name__)

TokenResolver = Callable[[str], Any]
_token_resolvers: list[TokenResolver] = []

# The largest page a list answers: beyond it the request is refused (422), not run.
MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 100


def register_token_resolver(resolver: TokenResolver) -> None:
    """Register the function that turns an API key into its active user (or ``None``)."""
    _token_resolvers.append(resolver)


def user_for_token(key: str) -> Any:
    for resolver in _token_resolvers:
        user = resolver(key)
        if user is not None:
            return user
    return None


class BearerToken(HttpBearer):
    """``Authorization: Bearer kzk_...``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class TokenHeader(APIKeyHeader):
    """``X-API-Key: kzk_...`` for clients that cannot send a bearer header."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return BearerToken().authenticate(request, key) if key else None


class SessionCookie(SessionAuth):
    """Django's session login, with its CSRF check, for requests that carry a session.

    A request without the session cookie is not a session client: it is passed on
    (and ends as 401) instead of failing a CSRF check it could never pass.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)


class ErrorItem(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """The one error body of the API."""

    code: str
    message: str
    errors: list[ErrorItem]


class Pages(PageNumberPagination):
    """Page-number pagination whose page and size are bounded (422 beyond them)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_page_size=MAX_PAGE_SIZE, **kwargs)


def schema_behind_login(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and its docs for logged-in people and token clients, unless made public."""

    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(settings, "KEZEK_PUBLIC_API_SCHEMA", False) or _is_authenticated(request):
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return error(request, 401, "unauthenticated", _("Log in or send an API token."))
        return redirect_to_login(request.get_full_path())

    return guarded


def _is_authenticated(request: HttpRequest) -> bool:
    if request.user.is_authenticated:
        return True
    header = request.headers.get("Authorization", "")
    key = header.removeprefix("Bearer ").strip() or request.headers.get("X-API-Key", "")
    return bool(key) and user_for_token(key) is not None


class KezekAPI(NinjaAPI):
    """The API whose schema documents the error responses each operation can give."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = (
            ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        )
        schema["components"]["schemas"].update(ErrorOut.model_json_schema().get("$defs", {}))
        schema["components"]["schemas"]["Error"].pop("$defs", None)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status in _error_statuses(operation):
                    operation["responses"].setdefault(status, _ERROR_RESPONSES[status])
        return schema


def _error_statuses(operation: dict[str, Any]) -> list[int]:
    """What an operation may answer besides success: every one validates its input;
    one behind a login may be refused or not find what is not the caller's; one with a
    body may be sent one too large."""
    statuses = [422]
    if operation.get("security"):
        statuses += [401, 403, 404]
    if "requestBody" in operation:
        statuses += [400, 413]
    return statuses


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


_ERROR_RESPONSES = {
    400: _error_response("The body is not readable (malformed JSON)."),
    401: _error_response("No login and no valid API token."),
    403: _error_response("The caller may not do this (or failed the CSRF check of a session)."),
    404: _error_response("Absent, or not the caller's to see."),
    413: _error_response("The body is over the size limit."),
    422: _error_response("A field is not valid; each error names its field."),
}


api = KezekAPI(
    title="Kezek API",
    version="1",
    urls_namespace="api",
    auth=[BearerToken(), TokenHeader(), SessionCookie()],
    docs_decorator=schema_behind_login,
)


def error(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    errors: list[dict[str, str]] | None = None,
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "errors": errors or []}, status=status
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, "not_found", _("Not found."))


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(request, 401, "unauthenticated", _("Log in or send an API token."))


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(request, 403, "forbidden", _("You may not do this."))


@api.exception_handler(RequestDataTooBig)
def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error(request, 413, "too_large", _("The request body is too large."))


@api.exception_handler(NinjaValidationError)
def invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {
            "field": ".".join(
                str(part)
                for part in item.get("loc", ())
                if part not in {"body", "query", "path", "payload"}
            ),
            "message": str(item.get("msg", "")),
        }
        for item in exc.errors
    ]
    return error(request, 422, "invalid", _("The request is not valid."), errors)


@api.exception_handler(ValidationError)
def invalid_data(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": field, "message": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": "", "message": str(message)} for message in exc.messages]
    return error(request, 422, "invalid", _("The data is not valid."), errors)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error(request, exc.status_code, "error", str(exc))


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return error(request, 500, "server_error", _("Something went wrong on our side."))
