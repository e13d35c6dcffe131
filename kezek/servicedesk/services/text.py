"""User-written text as sanitised markdown: never raw HTML."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One line of a side-by-side comparison; ``kind`` is equal, replace, delete or insert."""

    kind: str
    old_number: int | None
    old_text: str
    new_number: int | None
    new_text: str


def side_by_side(old: str, new: str) -> list[DiffRow]:
    """The lines of two texts next to each other, changed lines marked (plain text, unescaped:
    the template escapes it)."""
    before, after = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for kind, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + k, j1 + k
            rows.append(
                DiffRow(
                    kind=kind,
                    old_number=i + 1 if i < i2 else None,
                    old_text=before[i] if i < i2 else "",
                    new_number=j + 1 if j < j2 else None,
                    new_text=after[j] if j < j2 else "",
                )
            )
    return rows
