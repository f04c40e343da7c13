"""The catalogue of learning resources: reading it from the store and importing files into it.

An import reads a CSV or JSON-LD file (:mod:`competency_graph.io.resources`), checks every
reference against the store (each ``teaches``/``assesses`` item and each level must exist), and
replaces the named graph ``graph/learning-resources/<name>`` in one transaction: it lands whole
or not at all. The bundled catalogue lives in ``graph/learning-resources`` (bootstrap).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal
from pathlib import Path
from typing import Any

from competency_graph.errors import InputError, Location, Problem
from competency_graph.io import resources as rio
from competency_graph.model import RdfPayload, Term, value
from competency_graph.namespaces import graph_iri
from competency_graph.services.system import pick_label
from competency_graph.store import GraphStore

#: The named graph of the bundled starter catalogue.
BUNDLED_GRAPH = graph_iri("learning-resources")


@dataclass
class Level:
    """A level on a level scale."""

    iri: str
    notation: str
    rank: int | None
    scale: str | None


@dataclass
class Item:
    """A framework item a resource can point at."""

    iri: str
    code: str
    framework: str
    labels: list[Term] = dc_field(default_factory=list)
    required: Level | None = None
    #: the item's own rank when it is a level of a scale
    rank: int | None = None

    def label(self, lang: str = "en") -> str:
        """The item's label in ``lang`` (fallback English, then the code)."""
        return pick_label(self.labels, lang) or self.code


@dataclass
class StoredResource:
    """A learning resource as the store holds it."""

    iri: str
    id: str
    names: list[Term] = dc_field(default_factory=list)
    url: str = ""
    description: str = ""
    provider: str = ""
    platform: str = ""
    language: str = ""
    type: str = ""
    level: Level | None = None
    estimated: bool = False
    teaches: set[str] = dc_field(default_factory=set)
    assesses: set[str] = dc_field(default_factory=set)
    field: str = ""
    hours: Decimal | None = None
    free: bool | None = None
    access: str = ""
    license: str = ""
    prerequisites: set[str] = dc_field(default_factory=set)

    def name(self, lang: str = "en") -> str:
        """The resource's name in ``lang`` (fallback English)."""
        return pick_label(self.names, lang) or self.id

    def to_resource(self) -> rio.Resource:
        """The resource as the file formats hold it (for export)."""
        names = {(getattr(t, "language", None) or "en"): str(t) for t in self.names}
        level = None
        if self.level is not None:
            level = (self.level.notation if self.level.scale == "cefr"
                     else f"{self.level.scale}:{self.level.notation}" if self.level.scale
                     else self.level.iri)
        return rio.Resource(
            id=self.id, names=names, url=self.url, language=self.language,
            description=self.description, provider=self.provider, platform=self.platform,
            type=self.type, level=level, level_estimated=self.estimated,
            teaches=sorted(self.teaches), assesses=sorted(self.assesses), field=self.field,
            hours=self.hours, free=self.free, access=self.access, license=self.license,
            prerequisites=sorted(self.prerequisites))

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        """A JSON-ready summary."""
        return {
            "id": self.id, "name": self.name(lang), "url": self.url, "provider": self.provider,
            "platform": self.platform, "language": self.language, "type": self.type,
            "level": self.level.notation if self.level else None,
            "level_scale": self.level.scale if self.level else None,
            "level_estimated": self.estimated if self.level else None,
            "hours": float(self.hours) if self.hours is not None else None,
            "free": self.free, "access": self.access, "license": self.license,
            "field": self.field, "teaches": sorted(self.teaches),
            "assesses": sorted(self.assesses), "prerequisites": sorted(self.prerequisites),
        }


def load_items(store: GraphStore) -> dict[str, Item]:
    """Every item of every framework or scale, by IRI, with labels and required level."""
    items: dict[str, Item] = {}
    for row in store.select("list_alignable_items"):
        iri = str(row["item"])
        item = items.get(iri)
        if item is None:
            item = items[iri] = Item(iri, str(row["code"]), str(row["fid"]),
                                     rank=_int(row.get("ownRank")))
        if "label" in row and row["label"] not in item.labels:
            item.labels.append(row["label"])
        if "level" in row and item.required is None:
            item.required = _level(row)
    return items


def _level(row: dict[str, Term]) -> Level:
    rank = value(row.get("rank"))
    return Level(str(row["level"]), str(row.get("notation") or row["level"]),
                 int(rank) if isinstance(rank, int | Decimal) else None,
                 str(row["scale"]) if "scale" in row else None)


def load_catalogue(store: GraphStore) -> list[StoredResource]:
    """Every stored learning resource (bundled and imported), sorted by id."""
    out: dict[str, StoredResource] = {}
    for row in store.select("list_learning_resources"):
        iri = str(row["r"])
        res = out.get(iri)
        if res is None:
            res = out[iri] = StoredResource(iri, str(row["id"]))
        fact, val = str(row["fact"]), row["value"]
        text = str(val)
        if fact == "name":
            res.names.append(val)
        elif fact == "level":
            res.level = Level(text, str(row.get("notation") or text),
                              _int(row.get("rank")), str(row["scale"]) if "scale" in row
                              else None)
        elif fact == "estimated":
            res.estimated = value(val) is True
        elif fact == "free":
            res.free = value(val) is True
        elif fact == "time":
            res.hours = rio.hours_of(text)
        elif fact in ("teaches", "assesses", "prerequisite"):
            {"teaches": res.teaches, "assesses": res.assesses,
             "prerequisite": res.prerequisites}[fact].add(text)
        elif fact in ("url", "description", "provider", "platform", "language", "type", "field",
                      "access", "license") and (not getattr(res, fact)
                                      or getattr(val, "language", None) == "en"):
            setattr(res, fact, text)
    return sorted(out.values(), key=lambda r: r.id)


def export_catalogue(store: GraphStore, fmt: str = "csv") -> bytes:
    """Every stored resource as CSV or JSON-LD (readable back by the importer)."""
    resources = [r.to_resource() for r in load_catalogue(store)]
    if fmt == "csv":
        return rio.write_csv(resources)
    if fmt == "jsonld":
        return rio.write_jsonld(resources)
    raise InputError(Problem(f"unknown resource format {fmt!r} (csv or jsonld)"))


def _int(term: Term | None) -> int | None:
    got = value(term)
    return int(got) if isinstance(got, int | Decimal) else None


# --- import ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ResourceImportResult:
    """What a resource import wrote."""

    graph: str
    resources: int
    quads: int

    def message(self) -> str:
        """One line for the command line."""
        return f"imported {self.resources} learning resources ({self.quads} triples) into " \
               f"<{self.graph}>"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return dict(self.__dict__)


def resource_graph(name: str) -> str:
    """The named graph of an imported catalogue, ``graph/learning-resources/<name>``."""
    return graph_iri("learning-resources", name)


def parse_resources(data: bytes, source: str, fmt: str | None = None) -> list[rio.Resource]:
    """Parse resource CSV or JSON-LD (``fmt`` ``csv`` / ``jsonld``; default from the name)."""
    fmt = fmt or ("jsonld" if source.lower().endswith((".json", ".jsonld")) else "csv")
    if fmt == "csv":
        return rio.read_csv(data, source)
    if fmt == "jsonld":
        return rio.read_jsonld(data, source)
    raise InputError(Problem(f"unknown resource format {fmt!r} (csv or jsonld)",
                             Location(file=source)))


def check_references(store: GraphStore, resources: list[rio.Resource]) -> None:
    """Every ``teaches``/``assesses`` item and every level must exist in the store.

    :raises InputError: one located problem per unknown reference.
    """
    items = load_items(store)
    problems: list[Problem] = []
    for r in resources:
        for column, refs in (("teaches", r.teaches), ("assesses", r.assesses)):
            for iri in refs:
                if iri not in items:
                    problems.append(Problem(f"unknown framework item <{iri}>",
                                            _at(r.location, column)))
        if r.level:
            level = rio.level_iri(r.level)
            if level not in items:
                problems.append(Problem(f"unknown level {r.level!r} (give scale:code, e.g. "
                                        "B2 or staff-intl-levels:L2)", _at(r.location, "level")))
    if problems:
        raise InputError(problems)


def _at(where: Location, column: str) -> Location:
    return Location(file=where.file, row=where.row, column=column if where.row else None,
                    json_path=where.json_path)


def import_resources_bytes(store: GraphStore, data: bytes, source: str, *,
                           fmt: str | None = None, name: str | None = None
                           ) -> ResourceImportResult:
    """Import resources given as bytes; replace ``graph/learning-resources/<name>``.

    :raises InputError: located problems; the store is unchanged.
    """
    resources = parse_resources(data, source, fmt)
    check_references(store, resources)
    graph_name = name or Path(source).stem or "imported"
    if not rio.valid_id(graph_name):
        raise InputError(Problem(f"not a valid catalogue name: {graph_name!r}",
                                 Location(file=source)))
    target = resource_graph(graph_name)
    taken = {str(row["id"]): str(row["g"]) for row in store.select("list_learning_resource_graphs")
             if str(row["g"]) != target}
    clashes = [Problem(f"the id {r.id!r} is already a resource of <{taken[r.id]}>; importing it "
                       "again would merge the two: choose another id",
                       _at(r.location, "id")) for r in resources if r.id in taken]
    if clashes:
        raise InputError(clashes)
    payload = rio.to_graph(resources).serialize(format="nt", encoding="utf-8")
    quads = store.replace_graphs({target: RdfPayload(payload, "ntriples", source)})
    return ResourceImportResult(target, len(resources), quads)


def import_resources(store: GraphStore, path: Path, *, fmt: str | None = None,
                     name: str | None = None) -> ResourceImportResult:
    """Import a resource CSV or JSON-LD file (``import FILE --kind resources``)."""
    if not path.is_file():
        raise InputError(Problem("no such file", Location(file=str(path))))
    if path.stat().st_size > rio.MAX_BYTES:
        raise InputError(Problem(f"larger than {rio.MAX_BYTES // (1024 * 1024)} MiB",
                                 Location(file=str(path))))
    return import_resources_bytes(store, path.read_bytes(), str(path), fmt=fmt, name=name)


__all__ = ["BUNDLED_GRAPH", "Item", "Level", "ResourceImportResult", "StoredResource",
           "check_references", "export_catalogue", "import_resources", "import_resources_bytes",
           "load_catalogue", "load_items", "parse_resources", "resource_graph"]
