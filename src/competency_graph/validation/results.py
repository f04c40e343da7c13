"""Validation results: what both engines return, and the report built from them (JSON in
docs/validation.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from competency_graph.model import IRI, BNode, Literal, Term

_VAR = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")
SEVERITY_ORDER = {"violation": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One validation result: the JSON object of docs/validation.md without the language choice.

    ``messages`` holds the message in every language (``{label}`` already replaced), ``value``
    is an IRI or a literal (or None), ``path`` a property IRI or a SPARQL path text.
    """

    shape: str
    severity: str
    focus: str
    path: str | None
    value: Term | None
    constraint: str
    messages: dict[str, str]
    focus_label: str | None = None
    #: the focus node's label per language (``focus_label`` is the English one)
    focus_labels: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str) -> str | None:
        """The focus node's label in ``lang`` (fallback English)."""
        return self.focus_labels.get(lang) or self.focus_label

    def key(self) -> tuple[str, str, str | None, str, str | None, str]:
        """What the differential test compares (value as text, plus the English message)."""
        return (self.shape, self.focus, self.path, self.severity, value_text(self.value),
                self.messages.get("en", ""))

    def message(self, lang: str) -> str:
        """The message in ``lang`` (fallback English)."""
        return self.messages.get(lang) or self.messages.get("en", "")

    def as_json(self, lang: str) -> dict[str, Any]:
        """The JSON object of one result (docs/validation.md)."""
        return {"severity": self.severity, "focus": self.focus, "focus_label": self.label(lang),
                "path": self.path, "value": value_text(self.value),
                "message": self.message(lang), "shape": self.shape,
                "constraint": self.constraint}


def value_text(term: Term | None) -> str | None:
    """An IRI or a literal's lexical form, as shown in reports."""
    if term is None:
        return None
    return term.value


def fill(template: str, variables: dict[str, str]) -> str:
    """Substitute ``{?var}`` / ``{$var}`` placeholders the way pySHACL does (unknown ones stay)."""
    return _VAR.sub(lambda m: variables.get(m.group(1), m.group(0)), template)


def number_text(value: object) -> str:
    """A number as a message shows it: ``240`` for 240.0, ``7.5`` otherwise."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if number == number.to_integral_value():
        return str(int(number))
    return str(number.normalize())


@dataclass
class Report:
    """A validation report for one programme and a set of profiles."""

    programme: str
    programme_id: str | None
    programme_label: str | None
    profiles: list[str]
    engine: str
    findings: list[Finding] = field(default_factory=list)
    elapsed_ms: float | None = None
    version: str | None = None
    #: facts only the HTML page shows (coverage evidence, framework provenance)
    extras: dict[str, Any] = field(default_factory=dict)
    #: the rules of the rule model the profiles applied (``[{"id", "version", "iri"}]``)
    rules: list[dict[str, str]] = field(default_factory=list)
    #: the programme's label per language (``programme_label`` is the English one)
    programme_labels: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        """The programme's label (code and title) in ``lang``, else English, else the IRI."""
        return self.programme_labels.get(lang) or self.programme_label or self.programme

    @property
    def counts(self) -> dict[str, int]:
        """Numbers of results per severity."""
        counts = {"violation": 0, "warning": 0, "info": 0}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings and infos do not break conformance)."""
        return self.counts["violation"] == 0

    def sorted_findings(self) -> list[Finding]:
        """Findings by severity, then focus label, then shape."""
        return sorted(self.findings, key=lambda f: (SEVERITY_ORDER[f.severity],
                                                    f.focus_label or f.focus, f.shape,
                                                    value_text(f.value) or ""))

    def as_json(self, lang: str = "en") -> dict[str, Any]:
        """The JSON report of docs/validation.md (plus ``programme`` and ``engine``)."""
        return {"conforms": self.conforms, "profiles": list(self.profiles),
                "counts": self.counts,
                "results": [f.as_json(lang) for f in self.sorted_findings()],
                "programme": self.programme, "engine": self.engine, "rules": self.rules}


def report_document(report: Report) -> dict[str, Any]:
    """The whole report as a JSON document (every language, every term kept): what is stored
    once per programme version (services/system/results.py); :func:`report_from_document`
    reads it back."""
    return {
        "programme": report.programme, "programme_id": report.programme_id,
        "programme_label": report.programme_label, "profiles": list(report.profiles),
        "engine": report.engine, "elapsed_ms": report.elapsed_ms, "version": report.version,
        "extras": report.extras, "rules": report.rules,
        "programme_labels": report.programme_labels,
        "findings": [{"shape": f.shape, "severity": f.severity, "focus": f.focus,
                      "path": f.path, "value": _term_document(f.value),
                      "constraint": f.constraint, "messages": f.messages,
                      "focus_label": f.focus_label, "focus_labels": f.focus_labels}
                     for f in report.findings],
    }


def report_from_document(doc: dict[str, Any]) -> Report:
    """The report :func:`report_document` stored."""
    findings = [Finding(shape=f["shape"], severity=f["severity"], focus=f["focus"],
                        path=f["path"], value=_term_from_document(f["value"]),
                        constraint=f["constraint"], messages=f["messages"],
                        focus_label=f["focus_label"], focus_labels=f["focus_labels"])
                for f in doc["findings"]]
    return Report(programme=doc["programme"], programme_id=doc["programme_id"],
                  programme_label=doc["programme_label"], profiles=list(doc["profiles"]),
                  engine=doc["engine"], findings=findings, elapsed_ms=doc["elapsed_ms"],
                  version=doc["version"], extras=doc["extras"], rules=doc["rules"],
                  programme_labels=doc["programme_labels"])


def _term_document(term: Term | None) -> dict[str, str | None] | None:
    if term is None:
        return None
    if isinstance(term, Literal):
        return {"literal": term.value, "datatype": term.datatype, "language": term.language}
    return {"bnode" if isinstance(term, BNode) else "iri": term.value}


def _term_from_document(doc: dict[str, str | None] | None) -> Term | None:
    if doc is None:
        return None
    if "literal" in doc:
        return Literal(doc["literal"] or "", doc.get("datatype"), doc.get("language"))
    if "bnode" in doc:
        return BNode(doc["bnode"] or "")
    return IRI(doc["iri"] or "")


def literal(value: str, datatype: str | None = None, language: str | None = None) -> Literal:
    """Shorthand for a model literal."""
    return Literal(value, datatype, language)


def iri(value: str) -> IRI:
    """Shorthand for a model IRI."""
    return IRI(value)
