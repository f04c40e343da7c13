"""The ``competency-graph`` command line (README "The command line"; ``--help``).

One Typer application (:mod:`.app`) with its commands in one module per area; this package is the
CLI component of the architecture and calls only :mod:`competency_graph.services`.
"""

from __future__ import annotations

from competency_graph.cli import (
    benchmark,  # noqa: F401  (benchmark, institutions, study, import --kind indicators)
    case,  # noqa: F401  (import --kind case)
    core,  # noqa: F401  (registers the commands)
    curriculum,  # noqa: F401  (import --kind curriculum, template, programmes)
    elearning,  # noqa: F401  (resources recommend|path|coverage, import --kind resources|moodle)
    frameworks,  # noqa: F401  (frameworks list/show/search)
    gaps,  # noqa: F401  (gaps, matrix, progression, impact)
    interop,  # noqa: F401  (export, import --kind esco|ctdl-asn|skos)
    staff,  # noqa: F401  (staff commands, import --kind staff)
    suggestions,  # noqa: F401  (suggest, occupation-gap, recognise)
    users,  # noqa: F401  (users add|list|remove|set-role|key)
    validation,  # noqa: F401  (validate)
)
from competency_graph.cli.app import app


def main() -> None:
    """Entry point of the ``competency-graph`` script."""
    app()


__all__ = ["app", "main"]
