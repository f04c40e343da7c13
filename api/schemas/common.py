"""Models shared by every area: the RFC 9457 problem, the page envelope and its links."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
)

T = TypeVar("T")


class ProblemLocation(BaseModel):
    """One located problem: the message and where it sits (every field optional; absent
    fields are left out of the JSON)."""

    model_config = ConfigDict(extra="allow")

    @model_serializer(mode="wrap")
    def _drop_absent(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return {k: v for k, v in handler(self).items() if v is not None}

    message: str | None = None
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    line: int | None = None
    col: int | None = None
    json_path: str | None = None


class Problem(BaseModel):
    """An RFC 9457 problem details object (``application/problem+json``)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "type": "about:blank", "title": "Not found", "status": 404,
        "detail": "no programme docs in the store", "instance": "/programmes/docs/validation"}]})

    type: str = Field("about:blank", description="A URI naming the problem type.")
    title: str = Field(description="Short summary of the status.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong, for a person.")
    instance: str | None = Field(None, description="The request path.")
    errors: list[ProblemLocation] | None = Field(
        None, description="Every located problem of an invalid input (422).")
    error_id: str | None = Field(
        None, description="500 only: the id under which the server logged the error.")


class PageLinks(BaseModel):
    """Links of a page: ``self``, and ``next`` / ``prev`` when there is such a page."""

    self: str
    next: str | None = None
    prev: str | None = None


class Page(BaseModel, Generic[T]):
    """One page of a list: ``data`` holds at most ``limit`` items starting at ``offset`` of
    ``total``. A list may add keys naming its context (``framework`` of an item list,
    ``query`` and ``lang`` of a search)."""

    model_config = ConfigDict(extra="allow")

    data: list[T]
    total: int = Field(description="Number of items in the whole list.")
    count: int = Field(description="Number of items on this page.")
    limit: int
    offset: int
    links: PageLinks


class Record(BaseModel):
    """An object whose listed fields are guaranteed; further fields may be present."""

    model_config = ConfigDict(extra="allow")
