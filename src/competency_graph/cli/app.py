"""The Typer application, the shared ``--store`` option and error handling.

Exit codes: 0 success / conforms, 1 the check found violations or gaps,
2 bad input or usage (the message names the file, sheet, row and column).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from rich.console import Console

from competency_graph.config import Settings, default_store_path
from competency_graph.errors import CompetencyGraphError, InputError, NotFoundError
from competency_graph.store import GraphStore

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2

app = typer.Typer(
    name="competency-graph",
    help=(
        "competency-graph: competency frameworks, curricula, validation and gap analysis in one "
        "knowledge graph.\n\n"
        "The store is chosen by --store PATH or COMPETENCY_GRAPH_STORE (a folder, ':memory:', or "
        f"an http(s) SPARQL endpoint URL); default: {default_store_path()}. A new store receives "
        "the bundled ontology, standards and crosswalks on first use.\n\n"
        "Exit codes: 0 success, 1 the check found violations or gaps, 2 bad input or usage."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class State:
    """Options given before the subcommand."""

    store: str | None = None


state = State()


def settings(**overrides: object) -> Settings:
    """Return the settings for this invocation (``--store`` wins over the environment)."""
    return Settings.from_env(store=state.store, **overrides)


@contextmanager
def opened_store(**overrides: object) -> Iterator[GraphStore]:
    """Open the store for a command and close it afterwards."""
    from competency_graph.services import open_store

    store = open_store(settings(**overrides))
    try:
        yield store
    finally:
        store.close()


@contextmanager
def opened_programme(programme: str) -> Iterator[tuple[GraphStore, str]]:
    """Open the store for a command that takes a ``PROGRAMME`` argument and yield (store, ref)
    to hand to the services, which only ever resolve stored ids.

    This is the one place where a ``PROGRAMME`` argument may be a path: when it names an
    existing file or folder and no stored programme has that id, the workbook is read into a
    scratch in-memory store (with the bundled data and the stored staff rosters; never written
    to the user's store) and the services get the scratch store and ``ID@VERSION``.
    """
    from pathlib import Path

    from competency_graph.services import curriculum

    with opened_store() as store:
        path = Path(programme)
        if not path.exists() or curriculum.programme_versions(store, programme):
            yield store, programme
            return
        ref = curriculum.open_workbook(store, path)
        try:
            yield ref.store, f"{ref.id}@{ref.version}"
        finally:
            ref.close()


def handle_errors(func: F) -> F:
    """Turn package errors into a message on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            for problem in exc.problems:
                err.print(f"error: {problem}", markup=False)
            raise typer.Exit(EXIT_INPUT) from None
        except (NotFoundError, CompetencyGraphError) as exc:
            err.print(f"error: {exc}", markup=False)
            raise typer.Exit(EXIT_INPUT) from None

    return wrapper  # type: ignore[return-value]


def is_terminal() -> bool:
    """Whether stderr is a terminal (progress bars only then)."""
    return sys.stderr.isatty()


@app.callback()
def main_options(
    store: str = typer.Option(
        None, "--store", metavar="PATH",
        help="Store folder, ':memory:', or SPARQL endpoint URL (env COMPETENCY_GRAPH_STORE).",
    ),
    version: bool = typer.Option(False, "--version", help="Print the version and exit.",
                                 is_eager=True),
) -> None:
    """Global options."""
    if version:
        from competency_graph import __version__

        out.print(__version__)
        raise typer.Exit(EXIT_OK)
    state.store = store
