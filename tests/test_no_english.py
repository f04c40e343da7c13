"""A report in Russian or Kazakh has no English left where a translation exists (issue 11).

Every HTML and text report is produced by the command line, as a user would, on the demo
programme and the demo indicators, in ru and kk. Two checks:

1. **Known translated texts.** No English text that has a translation in the page's language
   may appear: the English catalogue messages (split at their ``{placeholders}``), the rule
   titles and explanations of the SHACL shapes (``sh:name``, ``sh:description``), the profile
   labels, and the programme title.
2. **Hard-coded English.** After removing every text that comes from data (the literals of the
   store, in any language, since an outcome written in English stays English) and every
   identifier, no English word from the catalogue's vocabulary (or a short list of words a
   renderer could hard-code) may remain: that would be a word a renderer wrote itself.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from competency_graph import i18n
from competency_graph.io.workbook import COLUMNS
from competency_graph.validation.shapes import catalogue

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "competency_graph" / "data" / "demo"
LANGS = ("ru", "kk")

REPORTS: dict[str, list[str]] = {
    "validate-text": ["validate", "6B07101", "--format", "text"],
    "validate-html": ["validate", "6B07101", "--format", "html"],
    "gaps-text": ["gaps", "6B07101", "--framework", "wa-2021", "--format", "text"],
    "gaps-html": ["gaps", "6B07101", "--framework", "wa-2021", "--format", "html"],
    "matrix-html": ["matrix", "6B07101", "--framework", "wa-2021", "--format", "html"],
    "progression-html": ["progression", "6B07101", "--format", "html"],
    "impact-text": ["impact", "6B07101", "--from", "wa-2013", "--to", "wa-2021"],
    "staff-text": ["staff", "6B07101", "--plan", "--format", "text"],
    "staff-html": ["staff", "6B07101", "--plan", "--format", "html"],
    "benchmark-text": ["benchmark", "demo-steppe-tech", "--year", "2024", "--format", "text"],
    "benchmark-html": ["benchmark", "demo-steppe-tech", "--year", "2024", "--format", "html"],
}
#: words a renderer could hard-code besides the catalogue's own vocabulary
EXTRA_VOCABULARY = {
    "about", "actual", "affected", "alignment", "alignments", "and", "best", "courses",
    "covers", "finding", "findings", "from", "hours", "items", "more", "name", "none", "place",
    "places", "ready", "required", "review", "staff", "taught", "teacher", "teachers", "the",
    "uncovered", "violations", "warnings", "with", "without", "country", "camp", "stage",
}
#: Latin-script words that are not English prose: acronyms, units, product and format names
NOT_ENGLISH = {"ects", "cefr", "json", "html", "sparql", "competency", "graph", "pdca", "min",
               "max", "fast", "pyshacl"}


def cli(store: Path, *args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "competency_graph", "--store", str(store),
                             *args], capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    location = tmp_path_factory.mktemp("no-english") / "store"
    cli(location, "import", str(DEMO / "programme"), "--kind", "curriculum")
    cli(location, "import", str(DEMO / "indicators"), "--kind", "indicators")
    yield location


@pytest.fixture(scope="module")
def data_literals(store: Path) -> list[str]:
    """Every literal of the store (data text, any language), longest first."""
    out = cli(store, "query", "SELECT DISTINCT ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                              "FILTER(isLiteral(?o) && STRLEN(STR(?o)) > 2) }", "--format", "csv")
    return sorted(set(_csv_values(out)), key=len, reverse=True)


def _csv_values(text: str) -> list[str]:
    import csv
    import io
    rows = list(csv.reader(io.StringIO(text)))
    return [row[0] for row in rows[1:] if row]


def _without_shortened_literals(text: str, literals: list[str]) -> str:
    """A chart may shorten a data label with an ellipsis ("Visiting professor (partner u…"):
    the shortened literal is data too, so remove the longest literal prefix before each "…"."""
    out, start = [], 0
    for match in re.finditer("…", text):
        before = text[start:match.start()]
        best = max((k for v in literals for k in range(min(len(v), len(before)), 7, -1)
                    if before.endswith(v[:k])), default=0)
        out.append(before[:len(before) - best] + " ")
        start = match.end()
    out.append(text[start:])
    return "".join(out)


def _fragments(text: str) -> list[str]:
    """The fixed parts of a message, split at ``{placeholders}``."""
    return [f.strip(" .,:;()—–-…") for f in re.split(r"\{[^}]*\}", text)]


def translated_english(lang: str) -> set[str]:
    """English texts that have a different text in ``lang``."""
    english: set[str] = set()
    en, other = i18n.catalogue("en"), i18n.catalogue(lang)
    for message in en:
        if not message.id:
            continue
        target = other.get(message.id)
        if target is None:
            continue
        en_forms = message.string if isinstance(message.string, tuple) else (message.string,)
        target_forms = target.string if isinstance(target.string, tuple) else (target.string,)
        for form in en_forms:
            if form and form not in target_forms:
                english.update(f for f in _fragments(form) if len(f) >= 8)
    cat = catalogue()
    for shape in cat.shapes.values():
        if shape.names.get(lang) and shape.names[lang] != shape.name:
            english.add(shape.name)
        if shape.descriptions.get(lang) and shape.descriptions[lang] != shape.description:
            english.add(shape.description)
    for profile in cat.profiles.values():
        label = profile.labels.get("en")
        if label and profile.labels.get(lang) not in (None, label) and len(label) >= 8:
            english.add(label)
    return english


def vocabulary() -> set[str]:
    words = set(EXTRA_VOCABULARY)
    for message in i18n.catalogue("en"):
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for form in forms:
            words.update(w.lower() for w in re.findall(r"[A-Za-z]{4,}", re.sub(r"\{[^}]*\}", "",
                                                                             form or "")))
    columns = {c.lower() for groups in COLUMNS.values() for cols in groups for c in cols}
    return words - NOT_ENGLISH - columns


def visible_text(output: str) -> str:
    """The text a reader sees: no style, script, tags or attribute values; entities decoded."""
    text = re.sub(r"(?is)<(style|script)\b.*?</\1>", " ", output)
    text = re.sub(r"(?is)<code\b.*?</code>", " ", text)
    text = re.sub(r"(?s)<[^>]+>", " ", text)
    return html.unescape(text)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("report", sorted(REPORTS))
def test_report_has_no_english_where_a_translation_exists(store: Path, data_literals: list[str],
                                                         report: str, lang: str) -> None:
    output = cli(store, *REPORTS[report], "--lang", lang)
    assert output.strip(), f"{report} printed nothing"
    text = visible_text(output)
    if "6B07101" in " ".join(REPORTS[report]):
        assert "Computer Engineering (demonstration" not in text, "the English programme title"
    # rule citations name the rule by its id, e.g. "(coverage v2)": an identifier, not prose
    remainder = re.sub(r"\([\w-]+ v\d+\)", " ", text)
    for value in data_literals:
        if value in remainder:
            remainder = remainder.replace(value, " ")
    remainder = _without_shortened_literals(remainder, data_literals)
    leaked = sorted(e for e in translated_english(lang)
                    if re.search(r"(?<![\w-])" + re.escape(e) + r"(?![\w-])", remainder))
    assert leaked == [], f"{report} in {lang} shows English: {leaked[:10]}"
    remainder = re.sub(r"https?://\S+|\b[\w.-]*\d[\w.-]*\b|cgsh:\S+|--[a-z-]+", " ", remainder)
    words = {w.lower() for w in re.findall(r"(?<![\w-])[A-Za-z]{3,}(?![\w-])", remainder)}
    hard_coded = sorted(words & vocabulary())
    contexts = [m.group(0) for w in hard_coded
                for m in re.finditer(r".{0,60}\b" + w + r"\b.{0,30}", remainder, re.I | re.S)]
    assert hard_coded == [], f"{report} in {lang} has hard-coded English words: {hard_coded} " \
        f"in {contexts[:5]}"


def test_the_check_sees_english_when_it_is_there(store: Path) -> None:
    """The test above is not vacuous: the English report trips both checks."""
    text = visible_text(cli(store, *REPORTS["validate-text"], "--lang", "en"))
    assert any(e in text for e in translated_english("ru"))
    words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}
    assert words & vocabulary()
