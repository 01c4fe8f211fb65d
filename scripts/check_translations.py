"""Fail when a string of the portal has no Norwegian bokmål translation (or a fuzzy one)."""

import sys
from pathlib import Path

import polib

PO_FILE = Path(__file__).resolve().parent.parent / "locale" / "nb" / "LC_MESSAGES" / "django.po"


def main() -> int:
    po = polib.pofile(str(PO_FILE))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    for msgid in untranslated:
        print(f"untranslated: {msgid!r}")
    for msgid in fuzzy:
        print(f"fuzzy: {msgid!r}")
    print(
        f"{len(po.translated_entries())} translated, {len(untranslated)} untranslated, "
        f"{len(fuzzy)} fuzzy"
    )
    return 1 if untranslated or fuzzy else 0


if __name__ == "__main__":
    sys.exit(main())
