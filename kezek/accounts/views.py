"""People and organisations pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render

from kezek.accounts.models import User
from kezek.accounts.selectors import organisations_for, people_for
from kezek.core.http import AuthedRequest, query_without_page
from kezek.core.policy import get_or_404

PAGE_SIZE = 50


@login_required
def people_list(request: AuthedRequest) -> HttpResponse:
    people = people_for(request.user)
    search = request.GET.get("q", "").strip()
    if search:
        people = people.filter(
            Q(last_name__icontains=search)
            | Q(first_name__icontains=search)
            | Q(username__icontains=search)
        )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/people_list.html",
        {"page_obj": page, "search": search, "query": query_without_page(request)},
    )


@login_required
def person_detail(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = get_or_404(request.user, User, pk=person_id)
    return render(request, "accounts/person_detail.html", {"person": person})


@login_required
def organisation_list(request: AuthedRequest) -> HttpResponse:
    page = Paginator(organisations_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/organisation_list.html", {"page_obj": page})
