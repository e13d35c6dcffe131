"""User text is rendered as sanitised markdown: typed HTML shows as text, links are safe."""

from __future__ import annotations

import pytest
from django.test import Client

from kezek.servicedesk.services.requests import reply_create
from kezek.servicedesk.services.text import render_markdown
from kezek.servicedesk.tests.factories import MONDAY_NOON, Desk


def test_a_script_tag_is_shown_as_text() -> None:
    html = render_markdown("<script>alert('x')</script>")

    assert "<script>" not in html
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html


def test_markdown_formatting_is_kept() -> None:
    assert render_markdown("**bold** and *em*\n\n- one\n- two") == (
        "<p><strong>bold</strong> and <em>em</em></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
    )


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        '<a href="https://x" onclick="steal()">x</a>',
        "![x](javascript:alert(1))",
    ],
)
def test_no_active_content_survives(text: str) -> None:
    html = render_markdown(text)

    assert "javascript:" not in html.replace("&lt;", "")
    assert "onerror=" not in html.replace("&lt;img", "") or "&lt;img" in html
    assert "<img" not in html
    assert '<a href="https://x" onclick' not in html


def test_links_get_safe_rel() -> None:
    assert render_markdown("[SSC](https://ssc.example)") == (
        '<p><a href="https://ssc.example" rel="noopener noreferrer nofollow">SSC</a></p>'
    )


@pytest.mark.django_db
def test_a_script_in_a_reply_is_shown_as_text_on_the_page(client: Client, desk: Desk) -> None:
    request = desk.request()
    reply_create(
        actor=desk.employee,
        request=request,
        body="<script>alert('pwned')</script> thanks",
        now=MONDAY_NOON,
    )
    client.force_login(desk.agent)

    page = client.get(f"/desk/requests/{request.pk}/").content.decode()

    assert "<script>alert('pwned')</script>" not in page
    assert (
        "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in page
        or "&lt;script&gt;alert('pwned')&lt;/script&gt;" in page
    )
