"""The one N-Triples writer of the package: every converter (workbook, staff roster, indicators,
CASE, ESCO) writes its triples through :func:`literal`, :func:`iri_term` and :class:`NTriples`.

Escaping follows the N-Triples grammar (ECHAR ``\\t \\n \\r \\" \\\\`` and ``\\uXXXX`` for the
other control characters), so any Python string becomes a literal that parses. The fast path
(chained ``str.replace``) runs when the text holds no rare control character: converters call
this hundreds of thousands of times (ESCO), and the chained replaces are about four times faster
than a regex substitution.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from competency_graph.namespaces import XSD

__all__ = ["Literal", "NTriples", "Node", "escape", "iri_term", "lit", "literal", "term"]

_RARE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape(text: str) -> str:
    """Escape ``text`` for the inside of an N-Triples string literal."""
    out = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
           .replace("\r", "\\r").replace("\t", "\\t"))
    if _RARE.search(out):
        out = _RARE.sub(lambda m: f"\\u{ord(m.group()):04X}", out)
    return out


def literal(text: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """One literal term: ``"text"``, ``"text"@lang`` or ``"text"^^<datatype>``."""
    body = '"' + escape(text) + '"'
    if lang:
        return body + "@" + lang
    if datatype:
        return body + "^^<" + datatype + ">"
    return body


def iri_term(iri: str) -> str:
    """One IRI term (``<iri>``); a blank node label (``_:b1``) is written as it is."""
    return iri if iri.startswith("_:") else "<" + iri + ">"


class Literal(NamedTuple):
    """A literal as a plain Python value: lexical form, language tag or datatype IRI (``None``
    for a plain string). IRIs are plain ``str``. Converters that keep triples in memory (CASE)
    use these rather than rdflib terms, whose Python-level hashing and comparison made large
    packages several times slower (``bench/case.py``)."""

    value: str
    lang: str | None = None
    datatype: str | None = None

    def __str__(self) -> str:
        return self.value


#: A term of an in-memory triple: an IRI (``str``, ``_:`` for a blank node) or a :class:`Literal`.
Node = str | Literal


def lit(value: Any, lang: str | None = None, datatype: str | None = None) -> Literal:
    """A literal from a Python value (``str()`` of numbers); ``xsd:string`` is written plain."""
    if lang:
        return Literal(str(value), lang, None)
    if datatype == XSD + "string":
        datatype = None
    return Literal(value if isinstance(value, str) else str(value), None, datatype)


def term(node: Node) -> str:
    """One term (IRI, blank node or :class:`Literal`) in N-Triples syntax."""
    if isinstance(node, Literal):
        return literal(node.value, lang=node.lang, datatype=node.datatype)
    return iri_term(node)


class NTriples:
    """Collects N-Triples lines; :meth:`data` returns them as UTF-8 bytes."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __len__(self) -> int:
        return len(self.lines)

    def add(self, s: str, p: str, o: str) -> None:
        """Add ``<s> <p> o .`` where ``o`` is an already written term."""
        self.lines.append(f"{iri_term(s)} <{p}> {o} .\n")

    def iri(self, s: str, p: str, o: str) -> None:
        """Add a triple whose object is an IRI."""
        self.add(s, p, iri_term(o))

    def text(self, s: str, p: str, value: str, lang: str) -> None:
        """Add a language-tagged literal."""
        self.add(s, p, literal(value, lang=lang))

    def plain(self, s: str, p: str, value: str) -> None:
        """Add a plain (xsd:string) literal."""
        self.add(s, p, literal(value))

    def typed(self, s: str, p: str, value: str, datatype: str) -> None:
        """Add a typed literal; ``datatype`` is an XSD local name (``decimal``) or a full IRI."""
        full = datatype if ":" in datatype else XSD + datatype
        self.add(s, p, literal(value, datatype=full))

    def data(self) -> bytes:
        """The triples written so far, as UTF-8 N-Triples."""
        return "".join(self.lines).encode("utf-8")
