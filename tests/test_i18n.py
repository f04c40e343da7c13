"""The gettext catalogues (``src/competency_graph/locale``): complete in en/ru/kk, compilable,
with each language's plural forms, and in step with the code (Babel extraction)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo

from competency_graph import i18n
from competency_graph.validation.shapes import catalogue

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "competency_graph"
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _forms(message: object) -> list[str]:
    string = message.string  # type: ignore[attr-defined]
    return list(string) if isinstance(string, tuple | list) else [string]


def test_catalogues_are_not_empty() -> None:
    assert len(i18n.catalogue("en")) > 150


def test_every_message_has_russian_and_kazakh_text() -> None:
    assert i18n.missing_translations() == []


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_catalogue_compiles_and_keeps_the_placeholders(lang: str) -> None:
    """Each catalogue compiles to MO; every text keeps the English text's ``{placeholders}``
    (a translation that drops or renames one would raise at run time)."""
    buffer = io.BytesIO()
    write_mo(buffer, i18n.catalogue(lang))
    assert buffer.getbuffer().nbytes > 1000
    english = i18n.catalogue("en")
    for message in i18n.catalogue(lang):
        if not message.id:
            continue
        expected = {p for f in _forms(english[message.id]) for p in PLACEHOLDER.findall(f)}
        for form in _forms(message):
            assert set(PLACEHOLDER.findall(form)) <= expected | {"n"}, (lang, message.id, form)


def test_plural_forms_follow_each_language() -> None:
    """Russian has three forms (1 нарушение, 3 нарушения, 5 нарушений; 11 and 12–14 take the
    third, 21 the first), Kazakh one (a noun after a numeral stays singular), English two."""
    ru = {n: i18n.ntranslate("validation.noun.violation", n, "ru")
          for n in (1, 2, 3, 5, 11, 12, 14, 21, 22, 25, 101, 111)}
    assert ru == {1: "нарушение", 2: "нарушения", 3: "нарушения", 5: "нарушений",
                  11: "нарушений", 12: "нарушений", 14: "нарушений", 21: "нарушение",
                  22: "нарушения", 25: "нарушений", 101: "нарушение", 111: "нарушений"}
    assert {i18n.ntranslate("validation.noun.violation", n, "kk") for n in (1, 2, 5, 21)} == {
        "бұзушылық"}
    assert [i18n.ntranslate("validation.noun.violation", n, "en") for n in (1, 2, 0)] == [
        "violation", "violations", "violations"]
    assert i18n.ntranslate("staff.plan.places", 5, "ru") == "5 мест"
    assert i18n.catalogue("ru").num_plurals == 3
    assert i18n.catalogue("kk").num_plurals == 1


def test_fallbacks() -> None:
    """An unknown language falls back to English, an unknown key to the key itself."""
    assert i18n.translate("validation.title", "de") == i18n.translate("validation.title", "en")
    assert i18n.translate("no.such.key", "ru") == "no.such.key"


def test_every_literal_key_in_the_code_is_in_the_catalogue() -> None:
    """Babel extracts the keys the code and the templates use (``babel.cfg``'s keywords), in
    the package and in the web workspace (``web/``): each one is in the English catalogue.
    Keys composed at run time (``"validation." + s``) are not extracted; their families are
    covered by the report and page tests."""
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.do"}}
    keywords = {"translate": None, "ntranslate": (1,), "t": None, "tn": (1,)}
    extracted = {message for folder in (PACKAGE, ROOT / "web") for _, _, message, _, _ in
                 extract_from_dir(str(folder), method_map, options, keywords=keywords)}
    keys = {m if isinstance(m, str) else m[0] for m in extracted}
    keys = {k for k in keys if re.fullmatch(r"[a-z][a-z0-9_-]*(\.[a-z0-9_+-]+)+", k)}
    assert len(keys) > 50
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in i18n.catalogue("en")}
    assert sorted(keys - known) == []


def test_babel_configuration_names_the_same_keywords() -> None:
    """``babel.cfg`` (used by ``make messages``) maps the Python code and the templates."""
    config = (ROOT / "babel.cfg").read_text(encoding="utf-8")
    assert "[python: src/**.py]" in config and "[jinja2: src/**/templates/**.html]" in config


@pytest.mark.parametrize("profile", sorted(catalogue().profiles))
def test_every_rule_has_a_title_and_explanation_in_three_languages(profile: str) -> None:
    """A report in ru or kk shows each rule's title (``sh:name``) and explanation
    (``sh:description``) in that language, so every shape has them."""
    cat = catalogue()
    missing = [(shape.local, lang) for iri in cat.profiles[profile].shapes
               for shape in [cat.shapes[iri]] for lang in i18n.LANGUAGES
               if not shape.names.get(lang) or not shape.descriptions.get(lang)]
    assert missing == []


def test_make_messages_adds_new_keys_and_deletes_none(tmp_path: Path) -> None:
    """``scripts/update-messages.py`` (``make messages``) appends the extracted keys a catalogue
    lacks (English: the key as a text to write; ru/kk: empty) and keeps every existing entry,
    the keys composed at run time included, byte for byte."""
    import shutil
    import subprocess
    import sys

    from babel.messages.pofile import read_po

    locale = tmp_path / "locale"
    shutil.copytree(ROOT / "src" / "competency_graph" / "locale", locale)
    before = {p: p.read_bytes() for p in locale.glob("*/LC_MESSAGES/messages.po")}
    pot = tmp_path / "messages.pot"
    pot.write_text('msgid ""\nmsgstr ""\n\nmsgid "zz.new-key"\nmsgstr ""\n\n'
                   'msgid "zz.count"\nmsgid_plural "zz.count.plural"\nmsgstr[0] ""\n'
                   'msgstr[1] ""\n\nmsgid "validation."\nmsgstr ""\n', encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "update-messages.py"),
                             str(pot), str(locale)], capture_output=True, text=True, check=True)
    assert "+ zz.new-key" in result.stdout and "+ validation." not in result.stdout
    for path, old in before.items():
        new = path.read_bytes()
        assert new.startswith(old)  # nothing rewritten, nothing deleted
        lang = path.parent.parent.name
        catalogue = read_po(path.open("rb"), locale=lang)
        assert catalogue.get("zz.new-key").string == ("zz.new-key" if lang == "en" else "")
        plural = catalogue.get("zz.count")
        assert len(plural.string) == catalogue.num_plurals
    again = subprocess.run([sys.executable, str(ROOT / "scripts" / "update-messages.py"),
                            str(pot), str(locale)], capture_output=True, text=True, check=True)
    assert "0 key(s) added" in again.stdout
