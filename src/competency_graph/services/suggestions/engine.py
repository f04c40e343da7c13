"""What the three suggestion services share: limits, the cached per-framework indexes, the
programme's statements as queries, and the optional dense encoder.

Index cache
    One index per framework *version*: the key is the framework id, the named graph that holds
    it and its number of alignable items (a re-import of a version replaces its graph; the
    count catches an in-place change of size). Indexes live as long as the store object
    (``weakref``); :func:`invalidate` drops them. With a dense encoder, its embeddings are
    cached next to the lexical index under the encoder's identity.

Outcome ids
    A course learning outcome is ``COURSE/ID`` (``MAT101/LO2``: LO ids repeat across courses);
    a programme outcome is its own id (``PO3``).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from competency_graph.analysis.text import (
    DenseIndex,
    Document,
    Encoder,
    HybridIndex,
    LexicalIndex,
    Text,
    guess_language,
)
from competency_graph.errors import InputError, Location, Problem
from competency_graph.i18n import translate
from competency_graph.model import Literal, value
from competency_graph.services.curriculum import (
    get_programme,
    resolve_programme,
)
from competency_graph.services.system import LANGUAGES
from competency_graph.store import GraphStore

MAX_TOP = 50
DEFAULT_TOP = 5
#: Candidates below this normalised score are not shown (they share no informative term).
MIN_SCORE = 0.05


def check_lang(lang: str) -> str:
    """Refuse a language other than en/ru/kk."""
    if lang not in LANGUAGES:
        raise InputError(Problem(f"unknown language {lang!r}; use one of "
                                 + ", ".join(LANGUAGES), Location(json_path="lang")))
    return lang


def check_top(top: int) -> int:
    """Refuse ``top`` outside 1..MAX_TOP."""
    if not 1 <= top <= MAX_TOP:
        raise InputError(Problem(f"top must be between 1 and {MAX_TOP}",
                                 Location(json_path="top")))
    return top


# --- programmes --------------------------------------------------------------------------------

@contextmanager
def loaded_programme(store: GraphStore, ref: str, *, lang: str = "en",
                     param: str = "programme") -> Iterator[dict[str, Any]]:
    """Yield the programme JSON (``services.curriculum.get_programme``) of a stored programme
    (``ID``/``ID@VERSION``), resolved by the curriculum service's one resolver; a workbook path
    is the CLI's business (it hands in a scratch store)."""
    resolved = resolve_programme(store, (ref or "").strip(), location=Location(json_path=param))
    yield get_programme(store, resolved.id, version=resolved.version, lang=lang)


@dataclass
class Statement:
    """An outcome to find candidates for, or to be found: id, course, texts per language."""

    id: str
    course: str | None
    texts: dict[str, str]
    aligned: list[dict[str, Any]] = field(default_factory=list)
    ects: float | None = None

    def variants(self) -> list[Text]:
        """The texts as query variants (a language-less text gets its script's language)."""
        return [Text(t, lang or guess_language(t)) for lang, t in self.texts.items() if t]

    def text(self, lang: str) -> str:
        """The text in ``lang``, else English, else any."""
        for choice in (lang, "en", ""):
            if self.texts.get(choice):
                return self.texts[choice]
        return next(iter(self.texts.values()), "")


def course_outcomes(programme: dict[str, Any]) -> list[Statement]:
    """Every course learning outcome of a programme JSON, in course order."""
    out = []
    for course in programme["courses"]:
        for lo in course["outcomes"]:
            texts = dict(lo.get("texts") or {}) or {"": lo.get("text") or ""}
            out.append(Statement(f"{course['code']}/{lo['id']}", str(course["code"]), texts,
                                 list(lo.get("aligned_to") or [])))
    return out


def programme_outcomes(programme: dict[str, Any]) -> list[Statement]:
    """Every programme outcome of a programme JSON."""
    return [Statement(str(po["id"]), None, dict(po.get("texts") or {}) or
                      {"": po.get("text") or ""}, list(po.get("aligned_to") or []))
            for po in programme["programme_outcomes"]]


def statement_documents(statements: list[Statement],
                        context: dict[str, list[Text]] | None = None) -> list[Document]:
    """Index documents of outcomes: every language variant is a label field; ``context``
    adds fields per outcome id (:func:`aligned_context`)."""
    context = context or {}
    return [Document(s.id, [Text(t.text, t.lang, "label") for t in s.variants()]
                     + context.get(s.id, []), {"course": s.course}) for s in statements]


# --- framework indexes -------------------------------------------------------------------------

@dataclass(frozen=True)
class FrameworkInfo:
    """A competency framework in the store: id, named graph, number of alignable items."""

    id: str
    graph: str
    items: int


def frameworks(store: GraphStore) -> dict[str, FrameworkInfo]:
    """Every competency framework of the store by id (level scales are not suggested)."""
    out: dict[str, FrameworkInfo] = {}
    for row in store.select("list_suggestion_frameworks"):
        fid = str(value(row["framework"]))
        out.setdefault(fid, FrameworkInfo(fid, str(row["graph"]),
                                          int(value(row.get("items")) or 0)))
    return out


_CACHE: weakref.WeakKeyDictionary[GraphStore, dict[tuple[Any, ...], Any]] = \
    weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def invalidate(store: GraphStore) -> None:
    """Forget every cached index of ``store``."""
    with _LOCK:
        _CACHE.pop(store, None)


def framework_documents(store: GraphStore, framework: str) -> list[Document]:
    """One document per alignable item of ``framework``: labels, alternative labels and
    definitions in every language; ``data`` holds the code, IRI and labels per language."""
    docs: dict[str, Document] = {}
    for row in store.select("list_suggestion_items", framework=Literal(framework)):
        iri = str(row["item"])
        doc = docs.get(iri)
        if doc is None:
            code = str(value(row["notation"])) if row.get("notation") is not None else iri
            doc = docs[iri] = Document(f"{framework}:{code}", [],
                                       {"framework": framework, "code": code, "iri": iri,
                                        "labels": {}})
        text = row.get("text")
        if isinstance(text, Literal) and text.value.strip():
            kind = str(value(row["field"]))
            lang = (text.language or "").lower() or None
            doc.fields.append(Text(text.value, lang, kind))
            if kind == "label":
                labels: dict[str, str] = doc.data["labels"]  # type: ignore[assignment]
                labels.setdefault(lang or "", text.value)
    for doc in docs.values():
        doc.fields.sort(key=lambda f: (f.kind, f.lang or "", f.text))
    return sorted(docs.values(), key=lambda d: d.key)


def framework_index(store: GraphStore, info: FrameworkInfo,
                    encoder: Encoder | None = None) -> HybridIndex:
    """The cached index of one framework version (module doc), hybrid when ``encoder``."""
    key = ("framework", info.id, info.graph, info.items)
    with _LOCK:
        entries = _CACHE.setdefault(store, {})
        lexical = entries.get(key)
    if lexical is None:
        lexical = LexicalIndex(framework_documents(store, info.id))
        with _LOCK:
            _CACHE.setdefault(store, {})[key] = lexical
    if encoder is None:
        return HybridIndex(lexical)
    dense_key = (*key, "dense", id(encoder))
    with _LOCK:
        dense = _CACHE.setdefault(store, {}).get(dense_key)
    if dense is None:
        dense = DenseIndex(encoder, lexical.documents)
        with _LOCK:
            _CACHE.setdefault(store, {})[dense_key] = dense
    return HybridIndex(lexical, dense)


def aligned_context(store: GraphStore, statements: list[Statement]) -> dict[str, list[Text]]:
    """The labels, in every language, of the framework items each statement is aligned to, as
    ``context`` fields (weight 1): a programme outcome written in English and Russian only is
    then found by a Kazakh course outcome through the Kazakh label of the WA item it is aligned
    to — cross-language matching through the trilingual labels of framework items."""
    known = frameworks(store)
    out: dict[str, list[Text]] = {}
    for s in statements:
        for a in s.aligned:
            fw = a["target"].partition(":")[0]
            if ":" not in a["target"] or fw not in known:
                continue
            index = framework_index(store, known[fw]).lexical
            doc = next((d for d in index.documents if d.key == a["target"]), None)
            if doc is not None:
                out.setdefault(s.id, []).extend(
                    Text(f.text, f.lang, "context") for f in doc.fields if f.kind == "label")
    return out


def statement_index(statements: list[Statement], encoder: Encoder | None = None,
                    context: dict[str, list[Text]] | None = None) -> HybridIndex:
    """An (uncached) index over outcomes: a programme's outcomes change with every version."""
    docs = statement_documents(statements, context)
    lexical = LexicalIndex(docs)
    return HybridIndex(lexical, DenseIndex(encoder, docs) if encoder is not None else None)


def describe_terms(shared: tuple[str, ...], text_lang: str | None, lang: str = "en") -> str:
    """``shared terms: a, b (ru text)`` in ``lang`` — the reason part every service uses."""
    if not shared:
        return translate("suggest.reason.dense", lang)
    return translate("suggest.reason.shared", lang, terms=", ".join(shared[:6]),
                     text=text_lang or "?")


def load_encoder(path: str | None) -> Encoder | None:
    """Load the dense encoder from a local model folder (None: the lexical engine only).

    :raises InputError: the ``[embeddings]`` extra is missing or the path holds no model.
    """
    if not path:
        return None
    from competency_graph.analysis.text import SentenceTransformerEncoder, embeddings_available

    if not embeddings_available():
        raise InputError(Problem("dense embeddings need the optional libraries: pip install "
                                 "'competency-graph[embeddings]'", Location(json_path="model")))
    try:
        return SentenceTransformerEncoder(path)
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise InputError(Problem(str(exc), Location(file=str(path)))) from None
