"""Constants, the policy, and the items the staff checks compare (the level scales come from
:mod:`competency_graph.services.frameworks`)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from competency_graph.analysis.rules import rule_model
from competency_graph.errors import InputError, Location, Problem
from competency_graph.model import Term
from competency_graph.namespaces import cg as cg_term
from competency_graph.namespaces import graph_iri, item_iri
from competency_graph.services.system import pick_label
from competency_graph.store import GraphStore

#: The named graph of the bundled development programmes (``ontology/bundled/``).
DEVELOPMENT_GRAPH = graph_iri("development-programmes")

SI = {code: item_iri("staff-intl", code) for code in
      ("SI1", "SI2", "SI3", "SI4", "SI5", "SI6", "SI7")}
DIGCOMPEDU_PREFIX = item_iri("digcompedu", "")

#: Component kind IRI → workbook code (docs/data-model.md).
KIND_CODES: dict[str, str] = {
    cg_term("EnglishMediumInstruction"): "emi",
    cg_term("MobilityWindow"): "mobility-window",
    cg_term("DoubleDegree"): "double-degree",
    cg_term("JointDegree"): "joint-degree",
    cg_term("InternationalInternship"): "international-internship",
    cg_term("VisitingLecturer"): "visiting-lecturer",
    cg_term("VirtualExchange"): "coil",
    cg_term("GlobalPlatformCourse"): "global-platform",
    cg_term("InternationalAccreditation"): "international-accreditation",
}
#: Component kinds that make a course need intercultural competence (SI2) and
#: internationalised course design (SI3).
INTERNATIONAL_KINDS = ("mobility-window", "coil", "double-degree", "joint-degree",
                       "visiting-lecturer")

# --- policy --------------------------------------------------------------------------------

@dataclass(frozen=True)
class StaffPolicy:
    """The levels that requirements ask for (docs/staff.md); each is a notation of the item's
    scale. English has a floor (violation below) and a recommended level (warning below); the
    other requirements have one stated level each (``*_recommended`` default to it).
    ``emi_pedagogy`` (off by default) makes English-taught courses also require SI4
    international-classroom pedagogy at that staff-intl level."""

    english_floor: str = "B2"
    #: the staffing rule's recommended level (ontology/rules/rules.ttl, cg:recommendedLevel)
    english_recommended: str = field(default_factory=lambda: rule_model().recommended_english)
    intercultural: str = "L2"
    course_design: str = "L2"
    digital: str = "B1"
    intercultural_recommended: str | None = None
    course_design_recommended: str | None = None
    digital_recommended: str | None = None
    emi_pedagogy: str | None = None
    emi_pedagogy_recommended: str | None = None

    @classmethod
    def from_env(cls, institution: str | None = None, *,
                 stored: Mapping[str, str] | None = None,
                 **overrides: str | None) -> StaffPolicy:
        """Defaults ← ``stored`` (the institution's ``cg:englishFloor`` / ``cg:englishRecommended``
        in the store, shared with validation) ← ``COMPETENCY_GRAPH_STAFF_POLICY`` (a JSON file
        ``{"*": {…}, "<inst>": {…}}``) ← ``COMPETENCY_GRAPH_STAFF_<FIELD>`` variables ←
        ``overrides`` (None = not given)."""
        values: dict[str, str] = dict(stored or {})
        path = os.environ.get("COMPETENCY_GRAPH_STAFF_POLICY")
        if path:
            try:
                data = json.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise InputError(Problem(f"cannot read the staff policy: {exc}",
                                         Location(file=path))) from None
            for key in ("*", institution):
                if key and isinstance(data.get(key), dict):
                    values.update({k: str(v) for k, v in data[key].items()})
        known = set(cls.__dataclass_fields__)
        for name in sorted(known):
            env = os.environ.get("COMPETENCY_GRAPH_STAFF_" + name.upper())
            if env:
                values[name] = env
        values.update({k: v for k, v in overrides.items() if v})
        unknown = sorted(set(values) - known)
        if unknown:
            raise InputError("unknown staff policy setting(s): " + ", ".join(unknown))
        return cls(**values)

    @classmethod
    def environment(cls) -> dict[str, str]:
        """What :meth:`from_env` reads from the process environment (the policy file's contents
        included): part of the key a stored staff report is kept under, since two servers may
        run with different policies over one store."""
        out = {name: value for name, value in os.environ.items()
               if name.startswith("COMPETENCY_GRAPH_STAFF_")}
        path = out.get("COMPETENCY_GRAPH_STAFF_POLICY")
        if path:
            try:
                out["policy_file"] = Path(path).read_text(encoding="utf-8")
            except OSError:
                out["policy_file"] = ""  # from_env reports it
        return out

    def as_dict(self) -> dict[str, str | None]:
        """Return the effective levels (recommended levels filled in; None = not required)."""
        return {
            "english_floor": self.english_floor,
            "english_recommended": self.english_recommended,
            "intercultural": self.intercultural,
            "intercultural_recommended": self.intercultural_recommended or self.intercultural,
            "course_design": self.course_design,
            "course_design_recommended": self.course_design_recommended or self.course_design,
            "digital": self.digital,
            "digital_recommended": self.digital_recommended or self.digital,
            "emi_pedagogy": self.emi_pedagogy,
            "emi_pedagogy_recommended": self.emi_pedagogy_recommended or self.emi_pedagogy,
        }


# --- competences from the store ------------------------------------------------------------

@dataclass
class Item:
    iri: str
    code: str
    labels: list[Term] = field(default_factory=list)

    def label(self, lang: str) -> str:
        return pick_label(self.labels, lang) or self.code


def load_items(store: GraphStore) -> dict[str, Item]:
    """The staff-intl items with their labels (what requirements name)."""
    out: dict[str, Item] = {}
    for row in store.select("list_staff_competencies"):
        iri = str(row["item"])
        item = out.setdefault(iri, Item(iri, str(row["code"])))
        if "label" in row:
            item.labels.append(row["label"])
    return out
