"""Helpers for browser tests: Playwright driving Debian's chromium, headless."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The closed network refuses Chromium's background connections: turn them off.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def browser_page() -> Iterator[Page]:
    """A fresh page in a new headless chromium; skips when chromium is not installed."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (scripts/test installs it)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the live server's
    # database work happens in its own thread, so Django's guard is safe to lift.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            refused: list[str] = []
            page.on("console", lambda message: _note_csp_refusal(message.text, refused))
            yield page
            assert not refused, f"the Content-Security-Policy refused: {refused}"
        finally:
            browser.close()


def _note_csp_refusal(text: str, refused: list[str]) -> None:
    """Chromium reports what the Content-Security-Policy blocked on the console."""
    if "Content Security Policy" in text:
        refused.append(text)
