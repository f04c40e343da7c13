"""Learning resources (schema.org / LRMI ``LearningResource``) as CSV and JSON-LD, and as RDF.

The CSV columns are :data:`COLUMNS` (``competency-graph template --kind resources`` writes them
with a notes row in en/ru/kk). Lists (``teaches``, ``assesses``, ``prerequisites``) are
separated by ``;``. An item reference is ``<framework-id>:<code>`` (``esp-engineering:RD-B2``,
``wa-2021:WA11``) or a full IRI (ESCO skills). A level is ``<scale-id>:<code>``
(``digcompedu-progression:B1``, ``staff-intl-levels:L2``) or a bare CEFR code (``B2``).
``hours`` is the time required in hours; it is stored as ``schema:timeRequired`` (an ISO 8601
duration such as ``PT15H``).

JSON-LD: a document whose nodes are typed ``LearningResource`` (schema.org). The schema.org
context is bundled (``data/contexts/schemaorg.json``, a compact context whose ``@vocab`` is the
project's schema.org namespace, ``namespaces.SCHEMA``) and never fetched; IRIs in the older
``http:`` schema.org namespace (``namespaces.SCHEMA_HTTP``) are read as ``SCHEMA``. Every
problem is located (CSV: row and column; JSON-LD: the node's ``@id`` or JSON path) and nothing
is returned when any is found.

The RDF written for a resource (docs/elearning.md)::

    <data/learning-resource/ID> a cg:LearningResource ;
        dcterms:identifier "ID" ; schema:name "…"@en ; schema:description "…"@en ;
        schema:url <…> ; schema:provider <data/provider/SLUG> ; cg:platform "Coursera" ;
        schema:inLanguage "en" ; schema:learningResourceType "course" ;
        schema:educationalLevel cefr:B2 ; cg:levelEstimated true ;
        schema:teaches <item> ; schema:assesses <item> ; cg:field "engineering" ;
        schema:timeRequired "PT15H"^^xsd:duration ; schema:isAccessibleForFree true ;
        cg:accessConditions "…"@en ; schema:license "…" ;
        cg:resourcePrerequisite <data/learning-resource/OTHER> .
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import unquote

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

from competency_graph.errors import InputError, Location, Problem
from competency_graph.io import jsonld
from competency_graph.namespaces import (
    CG,
    DCTERMS,
    FRAMEWORK,
    SCHEMA,
    SCHEMA_CONTEXTS,
    SCHEMA_HTTP,
    data_iri,
    item_iri,
)

#: Largest resource file accepted (CSV or JSON-LD).
MAX_BYTES = 8 * 1024 * 1024
#: Most resources in one file.
MAX_RESOURCES = 20_000

COLUMNS = ("id", "name", "name@ru", "name@kk", "description", "url", "provider", "platform",
           "language", "type", "level", "level_estimated", "teaches", "assesses", "field",
           "hours", "free", "access", "license", "prerequisites")
REQUIRED = ("id", "name", "url", "language")
#: Column notes (en, ru, kk) written under the header of the template.
NOTES: dict[str, tuple[str, str, str]] = {
    "id": ("unique id (letters digits - _ .)", "уникальный id (буквы цифры - _ .)",
           "бірегей id (әріптер цифрлар - _ .)"),
    "name": ("title in English", "название на английском", "ағылшынша атауы"),
    "name@ru": ("title in Russian", "название на русском", "орысша атауы"),
    "name@kk": ("title in Kazakh", "название на казахском", "қазақша атауы"),
    "description": ("short description (English)", "краткое описание (англ.)",
                    "қысқаша сипаттама (ағылш.)"),
    "url": ("http(s) address of the resource", "http(s)-адрес ресурса",
            "ресурстың http(s) мекенжайы"),
    "provider": ("who offers it (university, organisation)", "кто предлагает (вуз, организация)",
                 "кім ұсынады (ЖОО, ұйым)"),
    "platform": ("platform: Coursera, edX, FutureLearn …", "платформа: Coursera, edX …",
                 "платформа: Coursera, edX …"),
    "language": ("language code: en, ru, kk …", "код языка: en, ru, kk …",
                 "тіл коды: en, ru, kk …"),
    "type": ("course, video series, reference …", "курс, видеосерия, справочник …",
             "курс, бейнесерия, анықтамалық …"),
    "level": ("B2, or scale:code (staff-intl-levels:L2)", "B2 или шкала:код",
              "B2 немесе шкала:код"),
    "level_estimated": ("yes when the provider states no level", "yes, если уровень не указан",
                        "деңгей көрсетілмесе yes"),
    "teaches": ("framework:code; … (esp-engineering:RD-B2)", "рамка:код; …", "шеңбер:код; …"),
    "assesses": ("framework:code; …", "рамка:код; …", "шеңбер:код; …"),
    "field": ("engineering, computing, teaching, general", "область", "сала"),
    "hours": ("time required in hours", "трудоёмкость в часах", "сағатпен көлемі"),
    "free": ("yes / no: free to use or audit", "yes / no: бесплатно", "yes / no: тегін"),
    "access": ("conditions of access or cost", "условия доступа или стоимость",
               "қолжетімділік шарттары немесе құны"),
    "license": ("licence (name or URL)", "лицензия", "лицензия"),
    "prerequisites": ("ids of resources to take first; …", "id ресурсов-пререквизитов; …",
                      "алдымен өтетін ресурстардың id; …"),
}

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_YES = {"yes", "y", "true", "1", "да", "иә"}
_NO = {"no", "n", "false", "0", "", "нет", "жоқ"}
_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?)?$")

SDO = Namespace(SCHEMA)
CGN = Namespace(CG)
DCT = Namespace(DCTERMS)
LEARNING_RESOURCE = CG + "LearningResource"


@dataclass
class Resource:
    """One learning resource as read from a file (references still unresolved text)."""

    id: str
    names: dict[str, str]
    url: str
    language: str
    description: str = ""
    provider: str = ""
    platform: str = ""
    type: str = ""
    level: str | None = None
    level_estimated: bool = False
    teaches: list[str] = dc_field(default_factory=list)
    assesses: list[str] = dc_field(default_factory=list)
    field: str = ""
    hours: Decimal | None = None
    free: bool | None = None
    access: str = ""
    license: str = ""
    prerequisites: list[str] = dc_field(default_factory=list)
    #: where the resource was read (for located errors in later checks)
    location: Location = dc_field(default_factory=Location)

    @property
    def iri(self) -> str:
        """The resource's IRI, ``.../data/learning-resource/<id>``."""
        return resource_iri(self.id)


def valid_id(text: str) -> bool:
    """Whether ``text`` is a usable resource or catalogue id."""
    return bool(_ID.match(text))


def resource_iri(resource_id: str) -> str:
    """Return the IRI of a learning resource."""
    return data_iri("learning-resource", resource_id)


def provider_iri(name: str) -> str:
    """Return the IRI of a provider organisation, from a slug of its name."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "provider"
    return data_iri("provider", slug[:80])


def reference_iri(text: str) -> str | None:
    """Resolve ``framework:code`` or a full http(s) IRI; None when it is neither."""
    text = text.strip()
    if text.startswith(("http://", "https://")):
        return text
    fid, sep, code = text.partition(":")
    if not sep or not fid or not code:
        return None
    return item_iri(fid.strip(), code.strip())


def level_iri(text: str) -> str | None:
    """Resolve a level: ``scale:code``, a full IRI, or a bare CEFR code (``B2``)."""
    text = text.strip()
    if not text:
        return None
    if text.startswith(("http://", "https://")):
        return text
    scale, sep, code = text.partition(":")
    if not sep:
        return item_iri("cefr", text.upper())
    return item_iri(scale.strip(), code.strip())


def hours_of(duration: str) -> Decimal | None:
    """Hours of an ISO 8601 duration (days, hours, minutes only); None when unreadable."""
    match = _DURATION.match(duration.strip())
    if not match or duration.strip() in {"P", "PT"}:
        return None
    days, hours, minutes = (Decimal(g) if g else Decimal(0) for g in match.groups())
    return days * 24 + hours + minutes / 60


def duration_of(hours: Decimal) -> str:
    """ISO 8601 duration of a number of hours (``PT15H``, ``PT1.5H``)."""
    text = format(hours.normalize(), "f")
    return f"PT{text}H"


# --- CSV -------------------------------------------------------------------------------------

def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _bool(text: str, where: Location, problems: list[Problem]) -> bool | None:
    value = text.strip().casefold()
    if value in _YES:
        return True
    if value in _NO:
        return False if value else None
    problems.append(Problem(f"expected yes or no, got {text!r}", where))
    return None


def read_csv(data: bytes, source: str) -> list[Resource]:
    """Read a resource CSV (UTF-8, header row first; a notes row starting with ``#`` is
    skipped). Unknown columns are an error, so that a typo does not drop data silently.

    :raises InputError: every problem, located by row and column; nothing is returned.
    """
    if len(data) > MAX_BYTES:
        raise InputError(Problem(f"larger than {MAX_BYTES // (1024 * 1024)} MiB",
                                 Location(file=source)))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Problem(f"not UTF-8 text: {exc}", Location(file=source))) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(Problem("the file is empty", Location(file=source))) from None
    except csv.Error as exc:
        raise InputError(Problem(f"unreadable CSV: {exc}", Location(file=source, row=1))) from None
    header = [h.strip() for h in header]
    problems: list[Problem] = []
    for name in header:
        if name not in COLUMNS:
            problems.append(Problem(f"unknown column {name!r} (known: {', '.join(COLUMNS)})",
                                    Location(file=source, row=1, column=name)))
    for name in REQUIRED:
        if name not in header:
            problems.append(Problem("required column is missing",
                                    Location(file=source, row=1, column=name)))
    if problems:
        raise InputError(problems)
    resources: list[Resource] = []
    seen: dict[str, int] = {}
    row_number = 1
    try:
        for cells in reader:
            row_number = reader.line_num
            if not any(c.strip() for c in cells) or cells[0].startswith("#"):
                continue
            if len(resources) >= MAX_RESOURCES:
                problems.append(Problem(f"more than {MAX_RESOURCES} resources",
                                        Location(file=source, row=row_number)))
                break
            if len(cells) > len(header):
                problems.append(Problem(f"{len(cells)} cells but {len(header)} columns",
                                        Location(file=source, row=row_number)))
                continue
            row = dict(zip(header, [c.strip() for c in cells], strict=False))
            resource = _resource_from_row(row, source, row_number, problems)
            if resource is None:
                continue
            if resource.id in seen:
                problems.append(Problem(f"duplicate id {resource.id!r} (first in row "
                                        f"{seen[resource.id]})",
                                        Location(file=source, row=row_number, column="id")))
                continue
            seen[resource.id] = row_number
            resources.append(resource)
    except csv.Error as exc:
        problems.append(Problem(f"unreadable CSV: {exc}", Location(file=source, row=row_number)))
    _check_prerequisites(resources, problems)
    if problems:
        raise InputError(problems)
    if not resources:
        raise InputError(Problem("no resources in the file", Location(file=source)))
    return resources


def _resource_from_row(row: dict[str, str], source: str, number: int,
                       problems: list[Problem]) -> Resource | None:
    def at(column: str) -> Location:
        return Location(file=source, row=number, column=column)

    before = len(problems)
    for name in REQUIRED:
        if not row.get(name):
            problems.append(Problem("required value is empty", at(name)))
    rid = row.get("id", "")
    if rid and not _ID.match(rid):
        problems.append(Problem(f"not a valid id: {rid!r} (letters, digits, - _ .; ≤ 100)",
                                at("id")))
    url = row.get("url", "")
    if url and not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", url):
        problems.append(Problem(f"not an http(s) URL: {url!r}", at("url")))
    lang = row.get("language", "")
    if lang and not _LANG.match(lang):
        problems.append(Problem(f"not a language code: {lang!r} (en, ru, kk …)", at("language")))
    teaches = _references(row.get("teaches", ""), at("teaches"), problems)
    assesses = _references(row.get("assesses", ""), at("assesses"), problems)
    if not teaches and not assesses and not problems[before:]:
        problems.append(Problem("a resource must teach or assess at least one item",
                                at("teaches")))
    level = row.get("level") or None
    hours: Decimal | None = None
    if row.get("hours"):
        try:
            hours = Decimal(row["hours"].replace(",", "."))
            if not hours.is_finite() or hours <= 0 or hours > 10_000:
                raise InvalidOperation
        except InvalidOperation:
            problems.append(Problem(f"not a number of hours (0 < h ≤ 10000): {row['hours']!r}",
                                    at("hours")))
            hours = None
    estimated = _bool(row.get("level_estimated", ""), at("level_estimated"), problems)
    free = _bool(row.get("free", ""), at("free"), problems)
    prerequisites = _split(row.get("prerequisites", ""))
    if len(problems) > before:
        return None
    names = {"en": row["name"]}
    for lang_code in ("ru", "kk"):
        if row.get(f"name@{lang_code}"):
            names[lang_code] = row[f"name@{lang_code}"]
    return Resource(
        id=rid, names=names, url=url, language=lang, description=row.get("description", ""),
        provider=row.get("provider", ""), platform=row.get("platform", ""),
        type=row.get("type", ""), level=level, level_estimated=bool(estimated),
        teaches=teaches, assesses=assesses, field=row.get("field", "").casefold(),
        hours=hours, free=free, access=row.get("access", ""), license=row.get("license", ""),
        prerequisites=prerequisites, location=Location(file=source, row=number))


def _references(text: str, where: Location, problems: list[Problem]) -> list[str]:
    out = []
    for part in _split(text):
        iri = reference_iri(part)
        if iri is None:
            problems.append(Problem(f"not an item reference: {part!r} (framework:code or an "
                                    "IRI)", where))
        else:
            out.append(iri)
    return out


def _check_prerequisites(resources: list[Resource], problems: list[Problem]) -> None:
    ids = {r.id for r in resources}
    for r in resources:
        for pre in r.prerequisites:
            if pre not in ids:
                where = Location(r.location.file, row=r.location.row, column="prerequisites",
                                 json_path=r.location.json_path)
                problems.append(Problem(f"unknown prerequisite resource {pre!r} (not in this "
                                        "file)", where))
            elif pre == r.id:
                problems.append(Problem("a resource cannot be its own prerequisite",
                                        Location(r.location.file, row=r.location.row,
                                                 column="prerequisites")))


def write_csv(resources: list[Resource]) -> bytes:
    """Resources as CSV in :data:`COLUMNS` order (readable back by :func:`read_csv`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in resources:
        writer.writerow([
            r.id, r.names.get("en", ""), r.names.get("ru", ""), r.names.get("kk", ""),
            r.description, r.url, r.provider, r.platform, r.language, r.type, r.level or "",
            "yes" if r.level_estimated else ("no" if r.level else ""),
            "; ".join(_short(i) for i in r.teaches), "; ".join(_short(i) for i in r.assesses),
            r.field, "" if r.hours is None else format(r.hours.normalize(), "f"),
            "" if r.free is None else ("yes" if r.free else "no"), r.access, r.license,
            "; ".join(r.prerequisites)])
    return buffer.getvalue().encode("utf-8")


def template_csv() -> bytes:
    """The empty CSV template: the header and three notes rows (en, ru, kk) starting ``#``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for index, lang in enumerate(("en", "ru", "kk")):
        notes = [NOTES[c][index] for c in COLUMNS]
        notes[0] = f"# {lang}: {notes[0]}"
        writer.writerow(notes)
    return buffer.getvalue().encode("utf-8")


def _short(iri: str) -> str:
    """``framework:code`` for a bundled item IRI, else the IRI."""
    if iri.startswith(FRAMEWORK) and iri.count("/") - FRAMEWORK.count("/") == 1:
        fid, code = iri[len(FRAMEWORK):].split("/", 1)
        return f"{unquote(fid)}:{unquote(code)}"
    return iri


# --- RDF -------------------------------------------------------------------------------------

def to_graph(resources: list[Resource]) -> Graph:
    """The RDF of resources (module docstring); levels and references as IRIs."""
    graph = Graph()
    for r in resources:
        node = URIRef(r.iri)
        graph.add((node, RDF.type, URIRef(LEARNING_RESOURCE)))
        graph.add((node, RDF.type, SDO.LearningResource))
        graph.add((node, DCT.identifier, Literal(r.id)))
        for lang, name in r.names.items():
            graph.add((node, SDO.name, Literal(name, lang=lang)))
        if r.description:
            graph.add((node, SDO.description, Literal(r.description, lang="en")))
        graph.add((node, SDO.url, URIRef(r.url)))
        if r.provider:
            org = URIRef(provider_iri(r.provider))
            graph.add((node, SDO.provider, org))
            graph.add((org, RDF.type, SDO.Organization))
            graph.add((org, SDO.name, Literal(r.provider)))
        if r.platform:
            graph.add((node, CGN.platform, Literal(r.platform)))
        graph.add((node, SDO.inLanguage, Literal(r.language)))
        if r.type:
            graph.add((node, SDO.learningResourceType, Literal(r.type)))
        level = level_iri(r.level) if r.level else None
        if level:
            graph.add((node, SDO.educationalLevel, URIRef(level)))
            graph.add((node, CGN.levelEstimated, Literal(r.level_estimated)))
        for item in r.teaches:
            graph.add((node, SDO.teaches, URIRef(item)))
        for item in r.assesses:
            graph.add((node, SDO.assesses, URIRef(item)))
        if r.field:
            graph.add((node, CGN.field, Literal(r.field)))
        if r.hours is not None:
            graph.add((node, SDO.timeRequired, Literal(duration_of(r.hours),
                                                       datatype=XSD.duration)))
        if r.free is not None:
            graph.add((node, SDO.isAccessibleForFree, Literal(r.free)))
        if r.access:
            graph.add((node, CGN.accessConditions, Literal(r.access, lang="en")))
        if r.license:
            graph.add((node, SDO.license, URIRef(r.license) if r.license.startswith("http")
                       else Literal(r.license)))
        for pre in r.prerequisites:
            graph.add((node, CGN.resourcePrerequisite, URIRef(resource_iri(pre))))
    return graph


def to_turtle(resources: list[Resource], header: str = "") -> bytes:
    """Turtle of resources with the project's prefixes (the bundled catalogue's format)."""
    graph = to_graph(resources)
    for prefix, ns in (("cg", CG), ("schema", SCHEMA), ("dcterms", DCTERMS),
                       ("xsd", str(XSD)), ("lr", data_iri("learning-resource") + "/"),
                       ("fw", FRAMEWORK)):
        graph.bind(prefix, Namespace(ns), replace=True)
    body = graph.serialize(format="turtle", encoding="utf-8")
    return header.encode("utf-8") + body


# --- JSON-LD ---------------------------------------------------------------------------------

def read_jsonld(data: bytes, source: str) -> list[Resource]:
    """Read schema.org ``LearningResource`` nodes from JSON-LD (the schema.org context is the
    bundled copy). Each node needs ``@id`` or ``identifier``, ``name``, ``url``,
    ``inLanguage`` and at least one ``teaches``/``assesses`` IRI.

    :raises InputError: located problems (JSON line/column, context path, or node id).
    """
    if len(data) > MAX_BYTES:
        raise InputError(Problem(f"larger than {MAX_BYTES // (1024 * 1024)} MiB",
                                 Location(file=source)))
    graph = jsonld.parse_jsonld(data, source)
    _normalise_schema(graph)
    problems: list[Problem] = []
    resources: list[Resource] = []
    nodes = sorted(set(graph.subjects(RDF.type, SDO.LearningResource))
                   | set(graph.subjects(RDF.type, URIRef(LEARNING_RESOURCE))), key=str)
    if not nodes:
        raise InputError(Problem("no LearningResource node in the document",
                                 Location(file=source)))
    if len(nodes) > MAX_RESOURCES:
        raise InputError(Problem(f"more than {MAX_RESOURCES} resources", Location(file=source)))
    for node in nodes:
        resource = _resource_from_node(graph, node, source, problems)
        if resource is not None:
            resources.append(resource)
    ids = [r.id for r in resources]
    for rid in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem(f"duplicate identifier {rid!r}", Location(file=source)))
    _check_prerequisites(resources, problems)
    if problems:
        raise InputError(problems)
    return resources


def _normalise_schema(graph: Graph) -> None:
    """Rewrite terms of the ``http:`` schema.org namespace to the project's ``SCHEMA``."""
    old = SCHEMA_HTTP
    for s, p, o in list(graph):
        new = [URIRef(SCHEMA + t[len(old):]) if isinstance(t, URIRef) and str(t).startswith(old)
               else t for t in (s, p, o)]
        if new != [s, p, o]:
            graph.remove((s, p, o))
            graph.add((new[0], new[1], new[2]))


def _text(graph: Graph, node: Any, prop: URIRef) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in graph.objects(node, prop):
        if isinstance(value, Literal):
            out.setdefault(value.language or "", str(value))
    return out


def _resource_from_node(graph: Graph, node: Any, source: str,
                        problems: list[Problem]) -> Resource | None:
    where = Location(file=source, json_path=f"@id={node}")
    before = len(problems)
    ident = _text(graph, node, DCT.identifier) or _text(graph, node, SDO.identifier)
    rid = next(iter(ident.values()), "")
    if not rid and isinstance(node, URIRef):
        rid = str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    if not rid or not _ID.match(rid):
        problems.append(Problem(f"no usable identifier (got {rid!r}); give \"identifier\"",
                                where))
    names = _text(graph, node, SDO.name)
    if not names:
        problems.append(Problem("\"name\" is required", where))
    urls = [str(u) for u in graph.objects(node, SDO.url)]
    if not urls or not re.match(r"^https?://\S+$", urls[0]):
        problems.append(Problem("\"url\" (an http(s) address) is required", where))
    langs = _text(graph, node, SDO.inLanguage)
    lang = next(iter(langs.values()), "")
    if not _LANG.match(lang):
        problems.append(Problem(f"\"inLanguage\" must be a language code, got {lang!r}", where))
    teaches = sorted(str(o) for o in graph.objects(node, SDO.teaches) if isinstance(o, URIRef))
    assesses = sorted(str(o) for o in graph.objects(node, SDO.assesses) if isinstance(o, URIRef))
    if not teaches and not assesses:
        problems.append(Problem("\"teaches\" or \"assesses\" must name at least one item IRI",
                                where))
    hours = None
    for value in graph.objects(node, SDO.timeRequired):
        hours = hours_of(str(value))
        if hours is None or hours <= 0:
            problems.append(Problem(f"\"timeRequired\" is not an ISO 8601 duration in days, "
                                    f"hours or minutes: {str(value)!r}", where))
    if len(problems) > before:
        return None
    level = next((str(o) for o in graph.objects(node, SDO.educationalLevel)), None)
    estimated = any(str(o).lower() == "true" for o in graph.objects(node, CGN.levelEstimated))
    free_values = [str(o).lower() for o in graph.objects(node, SDO.isAccessibleForFree)]
    provider = ""
    for org in graph.objects(node, SDO.provider):
        provider = (next(iter(_text(graph, org, SDO.name).values()), "")
                    if not isinstance(org, Literal) else str(org))
    license_ = next((str(o) for o in graph.objects(node, SDO.license)), "")
    prerequisites = []
    for pre in graph.objects(node, CGN.resourcePrerequisite):
        pre_ids = _text(graph, pre, DCT.identifier) or _text(graph, pre, SDO.identifier)
        prerequisites.append(next(iter(pre_ids.values()), "")
                             or str(pre).rstrip("/").rsplit("/", 1)[-1])
    return Resource(
        id=rid, names={(k or "en"): v for k, v in names.items()}, url=urls[0], language=lang,
        description=_pick(_text(graph, node, SDO.description)), provider=provider,
        platform=_pick(_text(graph, node, CGN.platform)),
        type=_pick(_text(graph, node, SDO.learningResourceType)), level=level,
        level_estimated=estimated, teaches=teaches, assesses=assesses,
        field=_pick(_text(graph, node, CGN.field)).casefold(), hours=hours,
        free=(free_values[0] in {"true", "1"}) if free_values else None,
        access=_pick(_text(graph, node, CGN.accessConditions)), license=license_,
        prerequisites=sorted(prerequisites), location=where)


def _pick(texts: dict[str, str]) -> str:
    return texts.get("en") or texts.get("") or next(iter(texts.values()), "")


def write_jsonld(resources: list[Resource]) -> bytes:
    """Resources as a JSON-LD document with the schema.org context (readable back)."""
    nodes = []
    for r in resources:
        node: dict[str, Any] = {
            "@id": r.iri, "@type": ["LearningResource", "cg:LearningResource"],
            "identifier": r.id,
            "name": [{"@value": v, "@language": k} for k, v in r.names.items()],
            "url": r.url, "inLanguage": r.language,
            "teaches": [{"@id": i} for i in r.teaches],
            "assesses": [{"@id": i} for i in r.assesses],
        }
        if r.description:
            node["description"] = r.description
        if r.provider:
            node["provider"] = {"@type": "Organization", "name": r.provider}
        if r.platform:
            node["cg:platform"] = r.platform
        if r.type:
            node["learningResourceType"] = r.type
        if r.level:
            node["educationalLevel"] = {"@id": level_iri(r.level)}
            node["cg:levelEstimated"] = r.level_estimated
        if r.field:
            node["cg:field"] = r.field
        if r.hours is not None:
            node["timeRequired"] = duration_of(r.hours)
        if r.free is not None:
            node["isAccessibleForFree"] = r.free
        if r.access:
            node["cg:accessConditions"] = {"@value": r.access, "@language": "en"}
        if r.license:
            node["license"] = r.license
        if r.prerequisites:
            node["cg:resourcePrerequisite"] = [{"@id": resource_iri(p)} for p in r.prerequisites]
        nodes.append(node)
    document = {"@context": [SCHEMA_CONTEXTS[0], {"cg": CG}], "@graph": nodes}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


__all__ = ["COLUMNS", "MAX_BYTES", "Resource", "duration_of", "hours_of", "level_iri",
           "read_csv", "read_jsonld", "reference_iri", "resource_iri", "template_csv",
           "to_graph", "to_turtle", "valid_id", "write_csv", "write_jsonld"]
