"""The HTTP API: one NinjaAPI under /api/, session or bearer-token authentication,
one error format ``{"code", "message", "errors": [{"field", "message"}]}``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from kezek.accounts.models import ApiToken


class BearerToken(HttpBearer):
    """``Authorization: Bearer kzk_...``; only the key's hash is stored."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class TokenHeader(APIKeyHeader):
    """``X-API-Key: kzk_...`` for clients that cannot send a bearer header."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return BearerToken().authenticate(request, key) if key else None


api = NinjaAPI(
    title="Kezek API",
    version="1",
    urls_namespace="api",
    auth=[SessionAuth(), BearerToken(), TokenHeader()],
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
