"""Write translations from a JSON file {msgid: {lang: text}} into the .po files.

Plural entries use the key "singular\\x00plural" and a list of forms as text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "kezek" / "locale"


def main(path: str) -> None:
    translations: dict[str, dict[str, str | list[str]]] = json.loads(Path(path).read_text("utf-8"))
    languages = {language for texts in translations.values() for language in texts}
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
        language = po_path.parts[-3]
        if language not in languages:  # leave other languages' files untouched
            continue
        po = polib.pofile(str(po_path), wrapwidth=0)
        for entry in po:
            key = (
                entry.msgid if not entry.msgid_plural else f"{entry.msgid}\x00{entry.msgid_plural}"
            )
            if entry.msgctxt:
                key = f"{entry.msgctxt}\x04{key}"
            text = translations.get(key, {}).get(language)
            if not text:
                continue
            if entry.msgid_plural:
                forms = text if isinstance(text, list) else [text]
                count = len(entry.msgstr_plural) or len(forms)
                entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(count)}
            else:
                entry.msgstr = str(text)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save()


if __name__ == "__main__":
    main(sys.argv[1])
