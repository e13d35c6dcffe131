"""User-written text as sanitised markdown: never raw HTML."""

from __future__ import annotations

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> str:
    """HTML for ``text`` written in markdown; any HTML the author typed is shown as text.

    ``<`` and ``&`` are escaped *before* markdown runs, so a ``<script>`` tag becomes visible
    text instead of markup; nh3 then keeps only harmless tags and http(s)/mailto links as a
    second line of defence.
    """
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    html = markdown.markdown(escaped, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
