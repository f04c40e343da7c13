"""The HTTP layer: FastAPI routes, schemas, error mapping and web pages.

It calls :mod:`competency_graph.services` only, and never imports an RDF library or holds SPARQL
(checked by import-linter, see ``pyproject.toml``).
"""
