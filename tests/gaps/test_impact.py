"""Impact of a framework version change (wa-2013 → wa-2021) on a programme."""

from __future__ import annotations

import pytest

from competency_graph.analysis import MappingEdge, classify, orient
from competency_graph.errors import NotFoundError
from competency_graph.reports.gaps import render_impact_text
from competency_graph.services import gaps
from competency_graph.store import GraphStore


def test_merged_and_changed_items_and_courses_to_review(gap_store: GraphStore) -> None:
    """GAP1 aligns to wa-2013:WA7, wa-2013:WA1 (closeMatch: changed) and wa-2013:WA4; LAB301
    and MATH101 are the courses to review. Since issue 13 the crosswalk has WA4 closeMatch (so
    WA4 is changed, no longer unchanged) and 2013 WA7 relatedMatch 2021 WA2 and WA3 besides
    its broadMatch WA6: WA7 goes to three 2021 items (split) that also receive 2013 WA2, WA3
    and WA6 (merged with them). So three items are affected: WA1, WA4 and WA7."""
    data = gaps.impact(gap_store, "GAP1", old="wa-2013", new="wa-2021")
    items = {i["code"]: i for i in data["items"]}
    assert items["wa-2013:WA7"]["changes"] == ["merged", "split", "changed"]
    assert items["wa-2013:WA7"]["merged_with"] == ["wa-2013:WA2", "wa-2013:WA3", "wa-2013:WA6"]
    assert [a["source_code"] for a in items["wa-2013:WA7"]["alignments"]] == ["LAB301/LO2"]
    assert items["wa-2013:WA1"]["changes"] == ["changed"]
    assert items["wa-2013:WA4"]["changes"] == ["changed"]
    assert [c["code"] for c in data["courses_to_review"]] == ["LAB301", "MATH101"]
    assert data["summary"]["affected_items"] == 3
    assert data["crosswalks"] == ["https://w3id.org/competency-graph/crosswalk/wa-2013--wa-2021"]
    assert "WA7" in render_impact_text(data)


def test_crosswalk_read_backwards_shows_a_split(gap_store: GraphStore) -> None:
    """Asked from wa-2021 to wa-2013, the same crosswalk is read backwards: wa-2021:WA6 splits
    into wa-2013:WA6 and WA7."""
    data = gaps.impact(gap_store, "GAP1", old="wa-2021", new="wa-2013")
    items = {i["code"]: i for i in data["items"]}
    assert "split" in items["wa-2021:WA6"]["changes"]
    assert {c["relation"] for c in items["wa-2021:WA6"]["counterparts"]} == {"narrowMatch"}


def test_no_crosswalk_between_the_versions(gap_store: GraphStore) -> None:
    """Two frameworks without a crosswalk between them: NotFoundError."""
    with pytest.raises(NotFoundError, match="no crosswalk"):
        gaps.impact(gap_store, "GAP1", old="wa-2013", new="cefr")


def test_classification_rules() -> None:
    """removed, added, split, merged, changed and unchanged from the mapping relations."""
    edges = [MappingEdge("o1", "exactMatch", "n1"),
             MappingEdge("o2", "closeMatch", "n2"), MappingEdge("o2", "closeMatch", "n3"),
             MappingEdge("o3", "exactMatch", "n4"), MappingEdge("o4", "exactMatch", "n4")]
    result = classify(orient(edges, True), ["o1", "o2", "o3", "o4", "o5"],
                      ["n1", "n2", "n3", "n4", "n5"])
    assert result["o1"].unchanged
    assert result["o2"].changes == ["split", "changed"]
    assert result["o3"].changes == ["merged"] == result["o4"].changes
    assert result["o5"].changes == ["removed"]
    assert result["n5"].changes == ["added"]
    backwards = orient([MappingEdge("a", "broadMatch", "b")], False)
    assert backwards == [MappingEdge("b", "narrowMatch", "a")]
