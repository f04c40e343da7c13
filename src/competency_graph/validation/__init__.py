"""SHACL validation of programmes against profiles (ontology/shapes/), with two engines.

* ``fast`` (default, the product path): :class:`~.fast.FastEngine`, prepared SPARQL on the store;
* ``pyshacl`` (the reference and differential oracle): :class:`~.reference.ReferenceEngine`.

Both return :class:`~.results.Finding` objects with the same focus, path, shape, severity,
value, constraint component and messages (en/ru/kk). This package is the only home of pyshacl.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace

from competency_graph.analysis.rules import rule_model
from competency_graph.model import IRI
from competency_graph.store import GraphStore
from competency_graph.validation.fast import FastEngine
from competency_graph.validation.results import (
    Finding,
    Report,
    report_document,
    report_from_document,
    value_text,
)
from competency_graph.validation.shapes import ALWAYS_ON, Catalogue, Profile, Shape, catalogue

ENGINES = ("fast", "pyshacl")
LANGS = ("en", "ru", "kk")


def labels_for(store: GraphStore, nodes: Iterable[str]) -> dict[str, dict[str, str]]:
    """Labels per node and language: ``C101 Calculus``, ``C101 LO1``, ``PO1``, ``WA6 …``."""
    nodes = sorted(set(nodes))
    if not nodes:
        return {}
    titles: dict[str, dict[str, str]] = {}
    codes: dict[str, str] = {}
    for row in store.select("list_validation_labels", node=[IRI(n) for n in nodes]):
        node = row["node"].value
        code = row.get("code")
        sub = row.get("sub")
        if code is not None:
            codes[node] = code.value + (f" {sub.value}" if sub is not None else "")
        elif sub is not None:
            codes.setdefault(node, sub.value)
        title = row.get("title")
        if title is not None:
            lang = getattr(title, "language", None) or ""
            titles.setdefault(node, {}).setdefault(lang, title.value)
    labels: dict[str, dict[str, str]] = {}
    for node in nodes:
        by_lang = titles.get(node, {})
        out = {}
        for lang in LANGS:
            chosen = by_lang.get(lang) or by_lang.get("en") or by_lang.get("")
            if chosen is None and by_lang:
                chosen = next(iter(by_lang.values()))
            parts = [p for p in (codes.get(node), chosen) if p]
            out[lang] = " ".join(parts) if parts else node.rsplit("/", 1)[-1]
        labels[node] = out
    return labels


def run(store: GraphStore, programme: str, profile_ids: Iterable[str], *,
        engine: str = "fast", programme_id: str | None = None) -> Report:
    """Validate one stored programme version (IRI) against profiles with an engine."""
    cat = catalogue()
    ids = list(dict.fromkeys(profile_ids))
    started = time.perf_counter()
    if engine == "pyshacl":
        from competency_graph.validation.reference import ReferenceEngine

        findings = ReferenceEngine(store, cat).run(programme, ids)
    else:
        findings = FastEngine(store, cat).run(programme, ids)
    labels = labels_for(store, [f.focus for f in findings] + [programme])
    findings = [_labelled(f, labels) for f in findings]
    elapsed = (time.perf_counter() - started) * 1000
    programme_labels = labels.get(programme, {})
    model = rule_model()
    applied = {r for pid in ids if pid in cat.profiles for r in cat.profiles[pid].rules}
    rules = [r.cite() for r in model.rules.values() if r.iri in applied]
    return Report(programme=programme, programme_id=programme_id,
                  programme_label=programme_labels.get("en"), profiles=ids, engine=engine,
                  findings=findings, elapsed_ms=elapsed, rules=rules,
                  programme_labels=programme_labels)


def _labelled(finding: Finding, labels: dict[str, dict[str, str]]) -> Finding:
    """Fill ``{label}`` in the messages with the focus node's label in each language."""
    label = labels.get(finding.focus, {})
    messages = {lang: text.replace("{label}", label.get(lang) or label.get("en") or finding.focus)
                for lang, text in finding.messages.items()}
    return replace(finding, focus_label=label.get("en"), focus_labels=label, messages=messages)


__all__ = ["ALWAYS_ON", "ENGINES", "Catalogue", "Finding", "Profile", "Report", "Shape",
           "catalogue", "labels_for", "report_document", "report_from_document", "run",
           "value_text"]
