"""The rule model (issue 12, docs/rules.md): one definition per question, read from data.

``ontology/rules/*.ttl`` holds one ``cg:Rule`` per question — is an item covered and at what
level (``coverage``), is a programme outcome addressed (``outcome-addressed``), is the I → R → M
order kept (``progression``), does a teacher meet a course's requirement (``staffing``) — with its
version, its definition in en/ru/kk and its parameters, plus ``cg:RequiredLevelRule``s (required
levels the rule model states for items, with their rationale). Every analysis reads its
parameters from :func:`rule_model`; nothing keeps its own copy:

* the coverage shapes are generated from it (``scripts/generate-coverage-shapes.py``) and the
  fast engine and the gap analysis compute coverage with :mod:`.coverage` and :mod:`.crosswalk`
  parameterised by it;
* the progression view and the progression shapes follow ``progression``;
* the staff report and the staffing shapes take the recommended English level from ``staffing``.

The file is parsed once per process (rdflib; a few ms).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import rdflib

from competency_graph import resources
from competency_graph.namespaces import CG, DCTERMS, OWL, RDF, SKOS

LANGS = ("en", "ru", "kk")
#: the I/R/M scale: notation → rank
IRM_RANKS = {"I": 1, "R": 2, "M": 3}


@dataclass(frozen=True)
class Rule:
    """One rule: id, version, label and definition per language, and its parameters."""

    iri: str
    id: str
    version: str
    label: dict[str, str]
    definition: dict[str, str]

    def cite(self) -> dict[str, str]:
        """The rule as reports cite it (``metadata.rules``)."""
        return {"id": self.id, "version": self.version, "iri": self.iri}


@dataclass(frozen=True)
class CoverageParams:
    """Parameters of the coverage rule."""

    default_required_rank: int
    full_relations: frozenset[str]
    weak_relations: frozenset[str]
    max_close_steps: int
    max_steps: int
    excluded_schemes: frozenset[str]
    #: relations that may be chained without limit (within ``max_steps``): every full relation
    #: except closeMatch, which SKOS leaves non-transitive
    close_relation: str = "closeMatch"
    #: item IRI → (rank, rule IRI) from ``cg:RequiredLevelRule``s
    item_ranks: dict[str, tuple[int, str]] = field(default_factory=dict)
    rationale: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleModel:
    """Every rule of ``ontology/rules/``."""

    rules: dict[str, Rule]
    coverage: CoverageParams
    fragile_course_count: int
    introduced_rank: int
    require_introduction: bool
    staff_item: str
    recommended_english: str

    def cite(self, *ids: str) -> list[dict[str, str]]:
        """The ``metadata.rules`` entries of the named rules (all when none is named)."""
        return [self.rules[i].cite() for i in (ids or tuple(self.rules))]

    def footer(self, *ids: str) -> str:
        """One line for text and HTML footers: ``rules: coverage v2, progression v2``."""
        return "rules: " + ", ".join(f"{r['id']} v{r['version']}" for r in self.cite(*ids))


def _local(iri: Any) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _by_language(literals: Iterable[rdflib.term.Node]) -> dict[str, str]:
    return {str(getattr(lit, "language", None) or ""): str(lit) for lit in literals}


def _irm_rank(level: Any) -> int:
    return IRM_RANKS.get(_local(level), 3)


def parse(graph: rdflib.Graph) -> RuleModel:
    """Build the rule model from a parsed graph (raises ``ValueError`` when a rule or a
    parameter is missing)."""
    cg = rdflib.Namespace(CG)
    rules: dict[str, Rule] = {}
    by_id: dict[str, rdflib.term.Node] = {}
    for node in graph.subjects(rdflib.URIRef(RDF + "type"), cg.Rule):
        rid = str(graph.value(node, rdflib.URIRef(DCTERMS + "identifier")))
        version = str(graph.value(node, rdflib.URIRef(OWL + "versionInfo")))
        label = _by_language(graph.objects(node, rdflib.URIRef(SKOS + "prefLabel")))
        definition = _by_language(graph.objects(node, rdflib.URIRef(SKOS + "definition")))
        rules[rid] = Rule(str(node), rid, version, label, definition)
        by_id[rid] = node
    for needed in ("coverage", "outcome-addressed", "progression", "staffing"):
        if needed not in by_id:
            raise ValueError(f"the rule model has no rule {needed!r}")

    def one(rule: str, prop: str) -> Any:
        found = graph.value(by_id[rule], cg[prop])
        if found is None:
            raise ValueError(f"rule {rule!r} has no cg:{prop}")
        return found

    def every(rule: str, prop: str) -> frozenset[str]:
        return frozenset(_local(o) if str(o).startswith(SKOS) else str(o)
                         for o in graph.objects(by_id[rule], cg[prop]))

    item_ranks: dict[str, tuple[int, str]] = {}
    rationale: dict[str, dict[str, str]] = {}
    for node in graph.subjects(rdflib.URIRef(RDF + "type"), cg.RequiredLevelRule):
        rank = _irm_rank(graph.value(node, cg.requiredLevel))
        rationale[str(node)] = _by_language(graph.objects(node, cg.rationale))
        for item in graph.objects(node, cg.appliesTo):
            item_ranks[str(item)] = (rank, str(node))
    coverage = CoverageParams(
        default_required_rank=_irm_rank(one("coverage", "defaultRequiredLevel")),
        full_relations=every("coverage", "fullEvidenceRelation"),
        weak_relations=every("coverage", "weakEvidenceRelation"),
        max_close_steps=int(one("coverage", "maxCloseMatchSteps")),
        max_steps=int(one("coverage", "maxMappingSteps")),
        excluded_schemes=every("coverage", "excludedScheme"),
        item_ranks=item_ranks, rationale=rationale)
    return RuleModel(
        rules=rules, coverage=coverage,
        fragile_course_count=int(one("outcome-addressed", "fragileCourseCount")),
        introduced_rank=_irm_rank(one("progression", "introducedLevel")),
        require_introduction=bool(one("progression", "requireIntroduction").toPython()),
        staff_item=str(one("staffing", "staffItem")),
        recommended_english=_local(one("staffing", "recommendedLevel")))


@cache
def rule_model() -> RuleModel:
    """The bundled rule model (``ontology/rules/*.ttl``), parsed once per process."""
    graph = rdflib.Graph()
    for path in resources.bundled_files("rules"):
        graph.parse(path, format="turtle")
    return parse(graph)
