"""Importers and exporters: workbooks, CASE, ESCO, CTDL-ASN, SKOS, staff rosters, indicators.

Each module turns an outside format into N-Triples following ``docs/data-model.md`` (or back),
reporting every problem with its location; none of them writes to the store (services do).
"""
