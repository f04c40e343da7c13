"""Paging of every list: ``?limit=`` (1 to :data:`MAX_LIMIT`, default :data:`DEFAULT_LIMIT`)
and ``?offset=`` (0-based), answered as :class:`api.schemas.common.Page` with ``total`` and
``links`` (``self``, ``next``, ``prev``; the links keep every other query parameter)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import Depends, Query, Request

#: Largest page a client may ask for.
MAX_LIMIT = 500
#: Page size when ``limit`` is not given.
DEFAULT_LIMIT = 100
#: Largest offset (far beyond any list the store holds; keeps the number small).
MAX_OFFSET = 10_000_000

T = TypeVar("T")


@dataclass(frozen=True)
class Paging:
    """The requested page."""

    limit: int
    offset: int

    def slice(self, items: Sequence[T]) -> list[T]:
        """The items of this page."""
        return list(items[self.offset:self.offset + self.limit])


def get_paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=(
        f"Page size, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT})."))] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description=(
        "Index of the first item (0-based)."))] = 0,
) -> Paging:
    """Dependency: the ``limit`` and ``offset`` query parameters."""
    return Paging(limit, offset)


PagingDep = Annotated[Paging, Depends(get_paging)]


def _link(request: Request, limit: int, offset: int) -> str:
    """The path of the same list at another page (relative to the server root)."""
    params = [(k, v) for k, v in request.query_params.multi_items()
              if k not in ("limit", "offset")]
    params += [("limit", str(limit)), ("offset", str(offset))]
    return f"{request.url.path}?{urlencode(params)}"


def page(request: Request, items: Sequence[Any], paging: Paging, **extra: Any) -> dict[str, Any]:
    """The page envelope over the whole list ``items``; ``extra`` keys are added (e.g. the
    framework id of an item list)."""
    total = len(items)
    data = paging.slice(items)
    links: dict[str, str | None] = {"self": _link(request, paging.limit, paging.offset),
                                    "next": None, "prev": None}
    if paging.offset + paging.limit < total:
        links["next"] = _link(request, paging.limit, paging.offset + paging.limit)
    if paging.offset > 0:
        links["prev"] = _link(request, paging.limit, max(0, paging.offset - paging.limit))
    return {**extra, "data": data, "total": total, "count": len(data), "limit": paging.limit,
            "offset": paging.offset, "links": links}
