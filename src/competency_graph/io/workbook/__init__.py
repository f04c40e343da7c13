"""The curriculum workbook (DESIGN §5) → N-Triples of one programme version.

Two steps, both free of any store:

1. :func:`read_tables` (``read.py``) reads an ``.xlsx`` workbook, a folder of UTF-8 CSV files, or
   a ``.zip`` of them into :class:`Table` objects (header + rows of cell text) through the one
   table reader, :mod:`competency_graph.io.tables` (size, zip-bomb, xlsx and CSV guards), and
   reports every problem it meets (missing sheets, unreadable or encrypted files, non-UTF-8 CSV …).
2. :func:`convert` (``convert.py``, one function per sheet) turns the tables into the RDF of
   docs/data-model.md "A programme", resolving
   codes through a :class:`Vocabulary` that the caller builds from the store (framework items,
   the Bloom and I/R/M scales, the international component kinds). Every problem is collected
   with its file, sheet, row and column; nothing is raised until the end.

Decisions (the contract in docs/workbook.md is the user-facing version of this list):

* Sheets are matched case-insensitively (spaces and hyphens count as ``_``); CSV files by their
  stem. ``programme``, ``courses`` and ``outcomes`` are required; ``programme_outcomes`` and
  ``staff`` are optional; ``notes`` / ``lists`` (the template's help sheets) are ignored; any other
  sheet is reported as a warning and ignored.
* The header is the first non-empty row. Row numbers are those a spreadsheet shows (header = 1
  in a CSV). Columns are named by their header text in problems.
* An untagged text column (``title``, ``text``) gets a language tag from its script: Latin → ``en``,
  Cyrillic with Kazakh letters (ә ғ қ ң ө ұ ү һ і) → ``kk``, other Cyrillic → ``ru``;
  ``title@ru`` etc. give the tag explicitly.
* ``required`` defaults to yes; ``version`` defaults to the next free number (decided by the
  caller through :attr:`Vocabulary.existing_versions`); a version that already exists is an error
  (an import never overwrites a stored version).
* ECTS accept a decimal comma (``7,5``). Zero or negative credits, cycles in prerequisites and
  invalid language tags are left to SHACL validation (they are findings, not unreadable input).
* Language names (English, русский, қазақ …) in ``languages`` / ``language`` become ``en``/``ru``/
  ``kk``; other values are kept as written for validation to judge.
* ``aligned_to`` of a programme outcome must name framework items; of a course outcome, framework
  items or programme outcomes. An empty level means ``I``; the same target twice keeps the highest
  level (warning).
* Bloom: ``1``–``6``, ``C1``–``C6`` or a level name in any language of the scale; when empty it is
  inferred from the outcome's verb (the scale's ``cg:measurableVerb`` lists, read from the store)
  and marked ``cg:bloomLevelInferred true``: the first word(s) after an optional lead-in ("Students
  will be able to", "Способен", "Умеет" …), or, for Kazakh (verb-final), the last word. A text
  that starts with an unobservable verb (know, понимать …) or with no known verb gets no level and
  a warning.
* Ids (programme, course code, outcome, programme outcome, teacher, institution) follow the one
  id rule of :mod:`competency_graph.ids`; an id with spaces, ``/`` or ``<>"{}|^`\\`` is an error
  located at its cell. ``title@xx`` columns need a valid BCP 47 tag.
* Teachers resolve to staff IRIs of the programme's institution; an id found neither in the
  staff sheet nor in the store is a warning (the staff readiness report flags it).
"""

from competency_graph.io.workbook.bloom import BloomScale, infer_bloom
from competency_graph.io.workbook.convert import (
    Converted,
    Vocabulary,
    convert,
    decimal_lexical,
    default_targets,
    language_code,
    parse_decimal,
    slugify,
    split_list,
    text_language,
)
from competency_graph.io.workbook.read import (
    COLUMNS,
    IGNORED_SHEETS,
    OPTIONAL_SHEETS,
    REQUIRED_SHEETS,
    TEXT_COLUMNS,
    Problems,
    Table,
    cell_text,
    read_tables,
)

__all__ = [
    "COLUMNS",
    "IGNORED_SHEETS",
    "OPTIONAL_SHEETS",
    "REQUIRED_SHEETS",
    "TEXT_COLUMNS",
    "BloomScale",
    "Converted",
    "Problems",
    "Table",
    "Vocabulary",
    "cell_text",
    "convert",
    "decimal_lexical",
    "default_targets",
    "infer_bloom",
    "language_code",
    "parse_decimal",
    "read_tables",
    "slugify",
    "split_list",
    "text_language",
]
