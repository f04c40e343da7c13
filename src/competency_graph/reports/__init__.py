"""Rendering reports as HTML pages (shared by the CLI's ``--format html`` and the web pages).

Templates live in ``reports/templates/``; every page extends ``base.html`` (printable A4 layout,
no external assets, no JavaScript needed). Charts are inline SVG built in Python so that pages
print and render the same in a headless browser.
"""

from __future__ import annotations

from competency_graph.reports.html import render

__all__ = ["render"]
