"""The Moodle competency framework CSV (``tool_lpimportcsv``, "Import competency framework").

Format, as Moodle's own exporter writes it (learned from ``admin/tool/lpimportcsv`` in
moodle/moodle; no code copied):

* the header is exactly :data:`HEADER` (14 columns, in this order);
* one row has ``Is framework`` = 1: ``Id number`` and ``Shortname`` of the framework, its HTML
  ``Description`` (``Description format`` 1 = HTML), the scale as ``Scale values`` (the level
  names, comma-separated) and ``Scale configuration`` (JSON: ``[{"scaleid": "…"}, {"id": 1,
  "scaledefault": 1, "proficient": 0}, …]``, ids 1-based into the values), and ``Taxonomy``:
  one term per depth (``competency,competency``; Moodle's terms are behaviour, competency,
  concept, domain, indicator, level, outcome, practice, proficiency, skill, value);
* every other row is a competency: ``Parent id number`` (empty at the top), ``Id number``,
  ``Shortname`` (Moodle cuts id numbers and short names to 100 characters), HTML description,
  ``Rule outcome`` 0 and ``Rule config`` ``null`` when there is no rule, ``Cross referenced
  competency id numbers`` comma-separated with a comma inside an id number written ``%2C``,
  ``Exported id`` (a number), ``Is framework`` empty/0.

The reader is lenient like Moodle: quoted multi-line cells, a UTF-8 BOM, ``;`` or tab as the
delimiter when the header uses it, extra or missing trailing cells. It still reports located
problems (no framework row, two framework rows, a parent or cross reference that is not in the
file, a duplicate id number, a parent cycle) and returns nothing when there is any.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from competency_graph.errors import InputError, Location, Problem

HEADER = ("Parent id number", "Id number", "Shortname", "Description", "Description format",
          "Scale values", "Scale configuration", "Rule type (optional)",
          "Rule outcome (optional)", "Rule config (optional)",
          "Cross referenced competency id numbers", "Exported id (optional)", "Is framework",
          "Taxonomy")
TAXONOMIES = ("behaviour", "competency", "concept", "domain", "indicator", "level", "outcome",
              "practice", "proficiency", "skill", "value")
MAX_BYTES = 16 * 1024 * 1024
MAX_ROWS = 50_000
#: Moodle's length limit of id numbers and short names.
MAX_SHORT = 100


@dataclass
class MoodleCompetency:
    """One competency row."""

    idnumber: str
    shortname: str
    description: str = ""
    parent: str = ""
    related: list[str] = field(default_factory=list)
    exported_id: str = ""
    row: int | None = None


@dataclass
class MoodleFramework:
    """A framework as the CSV holds it."""

    idnumber: str
    shortname: str
    description: str = ""
    scale_values: list[str] = field(default_factory=list)
    scale_configuration: str = ""
    taxonomies: list[str] = field(default_factory=list)
    competencies: list[MoodleCompetency] = field(default_factory=list)


def scale_configuration(values: list[str], default: int, proficient_from: int) -> str:
    """Moodle's scale configuration JSON: ``default`` and ``proficient_from`` are 1-based."""
    config: list[dict[str, Any]] = [{"scaleid": "0"}]
    for i in range(1, len(values) + 1):
        config.append({"id": i, "scaledefault": int(i == default),
                       "proficient": int(i >= proficient_from)})
    return json.dumps(config, separators=(",", ":"))


def html_paragraphs(text: str) -> str:
    """Plain text as HTML (``<p>`` per paragraph, escaped)."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in parts)


def html_to_text(text: str) -> str:
    """Moodle HTML back to plain text (paragraphs and ``<br>`` become line breaks)."""
    text = re.sub(r"(?i)<br\s*/?>", "\n", text)
    text = re.sub(r"(?i)</p>\s*<p[^>]*>", "\n\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text).strip()


def write_csv(framework: MoodleFramework) -> bytes:
    """The CSV Moodle imports (UTF-8, header :data:`HEADER`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerow(["", framework.idnumber[:MAX_SHORT], framework.shortname[:MAX_SHORT],
                     framework.description, 1, ",".join(framework.scale_values),
                     framework.scale_configuration, "", "", "", "", "", 1,
                     ",".join(framework.taxonomies)])
    for number, comp in enumerate(framework.competencies, start=1):
        writer.writerow([comp.parent, comp.idnumber[:MAX_SHORT], comp.shortname[:MAX_SHORT],
                         comp.description, 1, "", "", "", 0, "null",
                         ",".join(r.replace(",", "%2C") for r in comp.related),
                         comp.exported_id or number, 0, ""])
    return buffer.getvalue().encode("utf-8")


def read_csv(data: bytes, source: str) -> MoodleFramework:
    """Read a Moodle competency framework CSV leniently (module docstring).

    :raises InputError: located problems; nothing is returned.
    """
    where = Location(file=source)
    if len(data) > MAX_BYTES:
        raise InputError(Problem(f"larger than {MAX_BYTES // (1024 * 1024)} MiB", where))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Problem(f"not UTF-8 text: {exc}", where)) from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError(Problem("the file is empty", where)) from None
    except csv.Error as exc:
        raise InputError(Problem(f"unreadable CSV: {exc}", Location(file=source, line=1))) \
            from None
    wanted = [h.casefold() for h in HEADER]
    if [h.casefold() for h in header[:len(HEADER)]] != wanted:
        missing = [h for h in HEADER if h.casefold() not in [x.casefold() for x in header]]
        raise InputError(Problem("not a Moodle competency framework CSV: the header must be "
                                 "the 14 columns of tool_lpimportcsv"
                                 + (f" (missing: {', '.join(missing)})" if missing else
                                    " in Moodle's order"), Location(file=source, row=1)))
    problems: list[Problem] = []
    framework: MoodleFramework | None = None
    competencies: list[MoodleCompetency] = []
    seen: dict[str, int] = {}
    end = reader.line_num
    try:
        for cells in reader:
            line, end = end + 1, reader.line_num  # a record's first line (cells span lines)
            if not any(c.strip() for c in cells):
                continue
            if len(competencies) > MAX_ROWS:
                problems.append(Problem(f"more than {MAX_ROWS} rows", Location(file=source,
                                                                                line=line)))
                break
            cells = [*cells, *[""] * (len(HEADER) - len(cells))]
            (parent, idnumber, shortname, description, _fmt, values, config, _rt, _ro, _rc,
             related, exported, is_framework, taxonomy) = (c.strip() for c in cells[:14])
            at = Location(file=source, line=line)
            if is_framework not in ("", "0"):
                if framework is not None:
                    problems.append(Problem("a second row with 'Is framework' = 1", at))
                    continue
                framework = MoodleFramework(
                    idnumber, shortname, description,
                    [v.strip() for v in values.split(",") if v.strip()], config,
                    [t.strip() for t in taxonomy.split(",") if t.strip()])
                if not idnumber:
                    problems.append(Problem("the framework row has no 'Id number'", at))
                if config:
                    _check_config(config, at, problems)
                continue
            if not idnumber or not shortname:
                problems.append(Problem("a competency needs 'Id number' and 'Shortname'", at))
                continue
            if idnumber in seen:
                problems.append(Problem(f"duplicate 'Id number' {idnumber!r} (first on line "
                                        f"{seen[idnumber]})", at))
                continue
            seen[idnumber] = line
            competencies.append(MoodleCompetency(
                idnumber, shortname, description, parent,
                [r.replace("%2C", ",").strip() for r in related.split(",") if r.strip()],
                exported, line))
    except csv.Error as exc:
        problems.append(Problem(f"unreadable CSV: {exc}", Location(file=source,
                                                                   line=reader.line_num)))
    if framework is None:
        problems.append(Problem("no row with 'Is framework' = 1", where))
    for comp in competencies:
        at = Location(file=source, line=comp.row)
        if comp.parent and comp.parent not in seen:
            problems.append(Problem(f"parent {comp.parent!r} is not an 'Id number' of this "
                                    "file", at))
        for other in comp.related:
            if other not in seen:
                problems.append(Problem(f"cross reference {other!r} is not an 'Id number' of "
                                        "this file", at))
    _check_cycles(competencies, source, problems)
    if problems:
        raise InputError(problems)
    assert framework is not None
    framework.competencies = competencies
    return framework


def _check_config(config: str, at: Location, problems: list[Problem]) -> None:
    try:
        parsed = json.loads(config)
        ok = isinstance(parsed, list) and parsed and isinstance(parsed[0], dict)
    except json.JSONDecodeError:
        ok = False
    if not ok:
        problems.append(Problem("'Scale configuration' is not Moodle's JSON list", at))


def _check_cycles(competencies: list[MoodleCompetency], source: str,
                  problems: list[Problem]) -> None:
    parent = {c.idnumber: c.parent for c in competencies}
    for comp in competencies:
        seen = {comp.idnumber}
        node = comp.parent
        while node:
            if node in seen:
                problems.append(Problem(f"parent cycle through {node!r}",
                                        Location(file=source, line=comp.row)))
                break
            seen.add(node)
            node = parent.get(node, "")


__all__ = ["HEADER", "TAXONOMIES", "MoodleCompetency", "MoodleFramework", "html_paragraphs",
           "html_to_text", "read_csv", "scale_configuration", "write_csv"]
