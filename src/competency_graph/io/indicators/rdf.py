"""Writing institutions and indicator observations as N-Triples (docs/data-model.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from competency_graph.io.indicators.model import (
    INSTITUTION_TYPES,
    IndicatorSpec,
    InstitutionRecord,
    ObservationRecord,
)
from competency_graph.io.ntriples import literal
from competency_graph.namespaces import CG, DCTERMS, QB, RDF, RDFS, SKOS, XSD, data_iri

# --- writing N-Triples -----------------------------------------------------------------------

def nt_literal(text: str, lang: str | None = None) -> str:
    """Return an N-Triples literal (escaped), language-tagged when ``lang`` is given."""
    return literal(text, lang=lang)


def nt_typed(value: object, datatype: str) -> str:
    """Return an N-Triples literal of an XSD datatype (``integer``, ``date`` …)."""
    return literal(str(value), datatype=XSD + datatype)


def nt_decimal(value: Decimal) -> str:
    """Return an ``xsd:decimal`` N-Triples literal."""
    text = format(value.normalize(), "f")
    if "." not in text:
        text += ".0"
    return nt_typed(text, "decimal")


def institution_iri(institution_id: str) -> str:
    """Return ``DATA institution/<id>``."""
    return data_iri("institution", institution_id)


def observation_iri(institution_id: str, year: int, code: str) -> str:
    """Return ``DATA institution/<inst>/observation/<year>/<indicator>``."""
    return data_iri("institution", institution_id, "observation", str(year), code)


def dataset_iri(institution_id: str) -> str:
    """Return the IRI of an institution's indicator dataset, ``…/institution/<id>/indicators``."""
    return data_iri("institution", institution_id, "indicators")


def institutions_ntriples(records: Iterable[InstitutionRecord]) -> bytes:
    """Return the N-Triples of institutions (for ``graph/institutions``)."""
    lines: list[str] = []
    for r in records:
        s = f"<{institution_iri(r.id)}>"
        lines.append(f"{s} <{RDF}type> <{CG}Institution> .")
        lines.append(f"{s} <{DCTERMS}identifier> {nt_literal(r.id)} .")
        for lang, name in sorted(r.names.items()):
            lines.append(f"{s} <{SKOS}prefLabel> {nt_literal(name, lang)} .")
        if r.country:
            lines.append(f"{s} <{CG}country> {nt_literal(r.country)} .")
        if r.type:
            lines.append(f"{s} <{CG}institutionType> <{CG}{INSTITUTION_TYPES[r.type]}> .")
        if r.students is not None:
            lines.append(f"{s} <{CG}studentCount> {nt_typed(r.students, 'integer')} .")
        if r.description:
            lines.append(f"{s} <{DCTERMS}description> {nt_literal(r.description, 'en')} .")
    return ("\n".join(lines) + "\n").encode("utf-8")


def observations_ntriples(institution_id: str, records: Iterable[ObservationRecord],
                          specs: Mapping[str, IndicatorSpec]) -> bytes:
    """Return the N-Triples of one institution's dataset (for ``graph/indicators/<id>``)."""
    ds = f"<{dataset_iri(institution_id)}>"
    inst = f"<{institution_iri(institution_id)}>"
    lines = [f"{ds} <{RDF}type> <{CG}IndicatorDataset> .",
             f"{ds} <{RDFS}label> {nt_literal('Indicators of ' + institution_id, 'en')} ."]
    for r in records:
        o = f"<{observation_iri(institution_id, r.year, r.indicator)}>"
        lines += [f"{o} <{RDF}type> <{CG}IndicatorObservation> .",
                  f"{o} <{QB}dataSet> {ds} .",
                  f"{o} <{CG}refInstitution> {inst} .",
                  f"{o} <{CG}refIndicator> <{specs[r.indicator].iri}> .",
                  f"{o} <{CG}refYear> {nt_typed(r.year, 'integer')} .",
                  f"{o} <{CG}value> {nt_decimal(r.value)} ."]
        if r.numerator is not None:
            lines.append(f"{o} <{CG}numerator> {nt_decimal(r.numerator)} .")
        if r.denominator is not None:
            lines.append(f"{o} <{CG}denominator> {nt_decimal(r.denominator)} .")
        if r.source:
            lines.append(f"{o} <{DCTERMS}source> {nt_literal(r.source)} .")
        if r.note:
            lines.append(f"{o} <{RDFS}comment> {nt_literal(r.note)} .")
    return ("\n".join(lines) + "\n").encode("utf-8")
