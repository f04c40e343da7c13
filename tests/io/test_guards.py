"""Unit tests of the input guards: ids, language tags, the table reader, XML and JSON passes,
and the JSON-LD loader that must never touch the network."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import pytest

from competency_graph.config import Limits
from competency_graph.errors import InputError
from competency_graph.ids import check_lang, is_valid_id, natural_key
from competency_graph.io import tables
from competency_graph.io.jsonld import parse_jsonld
from competency_graph.io.ntriples import literal
from competency_graph.io.safe import check_xml, load_json


@pytest.mark.parametrize("value", ["6B07101", "wa-2021", "CS101", "PO3", "T01",
                                   "kz-goso-bachelor", "a.b_c-d"])
def test_ids_of_the_bundled_data_are_valid(value: str) -> None:
    assert is_valid_id(value)


@pytest.mark.parametrize("value", ["", "a b", "a/b", "<a>", 'a"b', "a{b}", "a|b", "a^b", "a`b",
                                   "a\\b", ".hidden", "..", "-x", "A" * 129, "é1"])
def test_bad_ids_are_refused(value: str) -> None:
    assert not is_valid_id(value)


def test_language_tags_follow_bcp47() -> None:
    assert check_lang("kk-Cyrl-KZ") is None and check_lang("en-GB") is None
    for bad in ("english", "zz", "en--GB", "e n", ""):
        problem = check_lang(bad)
        assert problem is not None and "BCP 47" in problem.message


def test_natural_key_orders_numbers_by_value() -> None:
    assert sorted(["PO10", "PO2", "po1"], key=natural_key) == ["po1", "PO2", "PO10"]
    assert sorted(["WA1.10", "WA1.2"], key=natural_key) == ["WA1.2", "WA1.10"]


def test_literals_escape_every_control_character() -> None:
    assert literal('a"b\\c\nd\te\x00', lang="en") == '"a\\"b\\\\c\\nd\\te\\u0000"@en'


def test_a_million_rows_stop_at_the_row_cap() -> None:
    """Rows are counted while they stream: row 1,001 of a 1,000-row cap is the error's row."""
    data = b"a,b\n" + b"1,2\n" * 1_000_000
    with pytest.raises(InputError) as caught:
        tables.csv_rows(data, file="big.csv", caps=Limits(max_rows=1000))
    (problem,) = caught.value.problems
    assert "too many rows" in problem.message and problem.location.row == 1001


def test_the_shared_strings_are_counted_before_openpyxl_reads_them(tmp_path: Path) -> None:
    """2,000 shared strings against a cap of 1,000: refused while streaming the part."""
    from tests.corpus.generate import _shared_strings_bomb

    with pytest.raises(InputError) as caught:
        tables.xlsx_sheets(_shared_strings_bomb(2000), file="s.xlsx",
                           caps=Limits(max_shared_strings=1000))
    assert "more than 1000 shared strings" in caught.value.problems[0].message


def test_a_forged_dimension_creates_no_empty_cells() -> None:
    """A sheet claiming A1:XFD1048576 with two real cells reads as one row of two cells."""
    from tests.corpus.generate import _xlsx, _xlsx_patched

    base = _xlsx({"s": [["a", "b"]]})
    import io as stdio
    import zipfile

    with zipfile.ZipFile(stdio.BytesIO(base)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    forged = sheet.replace(b'<dimension ref="A1:B1" />', b'<dimension ref="A1:XFD1048576" />')
    assert forged != sheet
    names, found = tables.xlsx_sheets(_xlsx_patched(base, {"xl/worksheets/sheet1.xml": forged}),
                                      file="f.xlsx")
    assert names == ["s"] and found["s"] == [(1, ["a", "b"])]


def test_a_bare_cr_is_located_by_line() -> None:
    with pytest.raises(InputError) as caught:
        tables.csv_rows(b"a,b\n1,2\r3,4\n", file="x.csv")
    assert caught.value.problems[0].location.line == 2


def test_a_nul_byte_is_located_by_row_and_column() -> None:
    with pytest.raises(InputError) as caught:
        tables.csv_rows(b"code,title\nX1,ab\x00c\n", file="x.csv")
    location = caught.value.problems[0].location
    assert (location.row, location.column) == (2, "title")


def test_billion_laughs_is_refused_at_the_doctype() -> None:
    data = (b'<?xml version="1.0"?>\n<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<r>&b;</r>')
    with pytest.raises(InputError) as caught:
        check_xml(data, "laughs.rdf")
    assert caught.value.problems[0].location.line == 2
    assert "DTD" in caught.value.problems[0].message


def test_deep_json_is_located_not_a_recursion_error() -> None:
    with pytest.raises(InputError) as caught:
        load_json(b"\n[" * 100_000, "deep.json")
    problem = caught.value.problems[0]
    assert "nested deeper than 64" in problem.message and problem.location.line == 66


def test_a_huge_json_string_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        load_json(b'{"a": "' + b"x" * 200_000 + b'"}', "s.json")
    assert "200000 characters" in caught.value.problems[0].message


class _Listener:
    """A TCP socket on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop = True
        self.thread.join()
        self.sock.close()


@pytest.mark.parametrize("context", [
    "URL", ["URL"], {"@import": "URL"}, {"x": {"@id": "http://x/", "@context": "URL"}},
])
def test_jsonld_never_fetches_a_context(context: object) -> None:
    """A remote ``@context`` or ``@import`` is a located error and no connection is made."""
    listener = _Listener()
    try:
        url = f"http://127.0.0.1:{listener.port}/context.jsonld"
        ctx = json.loads(json.dumps(context).replace("URL", url))
        doc = {"@context": ctx, "@id": "http://x/a", "http://x/p": "v"}
        with pytest.raises(InputError) as caught:
            parse_jsonld(json.dumps(doc).encode(), "doc.jsonld")
        assert url in str(caught.value) or "@import" in str(caught.value)
        assert caught.value.problems[0].location.json_path
    finally:
        listener.close()
    assert listener.connections == 0


def test_every_bundled_and_demo_id_follows_the_rule() -> None:
    """The rule was chosen so that no id already shipped breaks: bundled frameworks (file stems)
    and every id column of the demo programme, staff and institutions."""
    import csv

    root = Path(__file__).resolve().parents[2]
    framework_ids = [p.stem for p in (root / "ontology" / "frameworks").glob("*.ttl")]
    assert framework_ids
    demo = root / "src" / "competency_graph" / "data" / "demo"
    ids: list[str] = list(framework_ids)
    for name, column in (("programme/programme.csv", "id"), ("programme/courses.csv", "code"),
                         ("programme/outcomes.csv", "id"),
                         ("programme/programme_outcomes.csv", "id"),
                         ("programme/staff.csv", "id"), ("indicators/institutions.csv", "id")):
        with (demo / name).open(encoding="utf-8") as handle:
            ids += [row[column] for row in csv.DictReader(handle)]
    assert [i for i in ids if not is_valid_id(i)] == []
