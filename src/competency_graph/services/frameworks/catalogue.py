"""Use cases on frameworks and level scales: list them, show one with its provenance, list its
items, show one item with its labels in every language and its crosswalk mappings, and search.

Frameworks and items are found by the framework's ``dcterms:identifier`` (``wa-2021``) and the
item's ``skos:notation`` (``WA6``), not by building IRIs, so imported frameworks whose items use
other IRIs are found the same way as the bundled ones.

Labels are answered in the requested language (``en``, ``ru`` or ``kk``) with a fallback to
English, then to an untagged label, then to any; the answer says which language it used
(``label_lang``), and :func:`get_item` also gives every language (``labels``).

Mappings are read from the direct SKOS mapping triples (what every query uses), in both
directions, and enriched with the reified ``cg:Mapping`` (crosswalk, basis, rationale) where a
crosswalk records one. ``relation`` is always stated from the point of view of the item asked
for: ``wa-2013/WA7 skos:broadMatch wa-2021/WA6`` is shown on WA6 as ``narrowMatch`` with
``direction: "in"`` and ``stated_relation: "broadMatch"``.

Search lives in :mod:`competency_graph.services.frameworks.item_search` (its docstring records the
design and the measurements) and is re-exported here as :func:`search`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from competency_graph.errors import InputError, Location, NotFoundError, Problem
from competency_graph.ids import natural_key
from competency_graph.model import IRI, Literal, Term, value
from competency_graph.namespaces import CG, DCTERMS, OWL, RDF, RDFS, SKOS
from competency_graph.services.frameworks.item_search import succession
from competency_graph.services.system import LANGUAGES, labels_by_lang, pick_label, reused
from competency_graph.store import GraphStore

__all__ = [
    "FrameworkSummary",
    "check_lang",
    "get_framework",
    "get_item",
    "list_frameworks",
    "list_items",
]


@dataclass(frozen=True)
class FrameworkSummary:
    """One framework or level scale as listed by ``frameworks``."""

    id: str
    iri: str
    kind: str
    title: str | None
    version: str | None
    status: str | None
    items: int

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-ready dict."""
        return asdict(self)


def check_lang(lang: str) -> str:
    """Return ``lang`` lower-cased if it is en, ru or kk.

    :raises InputError: for any other language.
    """
    chosen = (lang or "en").strip().lower()
    if chosen not in LANGUAGES:
        raise InputError(Problem(f"unknown language {lang!r}; use one of: "
                                 + ", ".join(LANGUAGES), Location(json_path="lang")))
    return chosen


def local_name(iri: str | None) -> str | None:
    """Return what follows the last ``#`` or ``/`` of an IRI (``cg:Confirmed`` → ``Confirmed``)."""
    if iri is None:
        return None
    return re.split(r"[#/]", iri)[-1]


def list_frameworks(store: GraphStore, lang: str = "en") -> list[FrameworkSummary]:
    """Return every framework and level scale, bundled and imported, sorted by id."""
    grouped: dict[str, list[dict[str, object]]] = {}
    rows = store.select("list_frameworks")
    for row in rows:
        grouped.setdefault(str(row["scheme"]), []).append(row)  # type: ignore[arg-type]
    out = []
    for iri, group in grouped.items():
        first = group[0]
        status = first.get("status")
        out.append(FrameworkSummary(
            id=str(first["id"]),
            iri=iri,
            kind=str(first["kind"]),
            title=pick_label([r.get("title") for r in group], lang),  # type: ignore[misc]
            version=str(first["version"]) if first.get("version") else None,
            status=str(status).rsplit("#", 1)[-1] if status else None,
            items=int(value(first["items"]) or 0),  # type: ignore[arg-type]
        ))
    return sorted(out, key=lambda f: f.id)


# --- one framework ---------------------------------------------------------------------------

#: Scheme properties shown as text in the requested language (with every language kept too).
_TEXT_FIELDS = {DCTERMS + "title": "title", DCTERMS + "description": "description",
                DCTERMS + "rights": "rights"}


def _ref(term: Term, rows: list[dict[str, Term]], lang: str) -> dict[str, Any]:
    """Describe an IRI value (a scheme, a level) by its id or code and its label."""
    ref: dict[str, Any] = {"iri": str(term)}
    ids = {str(r["oid"]) for r in rows if "oid" in r}
    codes = {str(r["onotation"]) for r in rows if "onotation" in r}
    if ids:
        ref["id"] = sorted(ids)[0]
    if codes:
        ref["code"] = sorted(codes)[0]
    label = pick_label([r.get("olabel") for r in rows], lang)
    if label is not None:
        ref["label"] = label
    return ref


def get_framework(store: GraphStore, framework_id: str, lang: str = "en") -> dict[str, Any]:
    """Return one framework or level scale with its metadata and provenance.

    The answer holds ``id``, ``iri``, ``kind`` (``framework`` or ``level-scale``), ``title``
    (in ``lang``, with fallback) and ``titles`` (every language), ``version``, ``publisher``,
    ``sources`` (IRIs or citations), ``rights``, ``confirmation_status`` (``Confirmed``,
    ``PartlyConfirmed`` or ``Unconfirmed``), ``description``, ``notes``, ``complements``,
    ``level_scale`` (with its levels), ``required_level``, ``counts`` (items by class, and top
    concepts), ``items`` (the total) and ``replaced_by`` / ``replaces`` (the framework versions
    the search treats as successor and predecessor).

    :raises NotFoundError: when no framework or level scale has this identifier.
    """
    lang = check_lang(lang)
    rows = store.select("get_framework", id=Literal(framework_id))
    if not rows:
        raise NotFoundError(f"no framework or level scale with id {framework_id!r}")
    props = _Props(rows)
    types = {str(t) for t in props.objects(RDF + "type")}
    answer: dict[str, Any] = {
        "id": framework_id,
        "iri": str(rows[0]["scheme"]),
        "kind": "level-scale" if CG + "LevelScale" in types else "framework",
        **_framework_texts(props, lang),
    }
    answer["complements"] = _scheme_refs(props, CG + "complements", lang)
    scales = _scheme_refs(props, CG + "levelScale", lang)
    answer["level_scale"] = scales[0] if scales else None
    required = _scheme_refs(props, CG + "requiredLevel", lang)
    answer["required_level"] = required[0] if required else None
    verbs = [t for t in props.objects(CG + "unobservableVerb") if isinstance(t, Literal)]
    if verbs:
        answer["unobservable_verbs"] = _by_lang_lists(verbs)
    if answer["level_scale"] and answer["level_scale"].get("id"):
        levels = list_items(store, answer["level_scale"]["id"], lang)
        answer["level_scale"]["levels"] = [
            {k: lv[k] for k in ("code", "label", "rank", "iri")} for lv in levels]
    answer.update(_framework_counts(store, framework_id, lang))
    links = succession(store)
    answer["replaced_by"] = sorted(new for old, new in links if old == framework_id)
    answer["replaces"] = sorted(old for old, new in links if new == framework_id)
    return answer


class _Props:
    """The rows of one subject (``?p ?o`` plus details of ``?o``) grouped by property."""

    def __init__(self, rows: list[dict[str, Term]]) -> None:
        self.by_prop: dict[str, list[dict[str, Term]]] = {}
        for row in rows:
            self.by_prop.setdefault(str(row["p"]), []).append(row)

    def __contains__(self, prop: str) -> bool:
        return prop in self.by_prop

    def objects(self, prop: str) -> list[Term]:
        """The distinct values of ``prop``, in row order."""
        seen: dict[str, Term] = {}
        for row in self.by_prop.get(prop, []):
            seen.setdefault(repr(row["o"]), row["o"])
        return list(seen.values())

    def one(self, prop: str) -> Any:
        """The Python value of the first value of ``prop`` (None when absent)."""
        terms = self.objects(prop)
        return value(terms[0]) if terms else None

    def rows_of(self, prop: str, term: Term) -> list[dict[str, Term]]:
        """The rows that describe the value ``term`` of ``prop``."""
        return [r for r in self.by_prop.get(prop, []) if r["o"] == term]


def _scheme_refs(props: _Props, prop: str, lang: str) -> list[dict[str, Any]]:
    out = [_ref(term, props.rows_of(prop, term), lang)
           for term in props.objects(prop) if isinstance(term, IRI)]
    return sorted(out, key=lambda r: r.get("id") or r.get("code") or r["iri"])


def _framework_texts(props: _Props, lang: str) -> dict[str, Any]:
    """Titles, description, notes, version, publisher, sources, rights and status."""
    answer: dict[str, Any] = {}
    for prop, name in _TEXT_FIELDS.items():
        terms = props.objects(prop)
        answer[name] = pick_label(terms, lang)
        answer[name + "_by_lang"] = labels_by_lang(terms)
    answer["titles"] = answer.pop("title_by_lang")
    answer["notes"] = sorted(t.value for t in props.objects(RDFS + "comment")
                             if isinstance(t, Literal))
    versions = props.objects(OWL + "versionInfo")
    answer["version"] = str(versions[0]) if versions else None
    answer["publisher"] = ", ".join(sorted(str(t) for t in props.objects(DCTERMS + "publisher")))
    answer["publisher"] = answer["publisher"] or None
    answer["sources"] = sorted(str(t) for t in props.objects(DCTERMS + "source"))
    answer["see_also"] = sorted(str(t) for t in props.objects(RDFS + "seeAlso"))
    status = props.objects(CG + "confirmationStatus")
    answer["confirmation_status"] = local_name(str(status[0])) if status else None
    return answer


def _framework_counts(store: GraphStore, framework_id: str, lang: str) -> dict[str, Any]:
    """Items by class, top concepts, and the total number of items."""
    counts = store.select("count_framework_items", id=Literal(framework_id))
    by_class = {local_name(str(r["class"])) or "": int(value(r["items"]) or 0)
                for r in counts}
    return {"counts": dict(sorted(by_class.items())),
            "top_concepts": max((int(value(r["tops"]) or 0) for r in counts), default=0),
            "items": len(list_items(store, framework_id, lang))}


def _by_lang_lists(terms: list[Literal]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for term in terms:
        out.setdefault(term.language or "", []).append(term.value)
    return {k: sorted(v) for k, v in sorted(out.items())}


# --- items -----------------------------------------------------------------------------------

_CLASS_KIND = {CG + "Competency": "competency", CG + "CompetencyCategory": "category",
               CG + "Level": "level", CG + "Indicator": "indicator", SKOS + "Concept": "concept"}


def _kind(types: set[str]) -> str:
    for iri, kind in _CLASS_KIND.items():  # the most specific class first
        if iri in types:
            return kind
    return "concept"


def _code_of(iri: str, prefix: str) -> str:
    return iri[len(prefix):] if iri.startswith(prefix) else iri


def list_items(store: GraphStore, framework_id: str, lang: str = "en") -> list[dict[str, Any]]:
    """Return the items of a framework or level scale in their natural order.

    Each item has ``code``, ``iri``, ``kind`` (competency, category, level, indicator or
    concept), ``label`` (in ``lang`` with fallback) and ``label_lang``, ``top`` (a top concept),
    ``broader`` and ``category`` (codes of items in the same scheme, else IRIs), ``rank``
    (levels), ``wording_status``, ``international_dimension``, ``competency_type``,
    ``required_level`` (an IRI, when the item overrides the framework's) and ``core``
    (indicators). Levels are ordered by rank, other items by code.

    :raises NotFoundError: when no framework or level scale has this identifier.
    """
    lang = check_lang(lang)
    rows = store.select("list_framework_items", id=Literal(framework_id))
    if not rows and not store.select("count_framework_items", id=Literal(framework_id)):
        _require_framework(store, framework_id)
        return []
    by_item: dict[str, list[dict[str, Term]]] = {}
    for row in rows:
        by_item.setdefault(str(row["item"]), []).append(row)
    codes = {iri: next((str(r["o"]) for r in group if str(r["p"]) == SKOS + "notation"), None)
             for iri, group in by_item.items()}
    out = []
    for iri, group in by_item.items():
        props: dict[str, list[Term]] = {}
        for row in group:
            props.setdefault(str(row["p"]), []).append(row["o"])
        label_terms = props.get(SKOS + "prefLabel", [])
        label, label_lang = _pick_with_lang(label_terms, lang)

        def ref(prop: str, props: dict[str, list[Term]] = props) -> list[str]:
            return sorted(codes.get(str(t)) or str(t) for t in props.get(prop, []))

        def one(prop: str, props: dict[str, list[Term]] = props) -> Any:
            terms = props.get(prop, [])
            return value(terms[0]) if terms else None

        item: dict[str, Any] = {
            "code": codes[iri] or iri,
            "iri": iri,
            "kind": _kind({str(t) for t in props.get(RDF + "type", [])}),
            "label": label,
            "label_lang": label_lang,
            "top": bool(props.get(SKOS + "topConceptOf")),
            "broader": ref(SKOS + "broader"),
            "category": ref(CG + "category"),
            "rank": one(CG + "rank"),
            "wording_status": local_name(one(CG + "wordingStatus")),
            "international_dimension": bool(one(CG + "internationalDimension")),
            "competency_type": local_name(one(CG + "competencyType")),
            "required_level": one(CG + "requiredLevel"),
        }
        core = one(CG + "isCore")
        if core is not None:
            item["core"] = bool(core)
        out.append(item)
    if out and all(i["rank"] is not None for i in out):
        return sorted(out, key=lambda i: (i["rank"], natural_key(i["code"])))
    return sorted(out, key=lambda i: natural_key(i["code"]))


def _pick_with_lang(terms: list[Term], lang: str) -> tuple[str | None, str | None]:
    by_lang = labels_by_lang(terms)
    for choice in (lang, "en", ""):
        if choice in by_lang:
            return by_lang[choice], choice or None
    for choice, text in by_lang.items():
        return text, choice or None
    return None, None


def _require_framework(store: GraphStore, framework_id: str) -> None:
    if not store.select("get_framework", id=Literal(framework_id)):
        raise NotFoundError(f"no framework or level scale with id {framework_id!r}")


#: Item properties shown by :func:`get_item` as lists of IRI references (name in the answer).
_ITEM_REFS = {
    SKOS + "broader": "broader", SKOS + "narrower": "narrower", SKOS + "related": "related",
    CG + "category": "category", CG + "requiresKnowledge": "requires_knowledge",
    CG + "levelScale": "level_scale", CG + "requiredLevel": "required_level",
}
_INVERSE = {"broadMatch": "narrowMatch", "narrowMatch": "broadMatch"}


def get_item(store: GraphStore, framework_id: str, code: str,
             lang: str = "en") -> dict[str, Any]:
    """Return one item with everything a reviewer needs to trust it.

    The answer holds ``framework``, ``code``, ``iri``, ``kind``, ``label`` / ``label_lang``
    (requested language with fallback) and ``labels`` (every language), ``alt_labels``,
    ``definition`` / ``definitions``, ``wording_status`` (``Paraphrase``,
    ``UnconfirmedWording`` …), ``international_dimension``, ``competency_type``, ``category``,
    ``broader``, ``narrower``, ``requires_knowledge``, ``level_scale``, ``required_level``
    (references with code, framework and label), ``rank``, ``measurable_verbs``, indicator facts
    (``formula``, ``unit``, ``higher_is_better``, ``min_value``, ``max_value``, ``core``,
    ``aligned_with_rankings``), ``notes`` and ``mappings``: every crosswalk mapping to or from
    another framework, each with ``direction`` (``out``/``in``), ``relation`` (seen from this
    item), ``stated_relation``, the other item (``framework``, ``code``, ``label``, ``iri``) and,
    when a crosswalk records it, ``crosswalk``, ``basis`` and ``rationale``.

    :raises NotFoundError: for an unknown framework or an unknown code in it.
    """
    lang = check_lang(lang)
    item: dict[str, Any] = reused(store, "framework-item", (framework_id, code, lang),
                                  lambda: _read_item(store, framework_id, code, lang))
    return item


def _read_item(store: GraphStore, framework_id: str, code: str, lang: str) -> dict[str, Any]:
    rows = store.select("get_framework_item", id=Literal(framework_id), code=Literal(code))
    if not rows:
        _require_framework(store, framework_id)
        raise NotFoundError(f"framework {framework_id!r} has no item with code {code!r}")
    props = _Props(rows)
    labels = props.objects(SKOS + "prefLabel")
    label, label_lang = _pick_with_lang(labels, lang)
    definitions = props.objects(SKOS + "definition")
    definition, definition_lang = _pick_with_lang(definitions, lang)
    item: dict[str, Any] = {
        "framework": framework_id,
        "code": code,
        "iri": str(rows[0]["item"]),
        "kind": _kind({str(t) for t in props.objects(RDF + "type")}),
        "label": label,
        "label_lang": label_lang,
        "labels": labels_by_lang(labels),
        "alt_labels": _by_lang_lists([t for t in props.objects(SKOS + "altLabel")
                                      if isinstance(t, Literal)]),
        "definition": definition,
        "definition_lang": definition_lang,
        "definitions": labels_by_lang(definitions),
        "wording_status": local_name(props.one(CG + "wordingStatus")),
        "international_dimension": bool(props.one(CG + "internationalDimension")),
        "competency_type": local_name(props.one(CG + "competencyType")),
        "top": bool(props.objects(SKOS + "topConceptOf")),
        "rank": props.one(CG + "rank"),
    }
    for prop, name in _ITEM_REFS.items():
        found = _item_refs(props, prop, lang)
        item[name] = (found[0] if found else None) if name in {"level_scale",
                                                               "required_level"} else found
    verbs = [t for t in props.objects(CG + "measurableVerb") if isinstance(t, Literal)]
    if verbs:
        item["measurable_verbs"] = _by_lang_lists(verbs)
    if CG + "formula" in props or CG + "unit" in props:
        item.update(_indicator_facts(props, lang))
    item["notes"] = [t.value for t in props.objects(RDFS + "comment") if isinstance(t, Literal)]
    item["mappings"] = _mappings(store, framework_id, code, lang)
    return item


def _item_refs(props: _Props, prop: str, lang: str) -> list[dict[str, Any]]:
    """The items or levels ``prop`` points at, with code, framework and label."""
    out = []
    for term in props.objects(prop):
        group = props.rows_of(prop, term)
        ref: dict[str, Any] = {"iri": str(term)}
        for key, var in (("code", "onotation"), ("framework", "oscheme")):
            found = sorted({str(r[var]) for r in group if var in r})
            if found:
                ref[key] = found[0]
        ref["label"] = pick_label([r.get("olabel") for r in group], lang)
        out.append(ref)
    return sorted(out, key=lambda r: natural_key(r.get("code") or r["iri"]))


def _indicator_facts(props: _Props, lang: str) -> dict[str, Any]:
    """An indicator's formula, unit, direction, range, core flag and ranking alignment."""
    return {
        "formula": pick_label(props.objects(CG + "formula"), lang),
        "unit": props.one(CG + "unit"),
        "higher_is_better": props.one(CG + "higherIsBetter"),
        "min_value": _number(props.one(CG + "minValue")),
        "max_value": _number(props.one(CG + "maxValue")),
        "core": props.one(CG + "isCore"),
        "aligned_with_rankings": sorted(str(t) for t in props.objects(CG + "alignedWithRanking")),
    }


def _number(raw: Any) -> Any:
    return float(raw) if raw is not None and not isinstance(raw, bool | int | float) else raw


def _mappings(store: GraphStore, framework_id: str, code: str, lang: str) -> list[dict[str, Any]]:
    rows = store.select("list_framework_item_mappings", id=Literal(framework_id),
                        code=Literal(code))
    grouped: dict[tuple[str, str, str], list[dict[str, Term]]] = {}
    for row in rows:
        key = (str(row["direction"]), str(row["relation"]), str(row["other"]))
        grouped.setdefault(key, []).append(row)
    out = []
    for (direction, relation, other), group in grouped.items():
        stated = local_name(relation) or relation
        seen_from_here = stated if direction == "out" else _INVERSE.get(stated, stated)
        schemes = sorted({str(r["otherScheme"]) for r in group if "otherScheme" in r})
        codes = sorted({str(r["otherCode"]) for r in group if "otherCode" in r})
        mapping: dict[str, Any] = {
            "direction": direction,
            "relation": seen_from_here,
            "stated_relation": stated,
            "framework": schemes[0] if schemes else None,
            "code": codes[0] if codes else None,
            "label": pick_label([r.get("otherLabel") for r in group], lang),
            "iri": other,
        }
        reified = [r for r in group if "mapping" in r]
        if reified:
            first = reified[0]
            mapping["mapping"] = str(first["mapping"])
            mapping["crosswalk"] = str(first["crosswalk"]) if "crosswalk" in first else None
            mapping["basis"] = local_name(str(first["basis"])) if "basis" in first else None
            mapping["rationale"] = pick_label([r.get("rationale") for r in reified], lang)
        else:
            mapping.update({"mapping": None, "crosswalk": None, "basis": None,
                            "rationale": None})
        out.append(mapping)
    order = {"exactMatch": 0, "closeMatch": 1, "broadMatch": 2, "narrowMatch": 3,
             "relatedMatch": 4}
    return sorted(out, key=lambda m: (m["framework"] or "", natural_key(m["code"] or ""),
                                      order.get(m["relation"], 9), m["direction"]))
