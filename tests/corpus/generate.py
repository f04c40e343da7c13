"""The malformed-input corpus: small bad inputs (committed under ``files/``, listed in
``manifest.csv``) and large ones generated here at test time into a temporary folder.

Run ``python tests/corpus/generate.py`` to rewrite the small files and the manifest from
:func:`small_cases` (the committed files are its output). :func:`cases` yields every
``(path, kind, expected)`` — ``expected`` is a fragment of the located message that the error
must contain — for the CLI test here and for the HTTP test of the API (reuse it from there).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
MANIFEST = HERE / "manifest.csv"

_PROG = "id,title,cycle,ects\n6B07101,Computer Engineering,bachelor,240\n"
_COURSES = "code,title,ects\nCS101,Programming,5\n"
_OUTCOMES = "course,id,text\nCS101,LO1,Write programs\n"
_STAFF = "id,name,institution\nT1,Aigerim,demo-steppe-tech\n"
_IND = "institution,year,indicator,value\ndemo-steppe-tech,2022,INT1,4\n"


def _zip(members: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _workbook(programme: str = _PROG, courses: str = _COURSES, outcomes: str = _OUTCOMES,
              **extra: str) -> bytes:
    members = {"programme.csv": programme, "courses.csv": courses, "outcomes.csv": outcomes}
    members.update({f"{k}.csv": v for k, v in extra.items()})
    return _zip(members)  # type: ignore[arg-type]


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _xlsx_patched(base: bytes, replace: dict[str, bytes | None]) -> bytes:
    """Rewrite members of an xlsx (None drops the member)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in replace:
                data = replace[info.filename]
                if data is not None:
                    dst.writestr(info.filename, data)
            else:
                dst.writestr(info, src.read(info))
    return out.getvalue()


def _case(**document: object) -> bytes:
    doc = {"identifier": "c0ffee00-0000-4000-8000-000000000001", "uri": "https://x.test/d",
           "creator": "x", "title": "t", "lastChangeDateTime": "2020-01-01T00:00:00Z"}
    doc.update(document)
    return json.dumps({"CFDocument": doc, "CFItems": [], "CFAssociations": []}).encode()


def _ctdl(context: object, extra: dict[str, object] | None = None) -> bytes:
    graph = {"@id": "https://x.test/ce-1", "@type": "ceasn:CompetencyFramework",
             "ceasn:name": {"en": "F"}}
    graph.update(extra or {})
    return json.dumps({"@context": context, "@graph": [graph]}).encode()


_BILLION = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
            + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1
                                                          else b"&lol;") * 10)
                       for i in range(1, 10))
            + b']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
              b'xmlns:ex="http://ex.test/"><rdf:Description rdf:about="http://ex.test/a">'
              b"<ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>\n")


def small_cases() -> dict[str, tuple[bytes, str, str]]:
    """name → (bytes, kind, expected message fragment). Kept small (under 100 kB each)."""
    c: dict[str, tuple[bytes, str, str]] = {}
    bad_id = _PROG.replace("6B07101", "6B 07<101>")
    # --- curriculum: zip of CSVs --------------------------------------------------------------
    c["wb-id-spaces.zip"] = (_workbook(programme=bad_id), "curriculum", "row 2, column 'id'")
    c["wb-id-slash.zip"] = (_workbook(programme=_PROG.replace("6B07101", "a/b")), "curriculum",
                            "column 'id'")
    c["wb-id-braces.zip"] = (_workbook(programme=_PROG.replace("6B07101", "x{y}|z^")),
                             "curriculum", "not a valid id")
    c["wb-id-dotdot.zip"] = (_workbook(programme=_PROG.replace("6B07101", "..")), "curriculum",
                             "not a valid id")
    c["wb-id-backtick.zip"] = (_workbook(programme=_PROG.replace("6B07101", "a`b")),
                               "curriculum", "not a valid id")
    c["wb-id-quote.zip"] = (_workbook(programme=_PROG.replace("6B07101", 'a"b')), "curriculum",
                            "not a valid id")
    c["wb-course-code-space.zip"] = (_workbook(courses=_COURSES.replace("CS101", "CS 101")),
                                     "curriculum", "column 'code'")
    c["wb-outcome-id-lt.zip"] = (_workbook(outcomes=_OUTCOMES.replace("LO1", "LO<1>")),
                                 "curriculum", "outcomes.csv, sheet 'outcomes', row 2")
    c["wb-teacher-id-space.zip"] = (_workbook(courses="code,title,ects,teachers\n"
                                              "CS101,Programming,5,T 1\n"), "curriculum",
                                    "column 'teachers'")
    c["wb-bad-lang-column.zip"] = (_workbook(courses="code,title,title@zz,ects\nCS101,P,Q,5\n"),
                                   "curriculum", "column 'title@zz'")
    c["wb-lang-invalid-tag.zip"] = (_workbook(courses="code,title,title@en-qq1,ects\n"
                                              "CS101,P,Q,5\n"), "curriculum",
                                    "BCP 47")
    c["wb-nul-byte.zip"] = (_workbook(courses=_COURSES.replace("Programming", "Prog\x00")),
                            "curriculum", "U+0000")
    c["wb-control-char.zip"] = (_workbook(courses=_COURSES.replace("Programming", "Pro\x07g")),
                                "curriculum", "U+0007")
    c["wb-bare-cr.zip"] = (_workbook(courses="code,title,ects\rCS101,P,5\r"), "curriculum",
                           "bare carriage return")
    c["wb-utf16.zip"] = (_zip({"programme.csv": _PROG.encode("utf-16"), "courses.csv": _COURSES,
                               "outcomes.csv": _OUTCOMES}), "curriculum", "UTF-16")
    c["wb-cp1251.zip"] = (_zip({"programme.csv": "id,title,cycle,ects\nX1,Программа,bachelor,"
                                "240\n".encode("cp1251"), "courses.csv": _COURSES,
                                "outcomes.csv": _OUTCOMES}), "curriculum", "not UTF-8")
    c["wb-path-escape.zip"] = (_zip({"../programme.csv": _PROG, "courses.csv": _COURSES}),
                               "curriculum", "unsafe path")
    c["wb-absolute-path.zip"] = (_zip({"/etc/programme.csv": _PROG}), "curriculum",
                                 "unsafe path")
    c["wb-no-csv.zip"] = (_zip({"readme.txt": "hello"}), "curriculum", "no .csv files")
    c["wb-empty.zip"] = (_zip({}), "curriculum", "no .csv files")
    c["wb-not-a-zip.zip"] = (b"this is not a zip", "curriculum", "not a readable .zip")
    c["wb-truncated.zip"] = (_workbook()[:60], "curriculum", "not a readable .zip")
    c["wb-missing-sheet.zip"] = (_zip({"programme.csv": _PROG, "courses.csv": _COURSES}),
                                 "curriculum", "sheet 'outcomes'")
    c["wb-unterminated-quote.zip"] = (_workbook(courses='code,title,ects\nCS101,"P,5\n'),
                                      "curriculum", "courses.csv")
    c["wb-too-many-columns.zip"] = (_workbook(courses=",".join(["c"] * 300) + "\n"),
                                    "curriculum", "too many columns")
    c["wb-long-cell.zip"] = (_workbook(courses="code,title,ects\nCS101," + "x" * 40000 + ",5\n"),
                             "curriculum", "column 'title'")
    c["wb-long-id.zip"] = (_workbook(programme=_PROG.replace("6B07101", "A" * 500)),
                           "curriculum", "longer than 128")
    c["wb-two-programme-rows.zip"] = (_workbook(programme=_PROG + "X2,Other,master,120\n"),
                                      "curriculum", "row 3")
    c["wb-bad-ects.zip"] = (_workbook(courses="code,title,ects\nCS101,P,five\n"), "curriculum",
                            "column 'ects'")
    c["wb-bad-semester.zip"] = (_workbook(courses="code,title,ects,semester\nCS101,P,5,-2\n"),
                                "curriculum", "column 'semester'")
    c["wb-encrypted-member.zip"] = (_encrypted_zip(), "curriculum", "encrypted")
    c["wb-bad.csv"] = (_PROG.encode(), "curriculum", "a single CSV file is not a workbook")
    # --- curriculum: xlsx ---------------------------------------------------------------------
    good = _xlsx({"programme": [["id", "title", "cycle", "ects"],
                                ["6B07101", "CE", "bachelor", 240]],
                  "courses": [["code", "title", "ects"], ["CS101", "P", 5]],
                  "outcomes": [["course", "id", "text"], ["CS101", "LO1", "Write programs"]]})
    c["xl-no-sheets.xlsx"] = (_xlsx_no_sheets(good), "curriculum", "no sheets")
    c["xl-damaged-sheet.xlsx"] = (_xlsx_patched(good, {"xl/worksheets/sheet2.xml":
                                                       b"<worksheet><sheetData><row>"}),
                                  "curriculum", "xl/worksheets/sheet2.xml")
    c["xl-not-zip.xlsx"] = (b"PK\x03\x04garbage", "curriculum", "not a readable .xlsx")
    c["xl-ole.xlsx"] = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "curriculum",
                        "password-protected")
    c["xl-doctype-sheet.xlsx"] = (_xlsx_patched(good, {"xl/worksheets/sheet2.xml":
                                  b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                                  b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                                  b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" '
                                  b't="inlineStr"><is><t>&a;</t></is></c></row></sheetData>'
                                  b"</worksheet>"}), "curriculum", "DTD")
    c["xl-bad-id.xlsx"] = (_xlsx({"programme": [["id", "title", "cycle", "ects"],
                                                ["bad id", "CE", "bachelor", 240]],
                                  "courses": [["code", "title", "ects"], ["CS101", "P", 5]],
                                  "outcomes": [["course", "id", "text"],
                                               ["CS101", "LO1", "Write"]]}),
                           "curriculum", "sheet 'programme', row 2, column 'id'")
    c["xl-missing-workbook-part.xlsx"] = (_xlsx_patched(good, {"xl/workbook.xml": None}),
                                          "curriculum", "cannot read the workbook")
    # --- staff --------------------------------------------------------------------------------
    c["staff-id-space.csv"] = (_STAFF.replace("T1", "T 1").encode(), "staff", "column 'id'")
    c["staff-id-angle.csv"] = (_STAFF.replace("T1", "<T1>").encode(), "staff", "not a valid id")
    c["staff-bare-cr.csv"] = (_STAFF.replace("\n", "\r").encode(), "staff",
                              "bare carriage return")
    c["staff-nul.csv"] = (_STAFF.replace("Aigerim", "Ai\x00gerim").encode(), "staff", "U+0000")
    c["staff-cp1251.csv"] = ("id,name,institution\nT1,Айгерим,x\n".encode("cp1251"), "staff",
                             "not UTF-8")
    c["staff-utf16.csv"] = (_STAFF.encode("utf-16"), "staff", "UTF-16")
    c["staff-long-cell.csv"] = (("id,name,institution\nT1," + "n" * 40000 + ",x\n").encode(),
                                "staff", "column 'name'")
    c["staff-bad-lang.csv"] = (b"id,name,name@zz,institution\nT1,A,B,x\n", "staff",
                               "BCP 47")
    c["staff-bad-xlsx.xlsx"] = (b"PK\x05\x06" + b"\0" * 18, "staff",
                                "cannot read the workbook")
    c["staff-no-sheets.xlsx"] = (_xlsx_no_sheets(_xlsx({"staff": [["id", "name"]]})), "staff",
                                 "no sheets")
    c["staff-damaged.xlsx"] = (_xlsx_patched(_xlsx({"staff": [["id", "name"], ["T1", "A"]]}),
                                             {"xl/worksheets/sheet1.xml": b"<worksheet><"}),
                               "staff", "xl/worksheets/sheet1.xml")
    c["staff-unterminated.csv"] = (b'id,name,institution\nT1,"A,x\n', "staff",
                                   "staff-unterminated.csv")
    c["staff-too-many-columns.csv"] = ((",".join(f"c{i}" for i in range(300)) + "\n").encode(),
                                       "staff", "too many columns")
    c["staff-wrong-suffix.txt"] = (_STAFF.encode(), "staff", ".txt")
    # --- indicators ---------------------------------------------------------------------------
    c["ind-bare-cr.csv"] = (_IND.replace("\n", "\r").encode(), "indicators",
                            "bare carriage return")
    c["ind-nul.csv"] = (_IND.replace("INT1", "IN\x00T1").encode(), "indicators", "U+0000")
    c["ind-cp1251.csv"] = ("institution,year,indicator,value\nвуз,2022,INT1,4\n".encode("cp1251"),
                           "indicators", "not UTF-8")
    c["ind-damaged.xlsx"] = (_xlsx_patched(_xlsx({"indicators": [["institution", "year"]]}),
                                           {"xl/worksheets/sheet1.xml": b"<<<"}),
                             "indicators", "xl/worksheets/sheet1.xml")
    c["ind-no-sheets.xlsx"] = (_xlsx_no_sheets(_xlsx({"indicators": [["a"]]})), "indicators",
                               "no sheets")
    c["ind-unknown-table.csv"] = (b"foo,bar\n1,2\n", "indicators", "row 1")
    c["ind-bad-institution-id.csv"] = (b"id,name,country,type\nbad id,U,KZ,university\n",
                                       "indicators", "not a valid id")
    c["ind-long-cell.csv"] = (("institution,year,indicator,value\n" + "x" * 40000
                               + ",2022,INT1,4\n").encode(), "indicators", "characters long")
    # --- CASE ---------------------------------------------------------------------------------
    c["case-not-json.json"] = (b"{not json", "case", "line 1")
    c["case-array.json"] = (b"[1,2]", "case", "$")
    c["case-bad-id.json"] = (_case(identifier="bad id <x>"), "case", "$.CFDocument.identifier")
    c["case-cp1251.json"] = ('{"CFDocument": "ё"}'.encode("cp1251"), "case", "not UTF-8")
    c["case-deep.json"] = (b"[" * 200 + b"]" * 200, "case", "nested deeper than 64")
    c["case-deep-object.json"] = (b'{"a":' * 100 + b"1" + b"}" * 100, "case", "line 1")
    c["case-missing-fields.json"] = (json.dumps({"CFDocument": {}}).encode(), "case",
                                     "$.CFDocument")
    c["case-truncated.json"] = (_case()[:-5], "case", "line 1")
    c["case-empty.json"] = (b"", "case", "line 1")
    # --- CTDL-ASN -----------------------------------------------------------------------------
    c["ctdl-remote-context.json"] = (_ctdl("http://127.0.0.1:9/ctx.json"), "ctdl-asn",
                                     "$['@context']")
    c["ctdl-import.json"] = (_ctdl({"@import": "http://127.0.0.1:9/ctx.json"}), "ctdl-asn",
                             "@import")
    c["ctdl-nested-context.json"] = (_ctdl({}, {"@context": "https://evil.test/c"}), "ctdl-asn",
                                     "evil.test")
    c["ctdl-deep.json"] = (b'{"@context":{},"@graph":' + b"[" * 100 + b"]" * 100 + b"}",
                           "ctdl-asn", "nested deeper than 64")
    c["ctdl-not-json.json"] = (b"<html></html>", "ctdl-asn", "line 1")
    c["ctdl-import-not-string.json"] = (_ctdl({"@import": 5}), "ctdl-asn", "@import")
    # --- SKOS / RDF ---------------------------------------------------------------------------
    c["skos-bad-turtle.ttl"] = (b"@prefix x: <http://x/> .\nx:a x:b\n", "skos", "line")
    c["skos-doctype.rdf"] = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]><r/>',
                             "skos", "DTD")
    c["skos-external-entity.rdf"] = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM '
                                     b'"file:///etc/passwd">]><r>&e;</r>', "skos", "DTD")
    c["skos-bad-xml.rdf"] = (b"<rdf:RDF><unclosed>", "skos", "line 1")
    c["skos-no-scheme.ttl"] = (b"<http://x/a> <http://x/b> <http://x/c> .\n", "skos",
                               "skos-no-scheme.ttl")
    c["rdf-billion-laughs-small.rdf"] = (_BILLION, "rdf", "DTD")
    c["rdf-bad-turtle.ttl"] = (b"<http://x/a> <http://x/b> .\n", "rdf", "line 1")
    c["rdf-doctype.owl"] = (b'<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY owl '
                            b'"http://www.w3.org/2002/07/owl#">]><rdf:RDF xmlns:rdf="http://'
                            b'www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "rdf", "line 1")
    c["rdf-deep.jsonld"] = (b"[" * 100 + b"]" * 100, "rdf", "nested deeper than 64")
    return c


def _encrypted_zip() -> bytes:
    data = bytearray(_workbook())
    # set the "encrypted" flag bit in every local and central header (offsets 6 and 8)
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(sig, start)) != -1:
            data[start + offset] |= 0x1
            start += 4
    return bytes(data)


def _xlsx_no_sheets(base: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        workbook = zf.read("xl/workbook.xml")
    start, end = workbook.index(b"<sheets>"), workbook.index(b"</sheets>") + len(b"</sheets>")
    return _xlsx_patched(base, {"xl/workbook.xml": workbook[:start] + workbook[end:]})


# --- large inputs: generated into a temporary folder, never committed -------------------------

#: how many large cases :func:`large_cases` writes
LARGE_COUNT = 14


def large_cases(folder: Path) -> list[tuple[Path, str, str]]:
    """Write the large inputs into ``folder``; return (path, kind, expected)."""
    folder.mkdir(parents=True, exist_ok=True)
    out: list[tuple[Path, str, str]] = []

    def put(name: str, data: bytes, kind: str, expected: str) -> None:
        path = folder / name
        path.write_bytes(data)
        out.append((path, kind, expected))

    rows = b"".join(b"CS%07d,Course %d,5\n" % (i, i) for i in range(1_000_000))
    put("big-1m-rows-staff.csv", b"id,name,institution\n" + rows, "staff", "too many rows")
    put("big-1m-rows-indicators.csv", b"institution,year,indicator,value\n" + rows,
        "indicators", "too many rows")
    short = b"".join(b"C%d,T,5\n" % i for i in range(1_000_000))  # 14 MB
    put("big-1m-rows-curriculum.zip", _zip({"programme.csv": _PROG,
                                            "courses.csv": b"code,title,ects\n" + short,
                                            "outcomes.csv": _OUTCOMES}),
        "curriculum", "too many rows")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("courses.csv", b"0" * (300 * 2**20))
    put("big-zip-bomb.zip", bomb.getvalue(), "curriculum", "unpacks to 314572800 bytes")
    ratio = io.BytesIO()
    with zipfile.ZipFile(ratio, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("courses.csv", b"a" * (5 * 2**20))
    put("big-ratio-bomb.zip", ratio.getvalue(), "curriculum", "too compressed")
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w", zipfile.ZIP_STORED) as zf:
        for i in range(3000):
            zf.writestr(f"x{i}.csv", b"")
    put("big-many-entries.zip", many.getvalue(), "curriculum", "entries")
    put("big-shared-strings.xlsx", _shared_strings_bomb(), "staff", "sharedStrings.xml")
    put("big-billion-laughs.rdf", _BILLION, "rdf", "DTD")
    put("big-deep.json", b"[" * 100_000 + b"]" * 100_000, "case", "nested deeper than 64")
    put("big-deep-ctdl.json", b'{"@graph":' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "ctdl-asn", "nested deeper than 64")
    put("big-16mib-string.json", b'{"CFDocument": {"title": "' + b"x" * (16 * 2**20) + b'"}}',
        "case", "characters long")
    put("big-id-100k.zip", _workbook(programme=_PROG.replace("6B07101", "A" * 100_000)),
        "curriculum", "sheet 'programme', row 2, column 'id'")
    put("big-long-staff-id.csv", b"id,name,institution\n" + b"T" * 30_000 + b",A,x\n", "staff",
        "longer than 128")
    put("big-10mb-cell.csv", b"id,name,institution\nT1," + b"n" * (10 * 2**20) + b",x\n",
        "staff", "row 2")
    return out


def _shared_strings_bomb(count: int = 1_100_000) -> bytes:
    base = _xlsx({"staff": [["id", "name"], ["T1", "A"]]})
    strings = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
               b'spreadsheetml/2006/main" count="2000000" uniqueCount="2000000">'
               + b"<si><t>a</t></si>" * count + b"</sst>")
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        names = zf.namelist()
    extra: dict[str, bytes | None] = {"xl/sharedStrings.xml": strings}
    if "xl/sharedStrings.xml" not in names:
        with zipfile.ZipFile(io.BytesIO(base)) as zf:
            types = zf.read("[Content_Types].xml").replace(
                b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="'
                b'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"'
                b"/></Types>")
        extra["[Content_Types].xml"] = types
    patched = _xlsx_patched(base, extra)
    if "xl/sharedStrings.xml" not in names:
        buf = io.BytesIO(patched)
        with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("xl/sharedStrings.xml", strings)
        patched = buf.getvalue()
    return patched


# --- the manifest ----------------------------------------------------------------------------

def write_small() -> None:
    """Rewrite ``files/`` and ``manifest.csv`` from :func:`small_cases`."""
    FILES.mkdir(exist_ok=True)
    for old in FILES.iterdir():
        old.unlink()
    with MANIFEST.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "kind", "expected"])
        for name, (data, kind, expected) in sorted(small_cases().items()):
            (FILES / name).write_bytes(data)
            writer.writerow([name, kind, expected])


def committed_cases() -> list[tuple[Path, str, str]]:
    """The committed small inputs from ``manifest.csv``: (path, kind, expected)."""
    with MANIFEST.open(encoding="utf-8", newline="") as handle:
        return [(FILES / r["file"], r["kind"], r["expected"]) for r in csv.DictReader(handle)]


def cases(tmp: Path) -> Iterator[tuple[Path, str, str]]:
    """Every corpus case: the committed small files, then the large ones written into ``tmp``."""
    yield from committed_cases()
    yield from large_cases(tmp)


if __name__ == "__main__":
    write_small()
    print(f"{len(small_cases())} small cases written to {FILES}")
