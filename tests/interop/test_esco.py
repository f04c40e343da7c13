"""ESCO import from the official CSV zips: the excerpt fixture (fast), bad input, and the full
v1.1.1 / v1.1.0 downloads (counts of the issue) when the shared data folder is present."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from competency_graph.config import Settings
from competency_graph.errors import InputError
from competency_graph.services import open_store
from competency_graph.services.frameworks import list_frameworks
from competency_graph.services.interop.esco import (
    esco_counts,
    esco_graph,
    import_esco,
    incomplete_esco_versions,
)
from competency_graph.store import GraphStore
from tests.interop.conftest import (
    BIN,
    ESCO_CLASSIFICATION,
    ESCO_FIXTURES,
    ESCO_RELATIONS,
    SHARED_ESCO,
    rewrite_zip,
    run_cli,
)
from tests.shared_data import needs_shared_data

SKILL_EMPTY_TYPE = "http://data.europa.eu/esco/skill/426ceaba-6867-481c-bb6b-aee3933da7d2"
KDEVELOP = "http://data.europa.eu/esco/skill/013441c1-1f13-47e9-80c4-9a53e8e1bc05"
YOUTH_WORKER = "http://data.europa.eu/esco/occupation/094e04fd-3039-4615-850b-b232794f84f5"


def ask(store: GraphStore, sparql: str) -> list[dict[str, object]]:
    """Run a read-only query a researcher would write; return the JSON bindings."""
    out = store.run_user_query(sparql)
    return json.loads(out.body)["results"]["bindings"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def excerpt_store() -> Iterator[GraphStore]:
    """An in-memory store holding the excerpt (classification + relations)."""
    store = open_store(Settings(store=":memory:"))
    import_esco(store, [ESCO_CLASSIFICATION, ESCO_RELATIONS])
    yield store
    store.close()


def test_excerpt_counts(excerpt_store: GraphStore) -> None:
    """Every kind of concept and relation of the excerpt lands in the version's graph."""
    assert esco_counts(excerpt_store, "1.1.1") == {
        "skills": 199, "occupations": 6, "isco_groups": 9, "skill_groups": 137,
        "occupation_skill_essential": 66, "occupation_skill_optional": 80,
        "occupation_skill": 146, "skill_skill": 17}


def test_skills_pillar_is_a_framework_with_its_item_count(excerpt_store: GraphStore) -> None:
    """``frameworks`` lists esco-1.1.1-skills as a cg:CompetencyFramework with its skills."""
    found = {f.id: f for f in list_frameworks(excerpt_store)}
    esco = found["esco-1.1.1-skills"]
    assert esco.kind == "framework"
    assert esco.items == 199
    assert esco.version == "1.1.1"
    assert esco.title == "ESCO skills pillar v1.1.1"


def test_multiline_labels_schemes_types_and_reuse_levels(excerpt_store: GraphStore) -> None:
    """A multi-line altLabels cell gives one skos:altLabel per line; several inScheme IRIs give
    several skos:inScheme; type and reuse level become ESCO's IRIs and a cg:competencyType."""
    rows = ask(excerpt_store, f"""
        PREFIX esco: <http://data.europa.eu/esco/model#>
        SELECT ?p ?o WHERE {{ <{KDEVELOP}> ?p ?o }}""")
    by_p: dict[str, set[str]] = {}
    for row in rows:
        by_p.setdefault(row["p"]["value"], set()).add(row["o"]["value"])  # type: ignore[index]
    skos = "http://www.w3.org/2004/02/skos/core#"
    assert by_p[skos + "altLabel"] == {
        "KDevelop 4.7.0", "KDevelop 4.6.0", "KDevelop 4.0.0", "KDevelop", "KDevelop 5.0.0"}
    assert by_p[skos + "prefLabel"] == {"KDevelop"}
    assert {"http://data.europa.eu/esco/concept-scheme/skills",
            "http://data.europa.eu/esco/concept-scheme/6c930acd-c104-4ece-acf7-f44fd7333036",
            "http://data.europa.eu/esco/concept-scheme/member-skills",
            "https://w3id.org/competency-graph/framework/esco-1.1.1-skills"} <= \
        by_p[skos + "inScheme"]
    assert by_p["http://data.europa.eu/esco/model#skillType"] == {
        "http://data.europa.eu/esco/skill-type/knowledge"}
    assert by_p["http://data.europa.eu/esco/model#skillReuseLevel"] == {
        "http://data.europa.eu/esco/skill-reuse-level/sector-specific"}
    assert by_p["https://w3id.org/competency-graph/ontology#competencyType"] == {
        "https://w3id.org/competency-graph/ontology#Knowledge"}


def test_skills_with_an_empty_type_are_kept_without_a_type(excerpt_store: GraphStore) -> None:
    """The six skills with an empty skillType are imported, with no type asserted."""
    rows = ask(excerpt_store, """
        PREFIX esco: <http://data.europa.eu/esco/model#>
        SELECT ?s WHERE { ?s a esco:Skill FILTER NOT EXISTS { ?s esco:skillType ?t } }""")
    untyped = {r["s"]["value"] for r in rows}  # type: ignore[index]
    assert len(untyped) == 6
    assert SKILL_EMPTY_TYPE in untyped


def test_over_long_cell_and_hidden_labels(excerpt_store: GraphStore) -> None:
    """The 134,000-character hasTopConcept cell is read whole; hiddenLabels are kept."""
    rows = ask(excerpt_store, """
        SELECT (COUNT(?c) AS ?n) WHERE {
          <http://data.europa.eu/esco/concept-scheme/member-occupations> skos:hasTopConcept ?c }""")
    assert int(rows[0]["n"]["value"]) == 1760  # type: ignore[index]
    rows = ask(excerpt_store, f"""
        SELECT ?l WHERE {{ <{YOUTH_WORKER}> skos:hiddenLabel ?l }}""")
    assert {r["l"]["value"] for r in rows} >= {"youth coach", "eurodesk mobility advisor"}  # type: ignore[index]


def test_collections_and_hierarchy(excerpt_store: GraphStore) -> None:
    """Each collection file is a skos:Collection of the version; the hierarchy links skills to
    skill groups with codes."""
    rows = ask(excerpt_store, """
        SELECT ?id (COUNT(?m) AS ?n) WHERE {
          ?c a skos:Collection ; dcterms:identifier ?id ; skos:member ?m } GROUP BY ?id""")
    found = {r["id"]["value"]: int(r["n"]["value"]) for r in rows}  # type: ignore[index]
    assert found == {"digcomp": 12, "digital": 112, "transversal": 18, "research-skills": 7}
    rows = ask(excerpt_store, """
        SELECT ?code WHERE { ?g a cg:CompetencyCategory ; skos:notation ?code ;
                             skos:narrower ?x } ORDER BY ?code LIMIT 1""")
    assert rows, "skill groups carry their hierarchy code and narrower concepts"


def test_reimport_replaces_and_a_second_version_coexists(tmp_path: Path) -> None:
    """Importing the same version again leaves the same triple count; another version (here the
    excerpt declared as 1.1.0) lands in its own graph, next to the first."""
    store = open_store(Settings(store=":memory:"))
    try:
        import_esco(store, ESCO_FIXTURES)
        once = store.triple_count()
        import_esco(store, ESCO_FIXTURES)
        assert store.triple_count() == once
        import_esco(store, ESCO_CLASSIFICATION, version="1.1.0")
        assert esco_graph("1.1.0") in store.graph_names()
        ids = {f.id: f.items for f in list_frameworks(store)}
        assert ids["esco-1.1.1-skills"] == 199
        assert ids["esco-1.1.0-skills"] == 199
        assert esco_counts(store, "1.1.0")["occupation_skill"] == 0
        assert esco_counts(store, "1.1.1")["occupation_skill"] == 146
    finally:
        store.close()


def test_interrupted_bulk_load_is_detected_and_repaired(tmp_path: Path) -> None:
    """A marker graph left by an interrupted bulk load is reported; the next import of that
    version replaces the partial graph and removes the marker."""
    store = open_store(Settings(store=str(tmp_path / "store")))
    try:
        from competency_graph.model import RdfPayload

        partial = f"<{KDEVELOP}> <http://www.w3.org/2004/02/skos/core#prefLabel> \"x\" .\n"
        marker = esco_graph("1.1.1") + "/incomplete"
        store.replace_graphs({
            esco_graph("1.1.1"): RdfPayload(partial.encode(), "ntriples", "partial"),
            marker: RdfPayload(f"<{esco_graph('1.1.1')}> <http://www.w3.org/2000/01/rdf-schema#"
                               "comment> \"in progress\" .\n".encode(), "ntriples", "marker")})
        assert incomplete_esco_versions(store) == ["1.1.1"]
        import_esco(store, ESCO_FIXTURES)
        assert incomplete_esco_versions(store) == []
        assert esco_counts(store, "1.1.1")["skills"] == 199
        labels = store.run_user_query(
            f"SELECT ?l WHERE {{ <{KDEVELOP}> skos:prefLabel ?l }}").body
        assert b'"x"' not in labels
    finally:
        store.close()


# --- bad input -------------------------------------------------------------------------------

def _problems(exc: pytest.ExceptionInfo[InputError]) -> list[dict[str, object]]:
    return [{"message": p.message, **p.location.as_dict()} for p in exc.value.problems]


def test_missing_member_is_reported_and_nothing_is_stored(tmp_path: Path,
                                                         memory_store: GraphStore) -> None:
    """A classification zip without skills_en.csv: exit-2 error naming the zip; store unchanged."""
    broken = rewrite_zip(ESCO_CLASSIFICATION, tmp_path / "esco-v1.1.1-broken.zip",
                         lambda n, t: None if n == "ISCOGroups_en.csv" else t)
    before = memory_store.triple_count()
    with pytest.raises(InputError) as exc:
        import_esco(memory_store, broken)
    problems = _problems(exc)
    assert problems == [{"message": "the classification zip lacks ISCOGroups_en.csv",
                         "file": str(broken)}]
    assert memory_store.triple_count() == before


def test_changed_header_is_located_by_row_and_column(tmp_path: Path,
                                                    memory_store: GraphStore) -> None:
    """A renamed column is reported at row 1 with the missing column's name."""
    broken = rewrite_zip(
        ESCO_CLASSIFICATION, tmp_path / "esco-v1.1.1-header.zip",
        lambda n, t: t.replace("reuseLevel", "reuse_level", 1) if n == "skills_en.csv" else t)
    before = memory_store.triple_count()
    with pytest.raises(InputError) as exc:
        import_esco(memory_store, broken)
    [problem] = _problems(exc)
    assert problem["file"] == f"{broken}!skills_en.csv"
    assert problem["row"] == 1
    assert problem["column"] == "reuseLevel"
    assert memory_store.triple_count() == before


def test_bad_values_are_all_reported_with_row_and_column(tmp_path: Path,
                                                        memory_store: GraphStore) -> None:
    """Every bad cell is reported (not only the first), each with its CSV row and column."""
    def change(name: str, text: str) -> str:
        if name == "occupationSkillRelations.csv":
            lines = text.split("\n")
            lines[2] = lines[2].replace(",essential,", ",crucial,").replace(",optional,",
                                                                             ",crucial,")
            lines[5] = lines[5].replace("http://data.europa.eu/esco/skill/", "not an iri ")
            return "\n".join(lines)
        return text

    broken = rewrite_zip(ESCO_RELATIONS, tmp_path / "esco-v1.1.1-relations.zip", change)
    before = memory_store.triple_count()
    with pytest.raises(InputError) as exc:
        import_esco(memory_store, [ESCO_CLASSIFICATION, broken])
    located = {(p["row"], p["column"]) for p in _problems(exc)}
    assert located == {(3, "relationType"), (6, "skillUri")}
    assert memory_store.triple_count() == before


def test_a_file_that_is_not_esco_is_refused(tmp_path: Path, memory_store: GraphStore) -> None:
    """A JSON file or a zip without ESCO members given as --kind esco is refused, located."""
    not_zip = tmp_path / "esco-v1.1.1.json"
    not_zip.write_text("{}", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        import_esco(memory_store, not_zip)
    assert "not a zip file" in str(exc.value)
    other = rewrite_zip(ESCO_CLASSIFICATION, tmp_path / "other-v1.zip",
                        lambda n, t: t if n == "conceptSchemes_en.csv" else None)
    with pytest.raises(InputError) as exc:
        import_esco(memory_store, other)
    assert exc.value.problems[0].location.file == str(other)
    assert "not an ESCO classification or relations zip" in exc.value.problems[0].message


def test_cli_bad_input_exits_2_with_the_location(tmp_path: Path) -> None:
    """On the command line a changed header exits 2 and names the member, row and column."""
    folder = tmp_path / "esco"
    folder.mkdir()
    rewrite_zip(ESCO_CLASSIFICATION, folder / ESCO_CLASSIFICATION.name,
                lambda n, t: t.replace("conceptUri", "uri", 1) if n == "occupations_en.csv"
                else t)
    result = run_cli("import", str(folder), "--kind", "esco", store=tmp_path / "store")
    assert result.returncode == 2
    assert "occupations_en.csv, row 1, column 'conceptUri'" in result.stderr


def test_cli_import_is_quiet_when_piped_and_lists_the_framework(tmp_path: Path) -> None:
    """Piped output has no progress bar, only the summary; ``frameworks --format json`` then
    shows the skills pillar with its item count."""
    folder = tmp_path / "esco"
    folder.mkdir()
    for path in (ESCO_CLASSIFICATION, ESCO_RELATIONS):
        shutil.copy(path, folder / path.name)
    store = tmp_path / "store"
    result = run_cli("import", str(folder), "--kind", "esco", store=store)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "ESCO 1.1.1: 199 skills, 6 occupations, 9 ISCO groups" in result.stdout
    listed = json.loads(run_cli("frameworks", "--format", "json", store=store).stdout)
    esco = [f for f in listed if f["id"] == "esco-1.1.1-skills"]
    assert esco and esco[0]["items"] == 199


# --- the full official downloads --------------------------------------------------------------

V111 = sorted(SHARED_ESCO.glob("v1.1.1_*.zip")) if SHARED_ESCO.is_dir() else []
V110 = sorted(SHARED_ESCO.glob("v1.1.0_*.zip")) if SHARED_ESCO.is_dir() else []


@pytest.fixture(scope="module")
def full_store() -> Iterator[GraphStore]:
    """An in-memory store holding the official v1.1.1 (classification + relations) and v1.1.0
    (classification) downloads."""
    store = open_store(Settings(store=":memory:"))
    import_esco(store, [*V111, *V110])
    yield store
    store.close()


@needs_shared_data
def test_full_v111_counts(full_store: GraphStore) -> None:
    """ESCO v1.1.1: 13,896 skills, 3,007 occupations (plus one that only 67 relation rows name),
    619 ISCO groups, 123,855 occupation–skill relations of which 64,946 essential."""
    assert len(V111) == 2
    counts = esco_counts(full_store, "1.1.1")
    assert counts["skills"] == 13_896
    assert counts["isco_groups"] == 619
    assert counts["occupation_skill"] == 123_855
    assert counts["occupation_skill_essential"] == 64_946
    assert counts["skill_skill"] == 5_899
    assert counts["occupations"] == 3_007
    rows = ask(full_store, """
        PREFIX esco: <http://data.europa.eu/esco/model#>
        SELECT (COUNT(?o) AS ?n) WHERE { GRAPH <https://w3id.org/competency-graph/graph/esco/1.1.1>
          { ?o a esco:Occupation FILTER NOT EXISTS { ?o skos:prefLabel ?l } } }""")
    assert int(rows[0]["n"]["value"]) == 1  # type: ignore[index]


@needs_shared_data
def test_full_versions_coexist(full_store: GraphStore) -> None:
    """v1.1.0 and v1.1.1 are two datasets with two frameworks and their own counts."""
    frameworks = {f.id: f.items for f in list_frameworks(full_store)}
    assert frameworks["esco-1.1.1-skills"] == 13_896
    assert frameworks["esco-1.1.0-skills"] == esco_counts(full_store, "1.1.0")["skills"]
    assert esco_counts(full_store, "1.1.0")["skills"] == 13_891
    assert esco_counts(full_store, "1.1.0")["isco_groups"] == 619


@needs_shared_data
def test_full_import_on_the_command_line(tmp_path: Path) -> None:
    """``import FOLDER --kind esco`` with the two v1.1.1 zips, then ``frameworks --format json``
    shows esco-1.1.1-skills with 13,896 items (the on-disk store, as a user runs it)."""
    folder = tmp_path / "esco"
    folder.mkdir()
    for path in V111:
        (folder / path.name).symlink_to(path)
    store = tmp_path / "store"
    result = run_cli("import", str(folder), "--kind", "esco", store=store)
    assert result.returncode == 0, result.stderr
    assert "123,855 occupation–skill relations (64,946 essential)" in result.stdout
    listed = json.loads(run_cli("frameworks", "--format", "json", store=store).stdout)
    [esco] = [f for f in listed if f["id"] == "esco-1.1.1-skills"]
    assert esco["items"] == 13_896


def test_cli_import_shows_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    """Under a pseudo-terminal (util-linux ``script``) the import draws rich's progress bar with
    the member being read, then prints the summary."""
    script = shutil.which("script")
    assert script, "util-linux `script` provides the pseudo-terminal for this test"
    log = tmp_path / "tty.log"
    command = (f"{BIN} --store {tmp_path / 'store'} import {ESCO_FIXTURES} --kind esco")
    subprocess.run([script, "-qec", command, str(log)], check=True, timeout=300,
                   stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "ESCO 1.1.1: skills_en.csv" in text
    assert "━" in text  # the bar
    assert "ESCO 1.1.1: 199 skills" in text
