"""Record accepted suggestions as alignments in a new programme version (API ``POST``).

The request names outcomes and targets the way the suggestions do (``MAT101/LO2`` or ``PO3``;
``wa-2021:WA4`` or ``PO3``) with an optional level (I/R/M, default I) and score (kept as the
alignment's ``cg:confidence``). Everything is checked before anything is written; the version
itself is written by :func:`competency_graph.services.curriculum.add_alignments` (the same
transaction and versioning as a workbook import).
"""

from __future__ import annotations

from typing import Any

from competency_graph.errors import InputError, Location, Problem
from competency_graph.model import IRI, value
from competency_graph.namespaces import CG, DCTERMS
from competency_graph.services.curriculum import add_alignments, build_vocabulary, get_programme
from competency_graph.services.suggestions.engine import framework_index, frameworks
from competency_graph.store import GraphStore

MAX_ACCEPTED = 1000
_LEVELS = {"I": "I", "R": "R", "M": "M", "1": "I", "2": "R", "3": "M"}


def _nodes(store: GraphStore, programme_iri: str) -> tuple[dict[str, str], dict[str, str]]:
    """``({"COURSE/LO": IRI}, {"PO": IRI})`` of a stored programme version."""
    ident: dict[str, str] = {}
    kinds: dict[str, str] = {}
    owners: dict[str, str] = {}
    codes: dict[str, str] = {}
    for row in store.select("list_programme_statements", programme=IRI(programme_iri)):
        node, prop = str(row["node"]), str(row["property"])
        kinds[node] = str(value(row["kind"]))
        if "owner" in row:
            owners[node] = str(row["owner"])
        if prop == DCTERMS + "identifier":
            ident[node] = str(value(row["value"]))
        elif prop == CG + "courseCode":
            codes[node] = str(value(row["value"]))
    outcomes = {f"{codes.get(owners.get(n, ''), '?')}/{i}": n for n, i in ident.items()
                if kinds.get(n) == "outcome"}
    pos = {i: n for n, i in ident.items() if kinds.get(n) == "po"}
    return outcomes, pos


def accept_suggestions(store: GraphStore, programme_id: str, accepted: Any, *,
                       attributed_to: str = "accepted suggestion") -> dict[str, Any]:
    """Validate ``accepted`` (a list of ``{"outcome", "target", "level"?, "score"?}``) and
    write them as alignments of a new version of ``programme_id``.

    :raises InputError: every bad entry, located by its JSON path. :raises NotFoundError: no
        such programme.
    """
    if not isinstance(accepted, list) or not accepted:
        raise InputError(Problem("give a non-empty list of accepted suggestions",
                                 Location(json_path="alignments")))
    if len(accepted) > MAX_ACCEPTED:
        raise InputError(Problem(f"at most {MAX_ACCEPTED} alignments per request",
                                 Location(json_path="alignments")))
    programme = get_programme(store, programme_id)
    outcomes, pos = _nodes(store, programme["iri"])
    known = frameworks(store)
    irm = build_vocabulary(store).irm
    problems: list[Problem] = []
    rows: list[tuple[str, str, str, float | None]] = []
    for n, entry in enumerate(accepted):
        where = f"alignments[{n}]"
        if not isinstance(entry, dict):
            problems.append(Problem("each entry is an object with outcome and target",
                                    Location(json_path=where)))
            continue
        outcome, target = str(entry.get("outcome") or ""), str(entry.get("target") or "")
        level = _LEVELS.get(str(entry.get("level") or "I").upper())
        score = entry.get("score")
        source = outcomes.get(outcome) or pos.get(outcome)
        if source is None:
            problems.append(Problem(f"programme {programme_id!r} version "
                                    f"{programme['version']} has no outcome {outcome!r}",
                                    Location(json_path=where + ".outcome")))
        target_iri = None
        if ":" in target:
            fw = target.partition(":")[0]
            if fw in known:
                docs = framework_index(store, known[fw]).documents
                target_iri = next((str(d.data["iri"]) for d in docs if d.key == target), None)
        elif outcome not in pos:
            target_iri = pos.get(target)
        if target_iri is None:
            problems.append(Problem(f"unknown target {target!r} (a framework item "
                                    "framework-id:code, or a programme outcome id for a course "
                                    "outcome)", Location(json_path=where + ".target")))
        if level is None:
            problems.append(Problem("level is I, R or M (or 1–3)",
                                    Location(json_path=where + ".level")))
        if score is not None and not (isinstance(score, int | float) and 0 <= score <= 1):
            problems.append(Problem("score is a number between 0 and 1",
                                    Location(json_path=where + ".score")))
            score = None
        if source and target_iri and level:
            rows.append((source, target_iri, irm[level],
                         float(score) if score is not None else None))
    if problems:
        raise InputError(problems)
    summary = add_alignments(store, programme_id, rows, attributed_to=attributed_to)
    return summary.as_dict()
