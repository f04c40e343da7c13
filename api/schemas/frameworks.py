"""Frameworks, their items, the search, and framework imports (CASE, CTDL-ASN, SKOS)."""

from __future__ import annotations

from pydantic import Field

from api.schemas.common import Record


class FrameworkSummaryPublic(Record):
    """A framework or level scale in the list."""

    id: str
    iri: str
    kind: str
    title: str | None = None
    version: str | None = None
    status: str | None = None
    items: int


class FrameworkPublic(Record):
    """One framework with its provenance, level scale and item counts."""

    id: str
    iri: str
    kind: str
    title: str | None = None
    titles: dict[str, str] = Field(default_factory=dict)
    version: str | None = None
    publisher: str | None = None
    sources: list[str] = Field(default_factory=list)
    confirmation_status: str | None = None
    items: int


class FrameworkItemSummaryPublic(Record):
    """An item in a framework's item list (natural order)."""

    code: str
    iri: str
    kind: str
    label: str | None = None
    label_lang: str | None = None


class FrameworkItemPublic(FrameworkItemSummaryPublic):
    """One item: labels in every language, definition and crosswalk mappings both ways."""

    framework: str
    labels: dict[str, str] = Field(default_factory=dict)
    definitions: dict[str, str] = Field(default_factory=dict)
    mappings: list[Record] = Field(default_factory=list)


class SearchHitPublic(Record):
    """One search result."""

    framework: str
    code: str
    iri: str
    kind: str
    label: str | None = None
    label_lang: str | None = None
    match: str
    matched_field: str | None = None


class FrameworkImportPublic(Record):
    """What a framework import wrote (CTDL-ASN, SKOS)."""

    framework_id: str
    framework_iri: str
    graph: str
    items: int
    quads: int
    kind: str


class CaseImportPublic(Record):
    """What a CASE package import wrote."""

    framework_id: str
    iri: str
    graph: str
    items: int
    associations: int
    triples: int
