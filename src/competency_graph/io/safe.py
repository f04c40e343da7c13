"""Safe first passes over XML and JSON input, run before any parser builds anything.

* :func:`check_xml` streams the document through expat and refuses a DTD or any entity
  declaration (``<!DOCTYPE``, ``<!ENTITY``): entity expansion ("billion laughs"), external
  entities and DTD fetching are then impossible for the RDF/XML parser that follows. RDF/XML
  written with DTD entities for namespace abbreviations (some Protégé exports) is refused too;
  the message says to save it as Turtle or without the DTD. This is the same rule as
  ``defusedxml`` (which openpyxl uses for the xlsx internals once installed).
* :func:`load_json` checks size, nesting depth and string length on the raw text (one pass of a
  regular expression over strings and brackets, no recursion) and only then calls ``json.loads``:
  a deeply nested document is a located error, never a ``RecursionError``; a 16 MiB string is a
  located error before anything copies it.
"""

from __future__ import annotations

import json
import re
from typing import Any
from xml.parsers import expat

from competency_graph.config import Limits, limits
from competency_graph.errors import InputError, Location, Problem

__all__ = ["check_rdf", "check_xml", "load_json", "xml_guard"]

_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def xml_guard() -> expat.XMLParserType:
    """An expat parser that raises ``ValueError`` on a DTD or an entity declaration."""
    parser = expat.ParserCreate()

    def refuse(*_args: object) -> None:
        raise ValueError("the XML declares a DTD or an entity; DTDs and entities are refused "
                         "for safety (no entity expansion, no external fetch)")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = lambda *_a: 0
    return parser


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_xml(data: bytes, source: str, caps: Limits | None = None) -> None:
    """Refuse XML that is too large, malformed, or declares a DTD or entities (located)."""
    caps = caps or limits()
    if len(data) > caps.max_input_bytes:
        raise InputError(Problem(f"the file is {len(data)} bytes (at most {caps.max_input_bytes})",
                                 Location(file=source)))
    parser = expat.ParserCreate()

    def refuse_doctype(*_args: object) -> None:
        raise _Refused("the XML declares a DTD (<!DOCTYPE …>); DTDs and entities are refused "
                       "for safety (no entity expansion, no external fetch): save the file "
                       "without the DTD, or as Turtle")

    def refuse_entity(*_args: object) -> None:
        raise _Refused("the XML declares an entity (<!ENTITY …>); entities are refused for "
                       "safety: save the file without them, or as Turtle")

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = lambda *_a: 0
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise InputError(Problem(exc.message, Location(
            file=source, line=parser.CurrentLineNumber,
            col=parser.CurrentColumnNumber + 1))) from None
    except expat.ExpatError as exc:
        raise InputError(Problem(f"not well-formed XML: {expat.ErrorString(exc.code)}",
                                 Location(file=source, line=exc.lineno,
                                          col=exc.offset + 1))) from None


def _where(text: str, offset: int, source: str) -> Location:
    line = text.count("\n", 0, offset) + 1
    return Location(file=source, line=line, col=offset - (text.rfind("\n", 0, offset) + 1) + 1)


def load_json(data: bytes, source: str, caps: Limits | None = None) -> Any:
    """Parse JSON after the size, depth and string-length checks; every failure is located.

    :raises InputError: not UTF-8, too large, nested deeper than ``max_json_depth``, a string
        longer than ``max_literal_chars``, or invalid JSON (line and column).
    """
    caps = caps or limits()
    if len(data) > caps.max_input_bytes:
        raise InputError(Problem(f"the file is {len(data)} bytes (at most {caps.max_input_bytes})",
                                 Location(file=source)))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Problem(f"not UTF-8 text: {exc.reason} at byte {exc.start}",
                                 Location(file=source))) from None
    depth = 0
    longest = caps.max_literal_chars + 2  # the quotes
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token[0] == '"':
            if len(token) > longest:
                raise InputError(Problem(
                    f"a JSON string is {len(token) - 2} characters long (at most "
                    f"{caps.max_literal_chars})", _where(text, match.start(), source)))
        elif token in "[{":
            depth += 1
            if depth > caps.max_json_depth:
                raise InputError(Problem(
                    f"the JSON is nested deeper than {caps.max_json_depth} levels",
                    _where(text, match.start(), source)))
        else:
            depth -= 1
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(Problem(f"invalid JSON: {exc.msg}",
                                 Location(file=source, line=exc.lineno, col=exc.colno))) from None
    except RecursionError:  # unreachable after the depth check; kept as a last guard
        raise InputError(Problem("the JSON is nested too deeply",
                                 Location(file=source))) from None


def check_rdf(data: bytes, fmt: str, source: str) -> None:
    """The safe first pass for an RDF file given to any parser: RDF/XML through
    :func:`check_xml`, JSON-LD through :func:`load_json`; the size cap for every format."""
    caps = limits()
    if len(data) > caps.max_input_bytes:
        raise InputError(Problem(f"the file is {len(data)} bytes (at most {caps.max_input_bytes})",
                                 Location(file=source)))
    if fmt in {"xml", "rdfxml", "application/rdf+xml", "pretty-xml"}:
        check_xml(data, source, caps)
    elif fmt in {"json-ld", "jsonld", "application/ld+json"}:
        load_json(data, source, caps)
