"""The ESCO occupation gap: which essential and optional skills of an occupation a programme's
outcomes cover, partly cover or miss.

* The occupation is an ESCO IRI, an ESCO occupation code (``2512.4``), or an ISCO-08 unit
  group code (four digits, ``2512``): that group's occupations are those whose ESCO code is the
  ISCO code followed by ``.``; one is used when it is the only one, else the error lists them.
* Each skill (its preferred and alternative labels as query variants) is compared with every
  course learning outcome and programme outcome of the programme; the best normalised score
  (docs/suggestions.md) decides: **covered** ≥ :data:`COVERED`, **partly** ≥ :data:`PARTLY`,
  else **missing**. Outcomes scoring ≥ ``PARTLY`` are listed as matches (best 5).
* The thresholds, on the normalised score (a full match of a short label scores ~0.7–0.8):
  0.5 needs every informative term of a skill label in one outcome ("debug software" in
  "Debug software with unit tests" scores 0.70); 0.2 is one informative term of a two-word
  label ("engineering processes" against "Apply the principles of engineering": 0.24), while a
  common word of a three-word label stays below it ("create flowchart diagram" against "Draw a
  UML class diagram": 0.13).
"""

from __future__ import annotations

import re
from typing import Any

from competency_graph.analysis.text import Encoder, Text
from competency_graph.errors import InputError, Location, NotFoundError, Problem
from competency_graph.model import IRI, Literal, value
from competency_graph.namespaces import graph_iri
from competency_graph.services.suggestions.engine import (
    check_lang,
    course_outcomes,
    describe_terms,
    loaded_programme,
    programme_outcomes,
    statement_index,
)
from competency_graph.store import GraphStore

COVERED = 0.5
PARTLY = 0.2
MAX_MATCHES = 5
_ISCO = re.compile(r"\d{4}")
_ESCO_CODE = re.compile(r"\d{4}(?:\.\d+)+")


def esco_imported(store: GraphStore) -> bool:
    """True when some ESCO version is in the store (complete: no import marker)."""
    prefix = graph_iri("esco") + "/"
    return any(g.startswith(prefix) and not g.endswith("/incomplete")
               for g in store.graph_names())


def resolve_occupation(store: GraphStore, occupation: str) -> dict[str, Any]:
    """Resolve ``--occupation`` (module doc) to ``{"iri", "code", "label"}``."""
    where = Location(json_path="occupation")
    text = (occupation or "").strip()
    if not text or len(text) > 500:
        raise InputError(Problem("give an ESCO occupation IRI or an ISCO/ESCO code", where))
    if not esco_imported(store):
        raise InputError(Problem("ESCO is not imported into this store: run `competency-graph "
                                 "import ESCO_FOLDER_OR_ZIP --kind esco` first", where))
    rows = store.select("list_esco_occupations")
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        iri = str(row["occupation"])
        entry = found.setdefault(iri, {"iri": iri, "code": None, "label": None})
        if row.get("code") is not None:
            entry["code"] = str(value(row["code"]))
        if isinstance(row.get("label"), Literal):
            entry["label"] = str(value(row["label"]))
    if text.startswith(("http://", "https://")):
        if text in found:
            return found[text]
        raise NotFoundError(f"no ESCO occupation {text!r} in the store")
    exact = [e for e in found.values() if e["code"] == text]
    if exact:
        return exact[0]
    if _ISCO.fullmatch(text):
        group = sorted((e for e in found.values()
                        if (e["code"] or "").startswith(text + ".")),
                       key=lambda e: e["code"])
        if len(group) == 1:
            return group[0]
        if group:
            listed = "; ".join(f"{e['code']} {e['label']}" for e in group[:10])
            more = f" … ({len(group)} in all)" if len(group) > 10 else ""
            raise InputError(Problem(f"ISCO group {text} has {len(group)} ESCO occupations; "
                                     f"give one of their codes or IRIs: {listed}{more}", where))
    elif not _ESCO_CODE.fullmatch(text):
        raise InputError(Problem(f"{text!r} is neither an ESCO IRI, an ESCO occupation code "
                                 "(2512.4) nor an ISCO-08 unit group code (2512)", where))
    raise NotFoundError(f"no ESCO occupation with code {text!r} in the store")


def occupation_gap(store: GraphStore, programme: str, occupation: str, *, lang: str = "en",
                   encoder: Encoder | None = None) -> dict[str, Any]:
    """The occupation gap report (module doc).

    :raises InputError: ESCO not imported, a malformed or ambiguous occupation.
    :raises NotFoundError: unknown programme or occupation.
    """
    check_lang(lang)
    with loaded_programme(store, programme, lang=lang) as data:  # the programme first (404)
        statements = course_outcomes(data) + programme_outcomes(data)
        prog_id, version = data["id"], data["version"]
    occ = resolve_occupation(store, occupation)
    skills: dict[str, dict[str, Any]] = {}
    for row in store.select("list_esco_occupation_skills", occupation=IRI(occ["iri"])):
        iri = str(row["skill"])
        entry = skills.setdefault(iri, {"skill": iri, "relation": str(value(row["relation"])),
                                        "label": None, "variants": []})
        if str(value(row["relation"])) == "essential":
            entry["relation"] = "essential"
        text = row.get("text")
        if isinstance(text, Literal) and text.value.strip():
            lang_tag = (text.language or "").lower() or None
            entry["variants"].append(Text(text.value, lang_tag))
            if str(value(row["field"])) == "label" and (entry["label"] is None
                                                        or lang_tag == lang):
                entry["label"] = text.value
    index = statement_index(statements, encoder)
    summary = {rel: {"total": 0, "covered": 0, "partly": 0, "missing": 0}
               for rel in ("essential", "optional")}
    results = []
    for entry in sorted(skills.values(), key=lambda e: (e["relation"] != "essential",
                                                        (e["label"] or "").casefold())):
        hits = index.search(sorted(set(entry["variants"]), key=lambda t: t.text),
                            MAX_MATCHES) if statements else []
        best = hits[0].score if hits else 0.0
        status = "covered" if best >= COVERED else "partly" if best >= PARTLY else "missing"
        summary[entry["relation"]]["total"] += 1
        summary[entry["relation"]][status] += 1
        results.append({
            "skill": entry["skill"], "label": entry["label"], "relation": entry["relation"],
            "status": status, "score": round(best, 4),
            "matches": [{"outcome": statements[h.doc].id, "course": statements[h.doc].course,
                         "text": statements[h.doc].text(lang), "score": h.score,
                         "reason": describe_terms(h.shared, h.lang, lang)}
                        for h in hits if h.score >= PARTLY],
        })
    return {"programme": prog_id, "version": version, "occupation": occ,
            "mode": "lexical" if encoder is None else "hybrid",
            "thresholds": {"covered": COVERED, "partly": PARTLY},
            "summary": summary, "skills": results}


def has_missing_essential(report: dict[str, Any]) -> bool:
    """True when an essential skill is missing (the CLI's exit code 1)."""
    return bool(report["summary"]["essential"]["missing"])
