"""Bring the en/ru/kk catalogues in step with the extracted template (``make messages``).

``pybabel update --ignore-obsolete`` would delete every key Babel cannot see at a call site:
the families composed at run time from a closed set of values (``"validation." + severity``,
``"web.severity." ~ s``; competency_graph/i18n.py). This merge never deletes: it adds each
extracted key missing from a catalogue (English: the key itself as a placeholder text, to be
written; ru/kk: empty, so the English shows until it is translated and the i18n tests name it),
keeps every existing translation and the file as it is (new entries are appended), and lists
the catalogue keys that were not extracted, for a person to check whether they are composed at
run time or no longer used.

Usage: python scripts/update-messages.py locale/messages.pot locale/
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

#: a message key (the prefix of a composed key, such as ``validation.``, is not one)
KEY = re.compile(r"[a-z][a-z0-9_-]*(\.[a-z0-9_+-]+)+")


def _key(message_id: object) -> str:
    return message_id if isinstance(message_id, str) else str(message_id[0])  # type: ignore[index]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _entry(message: Message, lang: str, plurals: int) -> str:
    """One PO entry: English repeats the key as a text to be written; ru/kk stay empty."""
    if isinstance(message.id, str):
        text = message.id if lang == "en" else ""
        return f"msgid {_quoted(message.id)}\nmsgstr {_quoted(text)}\n"
    singular, plural = message.id[0], message.id[1]
    lines = [f"msgid {_quoted(singular)}", f"msgid_plural {_quoted(plural)}"]
    for n in range(plurals):
        text = (singular if n == 0 else plural) if lang == "en" else ""
        lines.append(f"msgstr[{n}] {_quoted(text)}")
    return "\n".join(lines) + "\n"


def merge(template: Catalog, catalogue: Catalog, lang: str) -> tuple[list[Message], list[str]]:
    """The template's keys missing from ``catalogue``, and the catalogue's keys that were not
    extracted."""
    existing = {_key(m.id) for m in catalogue if m.id}
    extracted = {_key(m.id) for m in template if m.id and KEY.fullmatch(_key(m.id))}
    new = sorted((m for m in template if m.id and _key(m.id) in extracted - existing),
                 key=lambda m: _key(m.id))
    return new, sorted(existing - extracted)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    pot, folder = Path(argv[0]), Path(argv[1])
    with pot.open("rb") as handle:
        template = read_po(handle)
    for po in sorted(folder.glob("*/LC_MESSAGES/messages.po")):
        lang = po.parent.parent.name
        with po.open("rb") as handle:
            catalogue = read_po(handle, locale=lang)
        new, unseen = merge(template, catalogue, lang)
        if new:
            with po.open("a", encoding="utf-8") as handle:
                for message in new:
                    handle.write("\n" + _entry(message, lang, catalogue.num_plurals))
        print(f"{lang}: {len(new)} key(s) added, {len(unseen)} not extracted "
              "(composed at run time, or unused: check)")
        for message in new:
            print(f"  + {_key(message.id)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
