"""JSON-LD without the network: remote ``@context`` references are replaced by local copies.

This is the document loader of the package: it refuses everything except the bundled contexts.
``@context`` strings and ``@import`` references, at any depth (inside context objects too), are
resolved from :data:`LOCAL_CONTEXTS` only, so rdflib's JSON-LD parser never sees a URL it would
fetch (tests/io prove it with a listening socket that must receive no connection).

JSON-LD processors fetch a context given by URL. This product never does (no network at run
time, DESIGN §9): every ``@context`` in the document, at any depth, that names a URL is looked up
in :data:`LOCAL_CONTEXTS` (the CTDL-ASN context ships in ``competency_graph/data/contexts/``) and
inlined; a URL with no local copy is a located error (the JSON path of the ``@context``), so the
parser never sees a remote reference. Inline contexts (objects) are kept as they are.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from competency_graph.errors import InputError, Location, Problem
from competency_graph.io.safe import load_json as safe_load_json
from competency_graph.namespaces import CTDLASN_CONTEXTS, SCHEMA_CONTEXTS, data_iri

CONTEXTS_DIR = Path(__file__).resolve().parent.parent / "data" / "contexts"
#: context URL → local file name in :data:`CONTEXTS_DIR`
LOCAL_CONTEXTS: dict[str, str] = {**dict.fromkeys(CTDLASN_CONTEXTS, "ctdlasn.json"),
                                   **dict.fromkeys(SCHEMA_CONTEXTS, "schemaorg.json")}


@cache
def local_context(url: str) -> dict[str, Any] | None:
    """Return the ``@context`` object of a known context URL, or None."""
    name = LOCAL_CONTEXTS.get(url.strip())
    if name is None:
        return None
    document = json.loads((CONTEXTS_DIR / name).read_text(encoding="utf-8"))
    context: dict[str, Any] = document["@context"]
    return context


def load_json(data: bytes, source: str) -> Any:
    """Parse JSON text after the size, depth and string caps (:func:`io.safe.load_json`), or
    raise a located :class:`InputError` (line and column)."""
    return safe_load_json(data, source)


def _path(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if key.replace("_", "").isalnum() else f"{parent}[{key!r}]"


def inline_contexts(document: Any, source: str) -> Any:
    """Return the document with every remote ``@context`` replaced by its local copy.

    :raises InputError: one located problem per context URL that has no local copy.
    """
    problems: list[Problem] = []

    def resolve(value: Any, where: str) -> Any:
        if isinstance(value, str):
            found = local_context(value)
            if found is None:
                problems.append(Problem(
                    f"the JSON-LD context {value!r} cannot be resolved: it is not supplied "
                    "locally and this program does not fetch contexts from the network "
                    "(known: " + ", ".join(sorted(LOCAL_CONTEXTS)) + ")",
                    Location(file=source, json_path=where)))
                return {}
            return found
        if isinstance(value, list):
            return [resolve(item, _path(where, i)) for i, item in enumerate(value)]
        return walk(value, where)

    def walk(node: Any, where: str) -> Any:
        if isinstance(node, dict):
            out: dict[str, Any] = {}
            for key, value in node.items():
                here = _path(where, key)
                if key == "@import":
                    # JSON-LD 1.1: the imported context is merged under this one
                    imported = resolve(value, here) if isinstance(value, str) else None
                    if imported is None:
                        problems.append(Problem("@import must name a context URL",
                                                Location(file=source, json_path=here)))
                    else:
                        out = {**imported, **out}
                    continue
                out[key] = resolve(value, here) if key == "@context" else walk(value, here)
            return out
        if isinstance(node, list):
            return [walk(item, _path(where, i)) for i, item in enumerate(node)]
        return node

    result = walk(document, "$")
    if problems:
        raise InputError(problems)
    return result


def parse_jsonld(data: bytes, source: str, base: str | None = None) -> Graph:
    """Parse JSON-LD into one rdflib graph with every context supplied locally.

    Triples of named graphs in the document (the Credential Registry wraps a framework in
    ``{"@id": ".../graph/ce-…", "@graph": [...]}``, which JSON-LD reads as a named graph) are
    merged into the one graph returned.
    """
    document = inline_contexts(load_json(data, source), source)
    dataset = Dataset()
    try:
        dataset.parse(data=json.dumps(document), format="json-ld",
                      publicID=base or data_iri("upload") + "/")
    except Exception as exc:  # rdflib raises many types for bad JSON-LD
        raise InputError(Problem(f"invalid JSON-LD: {exc}", Location(file=source))) from None
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


__all__ = ["LOCAL_CONTEXTS", "inline_contexts", "load_json", "local_context", "parse_jsonld"]
