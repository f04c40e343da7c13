"""Exceptions of the package. The API maps them to HTTP problems, the CLI to exit codes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    """Where a problem sits in the user's input; every field is optional.

    ``row`` and ``line`` are 1-based as a spreadsheet or editor shows them.
    """

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    line: int | None = None
    col: int | None = None
    json_path: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        if self.line is not None:
            parts.append(f"line {self.line}" + (f", column {self.col}" if self.col else ""))
        if self.json_path:
            parts.append(self.json_path)
        return ", ".join(parts)

    def as_dict(self) -> dict[str, str | int]:
        """Return the set fields only, for JSON output."""
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Problem:
    """One located problem found in an input."""

    message: str
    location: Location = field(default_factory=Location)

    def __str__(self) -> str:
        where = str(self.location)
        return f"{where}: {self.message}" if where else self.message


class CompetencyGraphError(Exception):
    """Base class of every error the package raises on purpose."""


class InputError(CompetencyGraphError):
    """The user's input is invalid; carries every problem found, not only the first.

    Nothing was written to the store when this is raised.
    """

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:
        # keep the located problems when the error crosses a process boundary
        return (self.__class__, (self.problems,))


class NotFoundError(CompetencyGraphError):
    """A named thing (programme, framework, item, institution) does not exist."""


class QuerySyntaxError(InputError):
    """A SPARQL query given by a user does not parse."""


class QueryRefusedError(CompetencyGraphError):
    """A query was refused: an update sent to the read-only endpoint, or too many at once."""


class QueryBusyError(QueryRefusedError):
    """Every user-query slot is taken; the client should retry shortly."""


class QueryTooLargeError(InputError):
    """A user query, or its answer, is over a configured limit (length, rows or bytes)."""


class GraphOwnershipError(InputError):
    """A write names a graph its import kind does not own (a bundled, system or reserved
    graph); nothing was written."""


class QueryTimeoutError(CompetencyGraphError):
    """A query ran past the configured time limit."""


class StoreError(CompetencyGraphError):
    """The store could not be opened or did not answer."""
