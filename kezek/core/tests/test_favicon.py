"""Every page names its own icon, so the browser stops asking for a missing /favicon.ico."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_names_an_icon_that_is_among_the_static_files(client: Client) -> None:
    page = client.get(reverse("login")).content.decode()

    # Before: no icon named, so the browser asked for /favicon.ico: 404 on every page.
    found = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert found
    icon = finders.find(found.group(1).removeprefix(static("")))
    assert isinstance(icon, str)
    svg = Path(icon).read_text()
    assert svg.startswith("<svg")
    assert "href" not in svg  # draws itself: nothing loaded from elsewhere
