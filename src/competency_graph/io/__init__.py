"""Importers and exporters: workbooks, CASE, ESCO, CTDL-ASN, SKOS, staff rosters, indicators.

Each module turns an outside format into N-Triples following ``docs/data-model.md`` (or back),
reporting every problem with its location; none of them writes to the store (services do).

The shared pieces every parser goes through (one of each, docs/limits.md):

* ``tables`` — the one spreadsheet/CSV reader (archive, xlsx and CSV guards, row/cell caps);
* ``safe`` — the safe first passes over XML (no DTD, no entities) and JSON (size, depth, strings);
* ``jsonld`` — JSON-LD with a loader that refuses everything but the bundled contexts;
* ``ntriples`` — the one N-Triples writer;
* ``competency_graph.ids`` — the one id rule, language-tag check and natural sort key.

Every parser maps its failures to located ``InputError``s; tests/fuzz proves that nothing else
escapes.
"""
