"""Fuzzing every parser with hypothesis: random bytes and byte-level mutations of valid files.
Only :class:`InputError` may escape (any other exception fails the test). Examples are bounded
(``max_examples``) so that the folder stays short."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from competency_graph.errors import InputError
from competency_graph.io import case, staff, tables, workbook
from competency_graph.io.indicators import read_bytes
from competency_graph.io.jsonld import parse_jsonld
from competency_graph.io.skos import parse_rdf
from tests.corpus.generate import _case, _ctdl, _workbook, _xlsx

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _file(data: bytes, suffix: str) -> Path:
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as handle:
        handle.write(data)
    return Path(handle.name)


def _curriculum(suffix: str) -> Callable[[bytes], object]:
    def run(data: bytes) -> object:
        path = _file(data, suffix)
        try:
            return workbook.read_tables(path)
        finally:
            path.unlink()
    return run


def _staff(suffix: str) -> Callable[[bytes], object]:
    def run(data: bytes) -> object:
        path = _file(data, suffix)
        try:
            return staff.read_table(path)
        finally:
            path.unlink()
    return run


ESCO_SEED = (Path(__file__).resolve().parents[1] / "fixtures" / "esco"
             / "esco-v1.1.1-excerpt-relations-csv.zip")


def _esco(data: bytes) -> object:
    """An ESCO relations zip next to a copy of the classification excerpt (both needed)."""
    from competency_graph.io.esco import convert, find_sources

    folder = Path(tempfile.mkdtemp())
    try:
        (folder / "esco-v1.1.1-excerpt-relations-csv.zip").write_bytes(data)
        classification = ESCO_SEED.with_name("esco-v1.1.1-excerpt-classification-en-csv.zip")
        (folder / classification.name).write_bytes(classification.read_bytes())
        return [convert(source, "https://x.test/graph/esco") for source in
                find_sources([folder])]
    finally:
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()


def _skos(fmt: str, name: str) -> Callable[[bytes], object]:
    def run(data: bytes) -> object:
        from competency_graph.io.skos import skos_to_framework

        return skos_to_framework(parse_rdf(data, fmt, name), name)
    return run


def _ctdl_parse(data: bytes) -> object:
    from competency_graph.io.ctdl import ctdl_to_framework

    return ctdl_to_framework(parse_jsonld(data, "c.json"), "c.json")


def _case_parse(data: bytes) -> object:
    pkg, problems = case.read_package(data, "f.json")
    if pkg is not None and not case.check_package(pkg, "f.json"):
        case.package_to_graph(pkg)
    return problems


PARSERS: dict[str, tuple[Callable[[bytes], object], bytes]] = {
    "curriculum-zip": (_curriculum(".zip"), _workbook()),
    "curriculum-xlsx": (_curriculum(".xlsx"), _xlsx({"programme": [["id", "title"], ["X", "Y"]],
                                                     "courses": [["code"], ["C1"]]})),
    "staff-csv": (_staff(".csv"), b"id,name,institution\nT1,A,x\n"),
    "staff-xlsx": (_staff(".xlsx"), _xlsx({"staff": [["id", "name"], ["T1", "A"]]})),
    "indicators": (lambda d: read_bytes(d, "i.csv"),
                   b"institution,year,indicator,value\nx,2022,INT1,4\n"),
    "esco": (_esco, ESCO_SEED.read_bytes()),
    "table-csv": (lambda d: tables.csv_rows(d, file="t.csv"), b"a;b\n1;2\n"),
    "case": (_case_parse, _case()),
    "ctdl-asn": (_ctdl_parse,
                 _ctdl("https://credreg.net/ctdlasn/schema/context/json")),
    "skos-turtle": (_skos("turtle", "f.ttl"),
                    b"@prefix s: <http://www.w3.org/2004/02/skos/core#> .\n"
                    b"<http://x/s> a s:ConceptScheme .\n"
                    b"<http://x/a> a s:Concept ; s:inScheme <http://x/s> ; "
                    b's:prefLabel "A"@en .\n'),
    "skos-rdfxml": (_skos("xml", "f.rdf"),
                    b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf'
                    b'-syntax-ns#" xmlns:s="http://www.w3.org/2004/02/skos/core#">'
                    b'<s:ConceptScheme rdf:about="http://x/s"/><s:Concept rdf:about="http://x/a">'
                    b'<s:inScheme rdf:resource="http://x/s"/><s:prefLabel xml:lang="en">A'
                    b"</s:prefLabel></s:Concept></rdf:RDF>"),
    "ntriples": (lambda d: parse_rdf(d, "nt", "f.nt"), b"<http://x/a> <http://x/b> \"c\" .\n"),
    "esco-like-skos-nt": (_skos("nt", "f.nt"),
                          b"<http://x/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                          b"<http://www.w3.org/2004/02/skos/core#ConceptScheme> .\n"),
}


def _only_input_errors(parse: Callable[[bytes], object], data: bytes) -> None:
    """Run the parser; an InputError is the expected refusal, anything else fails the test."""
    with contextlib.suppress(InputError):
        parse(data)


@st.composite
def _mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert", "dup"]))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at:at + draw(st.integers(1, 64))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            data[at:at] = data[at:at + draw(st.integers(1, 64))]
    return bytes(data)


def _make(kind: str) -> tuple[Callable[[], None], Callable[[], None]]:
    parse, seed = PARSERS[kind]

    @FUZZ
    @given(st.binary(max_size=2048))
    def random_bytes(data: bytes) -> None:
        _only_input_errors(parse, data)

    @FUZZ
    @given(_mutated(seed))
    def mutations(data: bytes) -> None:
        _only_input_errors(parse, data)

    return random_bytes, mutations


for _kind in PARSERS:
    _random, _mutations = _make(_kind)
    globals()[f"test_random_bytes_{_kind.replace('-', '_')}"] = _random
    globals()[f"test_mutations_{_kind.replace('-', '_')}"] = _mutations
