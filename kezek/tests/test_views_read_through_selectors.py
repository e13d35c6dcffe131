"""Views and API read through the policy, and ask capabilities that exist.

Every read in a page, a download or an endpoint goes through a selector or ``policy.rows``:
a model's manager used there (``Model.objects``, ``_default_manager``, ``_base_manager``,
``get_object_or_404(Model, ...)``) reads rows nobody scoped. A capability is asked by its
name, a string; a misspelt one raises only when that line runs, so every name that the code
and the templates ask is checked here against the declared ones.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from kezek.core import policy

KEZEK = Path(__file__).resolve().parent.parent
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})
CAPABILITY_ASKERS = frozenset({"can", "require"})
TEMPLATE_ASK = re.compile(r"""\|\s*can\s*:\s*["']([^"']+)["']""")


def view_modules() -> list[Path]:
    """Pages, downloads and endpoints: ``views.py``, ``views/*.py``, ``views_*.py``,
    ``*_views.py`` and ``api.py`` of every app."""
    patterns = ("*/views.py", "*/views/*.py", "*/views_*.py", "*/*_views.py", "*/api.py")
    return sorted({path for pattern in patterns for path in KEZEK.glob(pattern)})


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def unscoped_reads(source: str) -> Iterator[tuple[int, str]]:
    """(line, what) of every read in ``source`` that goes around the policy."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            yield node.lineno, f"{ast.unparse(node)}"
        elif (
            isinstance(node, ast.Call)
            and _called_name(node) in SHORTCUTS
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id[:1].isupper()  # a model class, not a scoped queryset
        ):
            yield node.lineno, f"{_called_name(node)}({node.args[0].id}, ...)"


def asked_capabilities(source: str) -> Iterator[tuple[int, str]]:
    """(line, name) of every capability ``source`` asks by a literal name: ``can(user, name)``,
    ``require(user, name)`` and ``navigation.register(..., capability=name)``."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        if _called_name(node) in CAPABILITY_ASKERS and len(node.args) > 1:
            names = [node.args[1]]
        else:
            names = [k.value for k in node.keywords if k.arg == "capability"]
        for name in names:
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                yield node.lineno, name.value


def test_the_check_finds_a_manager_and_a_model_given_to_a_shortcut() -> None:
    source = (
        "def page(request, pk):\n"
        "    a = Queue.objects.filter(pk=pk)\n"
        "    b = get_object_or_404(Queue, pk=pk)\n"
        "    c = get_object_or_404(queues_for(request.user), pk=pk)\n"
        "    d = queue.history_intervals.model._default_manager.all()\n"
    )

    assert sorted(line for line, _what in unscoped_reads(source)) == [2, 3, 5]


def test_no_view_or_endpoint_reads_a_models_manager_directly() -> None:
    found = [
        f"{path.relative_to(KEZEK.parent)}:{line}: {what}"
        for path in view_modules()
        for line, what in unscoped_reads(path.read_text(encoding="utf-8"))
    ]

    assert found == [], "read these through a selector or policy.rows:\n" + "\n".join(found)


def test_every_capability_the_code_and_the_templates_ask_is_declared() -> None:
    declared = set(policy.capability_names())
    code = [
        (path, line, name)
        for path in KEZEK.rglob("*.py")
        if "tests" not in path.parts
        for line, name in asked_capabilities(path.read_text(encoding="utf-8"))
    ]
    templates = [
        (path, text[: match.start()].count("\n") + 1, match.group(1))
        for path in KEZEK.rglob("templates/**/*.html")
        for text in [path.read_text(encoding="utf-8")]
        for match in TEMPLATE_ASK.finditer(text)
    ]
    unknown = [
        f"{path.relative_to(KEZEK.parent)}:{line}: {name}"
        for path, line, name in code + templates
        if name not in declared
    ]

    assert len(code) > 10  # the search finds what is asked
    assert len(templates) > 10
    assert unknown == [], "no capability is declared with these names:\n" + "\n".join(unknown)
