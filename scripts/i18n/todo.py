"""Print the entries that still need translating, as JSON: {msgid: {lang: ""}}.

Usage: .venv/bin/python scripts/i18n/todo.py > todo.json; fill it in; then
.venv/bin/python scripts/i18n/apply.py todo.json; then scripts/i18n/refresh.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "kezek" / "locale"


def main() -> None:
    todo: dict[str, dict[str, str]] = {}
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
        language = po_path.parts[-3]
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete:
                continue
            if not entry.translated() or "fuzzy" in entry.flags:
                key = (
                    entry.msgid
                    if not entry.msgid_plural
                    else f"{entry.msgid}\x00{entry.msgid_plural}"
                )
                if entry.msgctxt:
                    key = f"{entry.msgctxt}\x04{key}"
                todo.setdefault(key, {})[language] = ""
    json.dump(todo, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
