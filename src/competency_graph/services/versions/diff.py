"""The diff of two versions of a stored programme.

Identity of a finding across versions: its shape (the clause), its severity, its path, and its
focus node and value with the version's own programme IRI cut off (a course is
``.../programme/P/1/course/C`` in version 1 and ``.../programme/P/2/course/C`` in version 2; both
become ``…/course/C``). A finding whose severity changed therefore counts once as fixed and
once as new: the reviewer sees both facts.

Coverage of a framework item across versions: its status (covered / partial / missing) and its
achieved level; an item counts as changed when either differs. Targets are the union of the two
versions' target frameworks (an item only one version targets is compared with "not targeted").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from competency_graph.errors import NotFoundError
from competency_graph.services import curriculum, gaps, validation

FindingKey = tuple[str, str, str, str, str]
#: order of statuses from worst to best (a move to the right is an improvement)
STATUS_ORDER = ("not-targeted", "missing", "partial", "covered")


def _relative(term: Any, prefix: str) -> str:
    text = "" if term is None else str(term)
    if prefix and (text == prefix or text.startswith(prefix + "/")):
        return "…" + text[len(prefix):]
    return text


def _key(finding: Mapping[str, Any], prefix: str) -> FindingKey:
    return (str(finding.get("shape") or ""), str(finding.get("severity") or ""),
            str(finding.get("path") or ""), _relative(finding.get("focus"), prefix),
            _relative(finding.get("value"), prefix))


def finding_changes(old: Iterable[Mapping[str, Any]], new: Iterable[Mapping[str, Any]], *,
                    old_iri: str, new_iri: str) -> dict[str, list[dict[str, Any]]]:
    """Split findings (``results`` of the DESIGN §7 validation JSON) into ``fixed`` (only in
    ``old``), ``new`` (only in ``new``) and ``unchanged`` (in both; the new version's text)."""
    old_by = {_key(f, old_iri): dict(f) for f in old}
    new_by = {_key(f, new_iri): dict(f) for f in new}
    return {"fixed": [f for k, f in old_by.items() if k not in new_by],
            "new": [f for k, f in new_by.items() if k not in old_by],
            "unchanged": [f for k, f in new_by.items() if k in old_by]}


def _items(report: Mapping[str, Any] | None) -> dict[str, Mapping[str, Any]]:
    return {} if report is None else {str(i["code"]): i for i in report.get("items", [])}


def coverage_changes(old: Mapping[str, Any] | None,
                     new: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """Compare two gap reports (DESIGN §7 shape) of one framework, item by item; None stands
    for a version that does not target the framework. Returns only the items that changed,
    each with ``change``: ``better``, ``worse`` or ``level`` (same status, other level)."""
    before, after = _items(old), _items(new)
    changes = []
    for code in sorted(set(before) | set(after), key=_natural):
        a, b = before.get(code), after.get(code)
        sa = a["status"] if a else "not-targeted"
        sb = b["status"] if b else "not-targeted"
        la = a.get("achieved_level") if a else None
        lb = b.get("achieved_level") if b else None
        if sa == sb and la == lb:
            continue
        rank = {s: i for i, s in enumerate(STATUS_ORDER)}
        change = ("level" if sa == sb else
                  "better" if rank.get(sb, 0) > rank.get(sa, 0) else "worse")
        label = (b or a or {}).get("label")
        changes.append({"code": code, "label": label, "old_status": sa, "new_status": sb,
                        "old_level": la, "new_level": lb, "change": change})
    return changes


def _natural(code: str) -> tuple[Any, ...]:
    parts: list[Any] = []
    number = ""
    for ch in code + "\0":
        if ch.isdigit():
            number += ch
            continue
        if number:
            parts.append((0, int(number), ""))
            number = ""
        if ch != "\0":
            parts.append((1, 0, ch))
    return tuple(parts)


def diff_versions(store: Any, programme_id: str, old: str, new: str, *,
                  lang: str = "en") -> dict[str, Any]:
    """Compare versions ``old`` and ``new`` of the stored programme ``programme_id``.

    :raises NotFoundError: for an unknown programme or version.
    """
    versions = {v: iri for v, iri, _current in curriculum.programme_versions(store, programme_id)}
    for version in (old, new):
        if version not in versions:
            raise NotFoundError(f"programme {programme_id!r} has no version {version!r}")
    old_ref, new_ref = f"{programme_id}@{old}", f"{programme_id}@{new}"
    old_report = validation.validate(store, old_ref, lang=lang).as_json(lang)
    new_report = validation.validate(store, new_ref, lang=lang).as_json(lang)
    findings = finding_changes(old_report["results"], new_report["results"],
                               old_iri=versions[old], new_iri=versions[new])
    old_targets = curriculum.get_programme(store, programme_id, version=old)["targets"]
    new_targets = curriculum.get_programme(store, programme_id, version=new)["targets"]
    coverage = []
    for framework in sorted(set(old_targets) | set(new_targets)):
        before = (gaps.gap_report(store, old_ref, framework, lang=lang)
                  if framework in old_targets else None)
        after = (gaps.gap_report(store, new_ref, framework, lang=lang)
                 if framework in new_targets else None)
        coverage.append({"framework": framework,
                         "old_summary": before["summary"] if before else None,
                         "new_summary": after["summary"] if after else None,
                         "items": coverage_changes(before, after)})
    return {"programme": programme_id, "old": old, "new": new,
            "counts": {k: len(v) for k, v in findings.items()},
            "findings": findings, "coverage": coverage}
