"""The machinery of the access matrix (test_access_matrix.py): routes found in the URLconf and
the API schema, what an actor may see according to ``kezek.core.policy``, and what a response
says (its text, the ids of an API list).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from django.apps import apps
from django.db import connection
from django.db.models import Model
from django.http import HttpResponseBase
from django.urls import URLPattern, URLResolver, get_resolver

from kezek.accounts.models import Organisation, Team, User
from kezek.core import policy
from kezek.core.api import api
from kezek.core.models import Job
from kezek.people.models import StaffMember
from kezek.servicedesk.models import (
    Approval,
    Article,
    Attachment,
    Reply,
    Request,
    Service,
    SupportGroup,
    SupportGroupMember,
)
from kezek.surveys.models import Action, Campaign
from kezek.surveys.selectors import ssc_staff
from kezek.wfm.models import Queue

Kind = Literal["public", "page", "object", "export", "api-list", "write"]
KEZEK_APPS = ("accounts", "core", "people", "servicedesk", "surveys", "wfm")
ADMIN = "admin"


@dataclass(frozen=True)
class Hidden:
    """Stands in a POST body for the pks of ``model`` that the actor may not see (all of them,
    or the first one when not ``many``)."""

    model: type[Model]
    many: bool = True


@dataclass(frozen=True)
class Route:
    """What a route is, for the matrix.

    ``ids``: the path parameters that take a pk, and of which model; ``values``: the values to
    try for the other path parameters; ``items``: the model of an API list's items; ``post``: a
    page that also takes a form; ``shows_ssc_staff``: the page names the SSC's agents on
    purpose (the questionnaire asks who served the respondent); ``opens_with_link``: the path
    holds a one-time link that stands for its person, with or without a login; ``anonymous``:
    the statuses a visitor without a login gets, where they differ from the kind's.
    """

    kind: Kind
    ids: dict[str, type[Model]] = field(default_factory=dict)
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)
    items: type[Model] | None = None
    post: bool = False
    shows_ssc_staff: bool = False
    opens_with_link: bool = False
    anonymous: frozenset[int] = frozenset()  # what a visitor gets, when not the kind's usual


def public(**options: Any) -> Route:
    return Route("public", **options)


def page(**options: Any) -> Route:
    return Route("page", **options)


def obj(ids: dict[str, type[Model]], **options: Any) -> Route:
    return Route("object", ids=ids, **options)


def export(ids: dict[str, type[Model]], **options: Any) -> Route:
    return Route("export", ids=ids, **options)


def api_list(items: type[Model], **options: Any) -> Route:
    return Route("api-list", items=items, **options)


def write(ids: dict[str, type[Model]] | None = None, **options: Any) -> Route:
    return Route("write", ids=ids or {}, **options)


# ---------------------------------------------------------------------------------------------
# The routes there are.


@dataclass(frozen=True)
class UrlRoute:
    name: str  # "namespace:name", or the pattern when it has no name
    pattern: str
    callback: Any
    namespace: str


def url_routes() -> list[UrlRoute]:
    """Every URL pattern of the site, includes resolved recursively."""
    return list(_walk(get_resolver("kezek.config.urls").url_patterns, "", ""))


def _walk(patterns: Iterable[Any], prefix: str, namespace: str) -> Iterator[UrlRoute]:
    for item in patterns:
        if isinstance(item, URLResolver):
            inner = ":".join(n for n in (namespace, item.namespace) if n)
            yield from _walk(item.url_patterns, prefix + str(item.pattern), inner)
        elif isinstance(item, URLPattern):
            route = prefix + str(item.pattern)
            name = ":".join(n for n in (namespace, item.name) if n) if item.name else route
            yield UrlRoute(name, route, item.callback, namespace)


def is_api_operation(route: UrlRoute) -> bool:
    """A ninja operation's URL: the API schema lists it, under its method and path."""
    return getattr(route.callback, "__module__", "") == "ninja.operation"


def is_admin(route: UrlRoute) -> bool:
    return route.namespace.split(":")[0] == ADMIN


@dataclass(frozen=True)
class ApiOperation:
    key: str  # "GET /api/people/{person_id}"
    operation_id: str
    method: str
    path: str
    needs_login: bool


def api_operations() -> list[ApiOperation]:
    """Every operation of the API, from its OpenAPI schema (routers included)."""
    found = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            found.append(
                ApiOperation(
                    key=f"{method.upper()} {path}",
                    operation_id=operation["operationId"],
                    method=method.upper(),
                    path=path,
                    needs_login=bool(operation.get("security")),
                )
            )
    return found


@cache
def api_needs_login(key: str) -> bool:
    """Whether the API operation ``key`` asks for a login (a session or a token)."""
    return {operation.key: operation.needs_login for operation in api_operations()}[key]


# ---------------------------------------------------------------------------------------------
# What an actor may see.

# The models whose rows a page may name, and the fields that name them.
LABELS: dict[type[Model], tuple[str, ...]] = {
    User: ("username", "email", "first_name", "last_name"),
    Organisation: ("name",),
    Team: ("name",),
    Request: ("title",),
    Reply: ("body",),
    Attachment: ("name",),
    Service: ("name",),
    SupportGroup: ("name",),
    Article: ("title",),
    Campaign: ("name",),
    Queue: ("name",),
    Job: ("name",),
    StaffMember: ("staff_number", "first_name", "last_name"),
}


class Sight:
    """What one actor may see: the pks of each model's rows, by the policy."""

    def __init__(self, user: User | None) -> None:
        self.user = user
        self._visible: dict[tuple[type[Model], str], frozenset[Any]] = {}

    def visible(self, model: type[Model], action: policy.Action = "view") -> frozenset[Any]:
        key = (model, action)
        if key not in self._visible:
            self._visible[key] = frozenset(
                policy.rows(self.user, model, action).values_list("pk", flat=True)
            )
        return self._visible[key]

    def hidden(self, model: type[Model]) -> list[Any]:
        seen = self.visible(model)
        return [pk for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)
                if pk not in seen]  # fmt: skip

    def met(self) -> dict[type[Model], set[Any]]:
        """Rows the actor may name although their own rule hides them: a request names its
        requester, subject, assignee, company, service and group; a reply or an attachment its
        author; an approval its approver; an action of the programme its owner; a staff record
        its team leader; a desk member knows their own support groups."""
        met: dict[type[Model], set[Any]] = {model: set() for model in LABELS}
        requests = Request.objects.filter(pk__in=self.visible(Request))
        for requester, subject, assignee, organisation, service, group in requests.values_list(
            "requester", "subject", "assignee", "organisation", "service", "group"
        ):
            met[User].update((requester, subject, assignee))
            met[Organisation].add(organisation)
            met[Service].add(service)
            met[SupportGroup].add(group)
        for model, person in ((Reply, "author"), (Attachment, "uploaded_by"),
                              (Approval, "approver"), (Action, "owner")):  # fmt: skip
            met[User].update(
                model._default_manager.filter(pk__in=self.visible(model)).values_list(
                    person, flat=True
                )
            )
        met[StaffMember].update(
            StaffMember.objects.filter(pk__in=self.visible(StaffMember)).values_list(
                "team_leader", flat=True
            )
        )  # a staff record names its team leader
        if self.user is not None:
            met[SupportGroup].update(
                SupportGroupMember.objects.filter(user=self.user).values_list("group", flat=True)
            )
        return met

    def hidden_labels(self, *, ssc_staff_shown: bool = False) -> dict[str, str]:
        """Every string that names a row the actor may not see -> what it names."""
        met = self.met()
        if ssc_staff_shown:
            met[User].update(ssc_staff().values_list("pk", flat=True))
        labels: dict[str, str] = {}
        for model, fields in LABELS.items():
            shown = self.visible(model) | met[model]
            for row in model._default_manager.exclude(pk__in=shown).values("pk", *fields):
                for name in fields:
                    if row[name]:
                        labels[str(row[name])] = f"{model.__name__} {row['pk']} ({name})"
        return labels


def finder(labels: dict[str, str]) -> re.Pattern[str] | None:
    """One regular expression for all labels, longest first (one pass over each response)."""
    if not labels:
        return None
    return re.compile("|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True)))


# ---------------------------------------------------------------------------------------------
# What a response says.

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSRF = re.compile(r"[A-Za-z0-9]{64}")


def body_of(response: HttpResponseBase) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return bytes(response.content)  # type: ignore[attr-defined]


def text_of(response: HttpResponseBase, content: bytes) -> str:
    """The response as text: an XLSX's sheets and shared strings, anything else decoded."""
    if response.get("Content-Type", "").startswith(XLSX):
        with zipfile.ZipFile(io.BytesIO(content)) as workbook:
            return "\n".join(
                workbook.read(name).decode()
                for name in workbook.namelist()
                if name.startswith("xl/") and name.endswith(".xml")
            )
    return content.decode(errors="replace")


def reading_of(text: str) -> str:
    """The text with its CSRF tokens masked: each render masks them anew."""
    return CSRF.sub("CSRF", text)


def fingerprint() -> tuple[int, ...]:
    """The number of rows of every table of Kezek's apps, history tables included."""
    quote = connection.ops.quote_name
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in KEZEK_APPS
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
        )
        return tuple(cursor.fetchone() or ())
