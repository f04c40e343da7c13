"""SPARQL query results for people: a header and rows of display strings (the CLI's table) and
plain CSV (values only)."""

from __future__ import annotations

import csv
import io
import json

from competency_graph.model import QueryOutput


def query_table(output: QueryOutput, *,
                language_tags: bool = True) -> tuple[list[str], list[list[str]]]:
    """Turn SPARQL JSON results into a header and rows of display strings (a language-tagged
    literal shows its tag, ``text@ru``, unless ``language_tags`` is false)."""
    data = json.loads(output.body)
    if "boolean" in data:
        return ["result"], [["true" if data["boolean"] else "false"]]
    names: list[str] = data["head"]["vars"]
    rows = []
    for binding in data["results"]["bindings"]:
        row = []
        for name in names:
            cell = binding.get(name)
            if cell is None:
                row.append("")
            elif language_tags and cell["type"] == "literal" and "xml:lang" in cell:
                row.append(f'{cell["value"]}@{cell["xml:lang"]}')
            else:
                row.append(cell["value"])
        rows.append(row)
    return names, rows


def render_query_csv(output: QueryOutput) -> str:
    """Return SPARQL JSON results as plain CSV: values only, a literal as its lexical form
    without its language tag, as SPARQL 1.1 Query Results CSV prescribes."""
    names, rows = query_table(output, language_tags=False)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    writer.writerows(rows)
    return buffer.getvalue()
