"""Use cases on institutions and indicator data: the indicator catalogue, listing institutions,
reading observations back, and importing CSV / xlsx indicator files.

Import semantics (decided here, documented in ``docs/benchmarking.md``):

* institutions live together in ``graph/institutions``; an import **upserts** them by id (an
  institution in the file replaces the stored one with the same id, others stay);
* each institution's observations live in ``graph/indicators/<id>``; an import **merges** by
  (year, indicator): a row replaces the stored observation with the same year and indicator,
  other stored observations stay. ``replace=True`` drops the institution's stored observations
  first (the file then is the whole dataset of every institution it names);
* the whole input is validated before anything is written, and all affected graphs are
  replaced in one transaction: it lands whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from competency_graph import resources
from competency_graph.errors import InputError, Location, NotFoundError, Problem
from competency_graph.io import indicators as io_ind
from competency_graph.io.indicators import (
    IndicatorSpec,
    ObservationRecord,
)
from competency_graph.model import IRI, Literal, RdfPayload, value
from competency_graph.namespaces import CG, DCTERMS, RDF, SKOS, graph_iri
from competency_graph.services.system import labels_by_lang, pick_label, register_demo
from competency_graph.store import GraphStore

INSTITUTIONS_GRAPH = graph_iri("institutions")


def indicators_graph(institution_id: str) -> str:
    """Return ``graph/indicators/<institution-id>``."""
    return graph_iri("indicators", institution_id)


def _dec(term: object) -> Decimal | None:
    got = value(term)  # type: ignore[arg-type]
    if got is None or isinstance(got, bool):
        return None
    try:
        return Decimal(str(got))
    except ArithmeticError:
        return None


def indicator_catalogue(store: GraphStore) -> dict[str, IndicatorSpec]:
    """Return every indicator in the store by code (``INT1`` …), with unit, direction, bounds."""
    grouped: dict[str, list[dict[str, object]]] = {}
    for row in store.select("list_indicators"):
        grouped.setdefault(str(row["code"]), []).append(row)  # type: ignore[arg-type]
    out: dict[str, IndicatorSpec] = {}
    for code, rows in grouped.items():
        first = rows[0]
        hib = value(first.get("higherIsBetter"))  # type: ignore[arg-type]
        core = value(first.get("isCore"))  # type: ignore[arg-type]
        out[code] = IndicatorSpec(
            code=code, iri=str(first["indicator"]),
            unit=str(first.get("unit") or "%"),
            higher_is_better=hib is not False,
            min_value=_dec(first.get("minValue")), max_value=_dec(first.get("maxValue")),
            is_core=core is True,
            labels={k: v for k, v in labels_by_lang(r.get("label") for r in rows).items()  # type: ignore[misc]
                    if k},
        )
    return out


@dataclass(frozen=True)
class Institution:
    """An institution as listed by ``GET /institutions``."""

    id: str
    iri: str
    name: str
    names: dict[str, str]
    country: str | None
    type: str | None
    students: int | None
    description: str | None = None
    years: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-ready dict."""
        return {"id": self.id, "iri": self.iri, "name": self.name, "names": self.names,
                "country": self.country, "type": self.type, "students": self.students,
                "description": self.description, "years": self.years}


def list_institutions(store: GraphStore, lang: str = "en", *,
                      with_years: bool = True) -> list[Institution]:
    """Return every institution, sorted by id, with the years it has indicator data for
    (``with_years=False`` skips that read)."""
    grouped: dict[str, list[dict[str, object]]] = {}
    for row in store.select("list_institutions"):
        grouped.setdefault(str(row["id"]), []).append(row)  # type: ignore[arg-type]
    years: dict[str, set[int]] = {}
    for row in (store.select("list_institution_years") if with_years else []):
        year = value(row["year"])
        if isinstance(year, int):
            years.setdefault(str(row["id"]), set()).add(year)
    out = []
    for ident, rows in grouped.items():
        first = rows[0]
        names = {k: v for k, v in labels_by_lang(r.get("name") for r in rows).items()  # type: ignore[misc]
                 if k}
        kind = str(first["type"]).removeprefix(CG) if first.get("type") else None
        students = value(first.get("students"))  # type: ignore[arg-type]
        out.append(Institution(
            id=ident, iri=str(first["institution"]),
            name=pick_label([r.get("name") for r in rows], lang) or ident,  # type: ignore[misc]
            names=names,
            country=str(first["country"]) if first.get("country") else None,
            type=io_ind.TYPE_CODES.get(kind or "", kind),
            students=int(students) if isinstance(students, int | Decimal) else None,
            description=str(first["description"]) if first.get("description") else None,
            years=sorted(years.get(ident, ())),
        ))
    return sorted(out, key=lambda i: i.id)


def get_institution(store: GraphStore, institution_id: str, lang: str = "en") -> Institution:
    """Return one institution; :class:`NotFoundError` when there is none with this id."""
    for inst in list_institutions(store, lang):
        if inst.id == institution_id:
            return inst
    raise NotFoundError(f"no institution with the id {institution_id!r}")


def indicator_values(store: GraphStore,
                     institution_ids: list[str]) -> list[tuple[str, str, int, float]]:
    """Return (institution id, indicator code, year, value) of the given institutions (the
    lean read the benchmark needs)."""
    if not institution_ids:
        return []
    rows = store.select("list_indicator_values",
                        institution=[IRI(io_ind.institution_iri(i)) for i in institution_ids])
    out = []
    for row in rows:
        year, amount = value(row["year"]), value(row["value"])
        if isinstance(year, int) and isinstance(amount, int | float | Decimal) \
                and not isinstance(amount, bool):
            out.append((str(row["institutionId"]), str(row["code"]), year, float(amount)))
    return out


def observations(store: GraphStore,
                 institution_id: str | list[str] | None = None) -> list[ObservationRecord]:
    """Return the stored observations (of one institution, several, or all)."""
    ids = [institution_id] if isinstance(institution_id, str) else institution_id
    if ids == []:
        return []
    bindings = {"institution": [IRI(io_ind.institution_iri(i)) for i in ids]} if ids else {}
    out = []
    for row in store.select("list_indicator_observations", **bindings):
        year = value(row["year"])
        amount = _dec(row["value"])
        if not isinstance(year, int) or amount is None:
            continue
        out.append(ObservationRecord(
            institution=str(row["institutionId"]), year=year, indicator=str(row["code"]),
            value=amount, numerator=_dec(row.get("numerator")),
            denominator=_dec(row.get("denominator")),
            source=str(row["source"]) if isinstance(row.get("source"), Literal) else None,
            note=str(row["note"]) if isinstance(row.get("note"), Literal) else None))
    return out


@dataclass(frozen=True)
class IndicatorImportResult:
    """What an indicator import wrote."""

    institutions: list[str]
    observations: int
    graphs: list[str]

    def message(self) -> str:
        """A one-line summary for the CLI."""
        return (f"imported {len(self.institutions)} institution(s) and {self.observations} "
                f"indicator observation(s) into {len(self.graphs)} named graph(s)")

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-ready dict."""
        return {"institutions": self.institutions, "observations": self.observations,
                "graphs": self.graphs}


def import_indicators(store: GraphStore, path: Path, *, replace: bool = False,
                      institution: str | None = None) -> IndicatorImportResult:
    """Import a CSV / xlsx file or a folder of CSV files (:mod:`competency_graph.io.indicators`).

    :raises InputError: with every located problem; nothing is stored then.
    """
    return _import(store, io_ind.read_tables(path), replace=replace, institution=institution)


def import_indicator_bytes(store: GraphStore, data: bytes, name: str, *,
                           replace: bool = False,
                           institution: str | None = None) -> IndicatorImportResult:
    """Import an uploaded CSV or xlsx (the API's ``POST /institutions/{id}/indicators``)."""
    if not data.strip():
        raise InputError(Problem("the upload is empty", Location(file=name)))
    return _import(store, io_ind.read_bytes(data, name), replace=replace,
                   institution=institution)


def _import(store: GraphStore, tables: list[io_ind.Table], *, replace: bool,
            institution: str | None) -> IndicatorImportResult:
    specs = indicator_catalogue(store)
    stored = {i.id: i for i in list_institutions(store, with_years=False)}
    if institution is not None and institution not in stored and not any(
            t.name == "institutions" for t in tables):
        raise NotFoundError(f"no institution with the id {institution!r}")
    parsed = io_ind.parse_tables(tables, specs, known_institutions=stored,
                                 only_institution=institution)
    payloads: dict[str, RdfPayload | None] = {}
    if parsed.institutions:
        payloads[INSTITUTIONS_GRAPH] = RdfPayload(
            _kept_institution_triples(store, {r.id for r in parsed.institutions})
            + io_ind.institutions_ntriples(parsed.institutions), "ntriples", "institutions")
    by_institution: dict[str, list[ObservationRecord]] = {}
    for obs in parsed.observations:
        by_institution.setdefault(obs.institution, []).append(obs)
    total = 0
    stored_obs: dict[str, list[ObservationRecord]] = {}
    if not replace:  # one read for every affected institution
        for obs in observations(store, sorted(by_institution)):
            stored_obs.setdefault(obs.institution, []).append(obs)
    for inst_id, new in sorted(by_institution.items()):
        kept = {(o.year, o.indicator): o for o in stored_obs.get(inst_id, [])}
        kept.update({(o.year, o.indicator): o for o in new})
        records = [kept[k] for k in sorted(kept)]
        payloads[indicators_graph(inst_id)] = RdfPayload(
            io_ind.observations_ntriples(inst_id, records, specs),
            "ntriples", f"indicators of {inst_id}")
        total += len(new)
    store.replace_graphs(payloads)
    return IndicatorImportResult(
        institutions=sorted({r.id for r in parsed.institutions} | set(by_institution)),
        observations=total, graphs=sorted(payloads))


#: What the importer writes about an institution; other statements (e.g. another area's
#: cg:englishFloor) on the same institution survive a re-import.
_MANAGED = {f"<{p}>" for p in (RDF + "type", DCTERMS + "identifier", SKOS + "prefLabel",
                               CG + "country", CG + "institutionType", CG + "studentCount",
                               DCTERMS + "description")}


def _kept_institution_triples(store: GraphStore, replaced: set[str]) -> bytes:
    """The stored ``graph/institutions`` minus what the import replaces (N-Triples)."""
    if INSTITUTIONS_GRAPH not in store.graph_names():
        return b""
    subjects = {f"<{io_ind.institution_iri(i)}>" for i in replaced}
    kept = []
    for line in store.export_graph(INSTITUTIONS_GRAPH, "ntriples").decode("utf-8").splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3 and not (parts[0] in subjects and parts[1] in _MANAGED):
            kept.append(line)
    return ("\n".join(kept) + "\n").encode("utf-8") if kept else b""


#: The bundled, clearly labelled FICTIONAL sample: eight technical universities, 2022–2024.
DEMO_FOLDER = resources.DEMO_DIR / "indicators"


@register_demo
def load_demo_indicators(store: GraphStore) -> None:
    """Load the fictional demo institutions and indicators unless the store has them all.

    Idempotent: a store that already holds every demo institution with data is left alone.
    """
    import csv as _csv

    with (DEMO_FOLDER / "institutions.csv").open(encoding="utf-8") as fh:
        demo_ids = {row["id"] for row in _csv.DictReader(fh)}
    present = {i.id for i in list_institutions(store) if i.years}
    if demo_ids <= present:
        return
    import_indicators(store, DEMO_FOLDER)
