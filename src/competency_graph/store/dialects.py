"""What differs between the SPARQL engines behind the remote store.

:class:`~competency_graph.store.remote.SparqlEndpointStore` speaks plain SPARQL 1.1 Protocol; a
*dialect* only says how to list the named graphs that hold the project's data and how to write
them. Everything else (explicit ``default-graph-uri`` /
``named-graph-uri`` datasets, ``VALUES`` parameters, ``DROP SILENT GRAPH`` + ``INSERT DATA`` in
one request) is the same on every engine. Oxigraph's ``union-default-graph`` flag is a separate,
Oxigraph-only switch (``union_param``) and is never needed.

* ``generic`` — Oxigraph server, Fuseki, GraphDB …: ``GRAPH ?g { }`` lists every named graph,
  including empty ones.
* ``virtuoso`` — OpenLink Virtuoso 7: ``GRAPH ?g { }`` answers one empty solution, so the graphs
  are listed by their triples (an empty graph does not exist in Virtuoso anyway), and
  Virtuoso's own system graphs (its RDF views, the LDP and URIQA descriptions) are left out:
  they are not the project's data and must never be dropped. Its SPARQL Update cannot carry
  the data: ``INSERT DATA`` refuses blank nodes ("SP031 … is not allowed in a constant
  clause"), stops near 1,000 triples per operation ("generated SQL text has exceeded 10000
  lines") and compiles a request of many operations for minutes. So graphs are written with
  the Graph Store Protocol (``PUT`` N-Triples to ``/sparql-graph-crud``, ``DELETE`` to drop),
  which replaces each graph in its own transaction, 40,000 triples in about 3 s. Its content
  negotiation ignores ``q`` values (a SELECT asked with ``application/n-triples, …;q=0.9`` comes
  back as RDF) and its CSV/TSV differ from SPARQL 1.1's (quoted header, no ``?``), so user
  queries ask for results JSON or N-Triples by query form and the store serialises the asked
  format itself; exported N-Triples (tab-separated, escaped non-ASCII letters on Virtuoso) are
  re-serialised the same way, so callers always see one triple per line with single spaces.

See ``docs/deployment.md`` for the Virtuoso quirks the portable path avoids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from competency_graph.namespaces import VIRTUOSO_SYSTEM_GRAPHS


@dataclass(frozen=True)
class Dialect:
    """How one engine lists and writes the named graphs of the data."""

    name: str
    #: the name of the ``.rq`` file whose ``?g`` rows are the named graphs
    graph_query: str
    #: graphs the engine keeps for itself (never listed, never dropped)
    system_graphs: frozenset[str] = frozenset()
    #: where data is written when not through SPARQL Update: the Graph Store Protocol endpoint
    #: as a path on the query endpoint's server (``None``: writes are SPARQL Update requests)
    graph_store_path: str | None = None
    #: the name of the Graph Store Protocol's graph parameter on that endpoint
    graph_store_param: str = "graph"
    #: whether user queries ask for one canonical format by query form (results JSON, or
    #: N-Triples) and the store serialises the asked format itself: for engines whose content
    #: negotiation ignores ``q`` values or whose CSV/TSV differ from SPARQL 1.1's (graph exports
    #: are re-serialised too)
    canonical_results: bool = False


_FORM = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
    re.IGNORECASE)


def query_form(text: str) -> str | None:
    """Return ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` for a query text (after its
    prologue and comments), or None when it starts with none of them."""
    match = _FORM.match(re.sub(r"#[^\n]*", "", text))
    return match.group(1).upper() if match else None


GENERIC = Dialect("generic", "list_named_graphs")
VIRTUOSO = Dialect(
    "virtuoso", "list_named_graphs_with_triples",
    VIRTUOSO_SYSTEM_GRAPHS,
    graph_store_path="/sparql-graph-crud",
    graph_store_param="graph-uri",
    canonical_results=True,
)

DIALECTS: dict[str, Dialect] = {d.name: d for d in (GENERIC, VIRTUOSO)}


def get_dialect(name: str | None) -> Dialect:
    """Return the dialect called ``name`` (``None`` → generic).

    :raises ValueError: for an unknown name.
    """
    if name is None or name == "":
        return GENERIC
    try:
        return DIALECTS[name.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown SPARQL endpoint dialect {name!r}; known: "
                         + ", ".join(sorted(DIALECTS))) from None
