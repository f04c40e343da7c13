"""Benchmarking studies: the five-stage cycle as data (Spendolini, with Camp's steps and PDCA as
the finer grain), and the action plan the study produces. Create, read, update, delete.

A study lives in its own named graph ``graph/study/<id>``: the study ``DATA study/<id>``, its
stages ``…/stage/<n>`` (n = 1–5, Spendolini's stage number) and action-plan items
``…/action/<n>``. Input is a JSON-like mapping (the API's pydantic body, or a JSON file for the
CLI); every problem is reported with its JSON path and nothing is stored then.

Decisions (``docs/benchmarking.md``): a study always has the five stages (missing ones are
created as planned); the stage kind follows from its number; a stage's end date is not before
its start date; the study's status is derived from its stages (completed when all five are,
planned when none has started, otherwise in progress; the current stage is the first one not
completed). Action-plan items name an indicator, a target inside the indicator's range, a
deadline, an owner, and may link development programmes (by id or IRI; they must exist in the
store). :data:`STAFF_COMPETENCES` lists, for the indicators that depend on staff competences,
which staff-intl competences matter, so that matching development programmes can be suggested.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from competency_graph.errors import InputError, Location, NotFoundError, Problem
from competency_graph.io.indicators import (
    institution_iri,
    nt_decimal,
    nt_literal,
    nt_typed,
)
from competency_graph.model import IRI, Literal, RdfPayload, value
from competency_graph.namespaces import CG, DCTERMS, RDF, RDFS, data_iri, graph_iri
from competency_graph.services.benchmarking.compare import benchmark
from competency_graph.services.benchmarking.indicators import indicator_catalogue, list_institutions
from competency_graph.services.system import pick_label
from competency_graph.store import GraphStore

#: Spendolini's stages by number: (kind, Camp's steps it covers, PDCA phases).
STAGES: dict[int, tuple[str, tuple[int, ...], tuple[str, ...]]] = {
    1: ("DetermineWhatToBenchmark", (1,), ("plan",)),
    2: ("FormBenchmarkingTeam", (), ("plan",)),
    3: ("IdentifyPartners", (2,), ("plan",)),
    4: ("CollectAndAnalyseInformation", (3, 4, 5), ("do",)),
    5: ("TakeAction", (6, 7, 8, 9, 10), ("do", "check", "act")),
}
#: Camp's ten steps (Camp 1989; docs/benchmarking.md), for the finer grain shown with each stage.
CAMP_STEPS: dict[int, str] = {
    1: "Decide what to benchmark", 2: "Identify whom to benchmark",
    3: "Plan and run the study: collect data", 4: "Determine the current performance gap",
    5: "Project future performance levels", 6: "Communicate findings and gain acceptance",
    7: "Set functional goals", 8: "Develop action plans",
    9: "Implement specific actions and monitor progress", 10: "Recalibrate benchmarks",
}
STATUSES: dict[str, str] = {"planned": "StagePlanned", "in-progress": "StageInProgress",
                            "completed": "StageCompleted"}
_STATUS_CODES = {v: k for k, v in STATUSES.items()}
_KIND_NUMBERS = {kind: n for n, (kind, _c, _p) in STAGES.items()}

#: Indicators that depend on staff competences → the staff-intl items that matter (editorial
#: judgement; docs/benchmarking.md).
STAFF_COMPETENCES: dict[str, tuple[str, ...]] = {
    "INT1": ("SI1", "SI2", "SI4"),
    "INT2": ("SI1", "SI2", "SI4"),
    "INT3": ("SI1", "SI6", "SI7"),
    "INT4": ("SI3", "SI7"),
    "INT5": ("SI6",),
    "INT6": ("SI6", "SI1"),
    "INT7": ("SI5", "SI6"),
    "INT-S1": ("SI1", "SI4"),
    "INT-S4": ("SI1",),
}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def study_iri(study_id: str) -> str:
    """Return ``DATA study/<id>``."""
    return data_iri("study", study_id)


def study_graph(study_id: str) -> str:
    """Return ``graph/study/<id>``."""
    return graph_iri("study", study_id)


@dataclass
class Stage:
    """One stage of a study."""

    number: int
    status: str = "planned"
    start: date | None = None
    end: date | None = None
    note: str | None = None

    @property
    def kind(self) -> str:
        """The stage kind's local name (``DetermineWhatToBenchmark`` …)."""
        return STAGES[self.number][0]

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict with Camp's steps and the PDCA phases of the stage."""
        _kind, camp, pdca = STAGES[self.number]
        return {"number": self.number, "kind": self.kind, "kind_iri": CG + self.kind,
                "status": self.status,
                "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None, "note": self.note,
                "camp_steps": [{"step": s, "name": CAMP_STEPS[s]} for s in camp],
                "pdca": list(pdca)}


@dataclass
class ActionItem:
    """One item of a study's action plan."""

    indicator: str
    target_value: float | None = None
    deadline: date | None = None
    owner: str | None = None
    programmes: list[str] = field(default_factory=list)
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"indicator": self.indicator, "target_value": self.target_value,
                "deadline": self.deadline.isoformat() if self.deadline else None,
                "owner": self.owner, "programmes": self.programmes, "note": self.note}


@dataclass
class Study:
    """A benchmarking study."""

    id: str
    title: str
    institution: str
    year: int
    peers: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    team: list[str] = field(default_factory=list)
    description: str | None = None
    stages: list[Stage] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)

    @property
    def status(self) -> str:
        """Derived: completed when every stage is, planned when none started, else in progress."""
        statuses = {s.status for s in self.stages}
        if statuses == {"completed"}:
            return "completed"
        if statuses <= {"planned"}:
            return "planned"
        return "in-progress"

    @property
    def current_stage(self) -> int | None:
        """The first stage not completed (None when all are)."""
        return next((s.number for s in sorted(self.stages, key=lambda s: s.number)
                     if s.status != "completed"), None)

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON shape of a study."""
        return {"id": self.id, "iri": study_iri(self.id), "title": self.title,
                "institution": self.institution, "year": self.year, "peers": self.peers,
                "indicators": self.indicators, "team": self.team,
                "description": self.description, "status": self.status,
                "current_stage": self.current_stage,
                "stages": [s.as_dict() for s in sorted(self.stages, key=lambda s: s.number)],
                "action_items": [a.as_dict() for a in self.action_items]}


# --- validation ------------------------------------------------------------------------------

def _date(raw: object, path: str, problems: list[Problem]) -> date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        problems.append(Problem(f"{raw!r} is not a date (YYYY-MM-DD)", Location(json_path=path)))
        return None


def programme_index(store: GraphStore, lang: str = "en") -> dict[str, dict[str, Any]]:
    """Return development programmes by IRI: id, title and the competences they develop."""
    out: dict[str, dict[str, Any]] = {}
    titles: dict[str, list[Any]] = {}
    for row in store.select("list_study_programme_links"):
        iri = str(row["programme"])
        entry = out.setdefault(iri, {"iri": iri, "id": str(row.get("id") or iri),
                                     "competences": set()})
        titles.setdefault(iri, []).append(row.get("title"))
        if row.get("code"):
            entry["competences"].add(str(row["code"]))
    for iri, entry in out.items():
        entry["title"] = pick_label(titles[iri], lang) or entry["id"]
        entry["competences"] = sorted(entry["competences"])
    return out


_Report = Callable[[str, str], None]


def _parse_stages(raw_stages: Any, bad: _Report, problems: list[Problem]) -> list[Stage]:
    """The five stages, each given one (or none: planned) at most once."""
    stages: dict[int, Stage] = {}
    for i, raw in enumerate(raw_stages or []):
        path = f"/stages/{i}"
        number = raw.get("number")
        kind = raw.get("kind")
        if number is None and kind:
            number = _KIND_NUMBERS.get(str(kind).removeprefix(CG))
        if number not in STAGES:
            bad("the stage number must be 1–5 (or give a known kind)", f"{path}/number")
            continue
        if kind and _KIND_NUMBERS.get(str(kind).removeprefix(CG)) != number:
            bad(f"stage {number} is {STAGES[number][0]}, not {kind}", f"{path}/kind")
        if number in stages:
            bad(f"stage {number} is given twice", f"{path}/number")
        status = str(raw.get("status") or "planned")
        if status not in STATUSES:
            bad(f"the status {status!r} is not one of {', '.join(STATUSES)}", f"{path}/status")
        start = _date(raw.get("start"), f"{path}/start", problems)
        end = _date(raw.get("end"), f"{path}/end", problems)
        if start and end and end < start:
            bad("the end date is before the start date", f"{path}/end")
        stages[number] = Stage(number, status, start, end, raw.get("note") or None)
    for number in STAGES:
        stages.setdefault(number, Stage(number))
    return [stages[n] for n in sorted(stages)]


def _parse_target(raw: Any, code: str, spec: Any, path: str, bad: _Report) -> float | None:
    """An action item's target value: a number within the indicator's range."""
    if raw is None:
        return None
    try:
        target = float(raw)
    except (TypeError, ValueError):
        bad(f"the target {raw!r} is not a number", path)
        return None
    if spec is not None and (
            (spec.min_value is not None and Decimal(str(target)) < spec.min_value)
            or (spec.max_value is not None and Decimal(str(target)) > spec.max_value)):
        bad(f"the target {target} is outside {code}'s range "
            f"{spec.min_value}–{spec.max_value}", path)
    return target


def _parse_action_items(raw_items: Any, specs: Mapping[str, Any],
                        programmes: Mapping[str, Any], bad: _Report,
                        problems: list[Problem]) -> list[ActionItem]:
    """The action plan: indicator, target, deadline, owner and linked development programmes
    (by IRI or id)."""
    by_id = {p["id"]: iri for iri, p in programmes.items()}
    items = []
    for i, raw in enumerate(raw_items or []):
        path = f"/action_items/{i}"
        code = str(raw.get("indicator") or "")
        spec = specs.get(code)
        if spec is None:
            bad(f"unknown indicator {code!r}", f"{path}/indicator")
        target = _parse_target(raw.get("target_value"), code, spec, f"{path}/target_value", bad)
        links = []
        for k, ref in enumerate(raw.get("programmes") or []):
            iri = str(ref) if str(ref) in programmes else by_id.get(str(ref))
            if iri is None:
                bad(f"unknown development programme {ref!r}", f"{path}/programmes/{k}")
            else:
                links.append(iri)
        deadline = _date(raw.get("deadline"), f"{path}/deadline", problems)
        items.append(ActionItem(code, target, deadline, str(raw.get("owner") or "") or None,
                                links, raw.get("note") or None))
    return items


def parse_study(store: GraphStore, data: Mapping[str, Any], *,
                study_id: str | None = None) -> Study:
    """Validate a study given as a mapping; raise :class:`InputError` with every problem."""
    problems: list[Problem] = []

    def bad(message: str, path: str) -> None:
        problems.append(Problem(message, Location(json_path=path)))

    specs = indicator_catalogue(store)
    institutions = {i.id for i in list_institutions(store, with_years=False)}
    ident = study_id or str(data.get("id") or "")
    if not _ID.match(ident):
        bad("the study id may hold only letters, digits, '-', '_' and '.' (1–64)", "/id")
    title = str(data.get("title") or "").strip()
    if not title:
        bad("the title is empty", "/title")
    institution = str(data.get("institution") or "")
    if institution not in institutions:
        bad(f"unknown institution {institution!r}", "/institution")
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100:
        bad(f"the year {year!r} is not a whole number 1900–2100", "/year")
    peers = [str(p) for p in data.get("peers") or []]
    for i, p in enumerate(peers):
        if p not in institutions:
            bad(f"unknown peer institution {p!r}", f"/peers/{i}")
        elif p == institution:
            bad("an institution is not its own peer", f"/peers/{i}")
    indicators = [str(c) for c in data.get("indicators") or []] or sorted(
        (c for c, s in specs.items() if s.is_core))
    for i, c in enumerate(indicators):
        if c not in specs:
            bad(f"unknown indicator {c!r}", f"/indicators/{i}")
    stages = _parse_stages(data.get("stages"), bad, problems)
    items = _parse_action_items(data.get("action_items"), specs, programme_index(store), bad,
                                problems)
    if problems:
        raise InputError(problems)
    # RDF keeps no order: peers, indicators and team are stored as sets and read back sorted
    return Study(ident, title, institution, int(year),  # type: ignore[arg-type]
                 sorted(set(peers)), sorted(set(indicators), key=_indicator_order),
                 sorted({str(t) for t in data.get("team") or []}),
                 data.get("description") or None, stages, items)


def _indicator_order(code: str) -> tuple[int, str]:
    return (1 if "-S" in code else 0, code)


# --- writing and reading ---------------------------------------------------------------------

def study_ntriples(study: Study, specs: Mapping[str, Any]) -> bytes:
    """Return the N-Triples of a study's named graph."""
    s = f"<{study_iri(study.id)}>"
    lines = [f"{s} <{RDF}type> <{CG}BenchmarkingStudy> .",
             f"{s} <{DCTERMS}identifier> {nt_literal(study.id)} .",
             f"{s} <{DCTERMS}title> {nt_literal(study.title)} .",
             f"{s} <{CG}studyInstitution> <{institution_iri(study.institution)}> .",
             f"{s} <{CG}refYear> {nt_typed(study.year, 'integer')} ."]
    if study.description:
        lines.append(f"{s} <{DCTERMS}description> {nt_literal(study.description)} .")
    lines += [f"{s} <{CG}peer> <{institution_iri(p)}> ." for p in study.peers]
    lines += [f"{s} <{CG}studiedIndicator> <{specs[c].iri}> ." for c in study.indicators]
    lines += [f"{s} <{DCTERMS}contributor> {nt_literal(t)} ." for t in study.team]
    for st in study.stages:
        o = f"<{study_iri(study.id)}/stage/{st.number}>"
        lines += [f"{s} <{CG}hasStage> {o} .", f"{o} <{RDF}type> <{CG}BenchmarkingStage> .",
                  f"{o} <{CG}stageNumber> {nt_typed(st.number, 'integer')} .",
                  f"{o} <{CG}stageKind> <{CG}{st.kind}> .",
                  f"{o} <{CG}stageStatus> <{CG}{STATUSES[st.status]}> ."]
        if st.start:
            lines.append(f"{o} <{CG}startDate> {nt_typed(st.start.isoformat(), 'date')} .")
        if st.end:
            lines.append(f"{o} <{CG}endDate> {nt_typed(st.end.isoformat(), 'date')} .")
        if st.note:
            lines.append(f"{o} <{RDFS}comment> {nt_literal(st.note)} .")
    for n, item in enumerate(study.action_items, start=1):
        o = f"<{study_iri(study.id)}/action/{n}>"
        lines += [f"{s} <{CG}hasActionPlanItem> {o} .",
                  f"{o} <{RDF}type> <{CG}ActionPlanItem> .",
                  f"{o} <{CG}refIndicator> <{specs[item.indicator].iri}> .",
                  f"{o} <{DCTERMS}identifier> {nt_literal(str(n))} ."]
        if item.target_value is not None:
            lines.append(f"{o} <{CG}targetValue> {nt_decimal(Decimal(str(item.target_value)))} .")
        if item.deadline:
            lines.append(f"{o} <{CG}deadline> {nt_typed(item.deadline.isoformat(), 'date')} .")
        if item.owner:
            lines.append(f"{o} <{CG}owner> {nt_literal(item.owner)} .")
        lines += [f"{o} <{CG}linkedDevelopmentProgramme> <{p}> ." for p in item.programmes]
        if item.note:
            lines.append(f"{o} <{RDFS}comment> {nt_literal(item.note)} .")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _code_of(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def get_study(store: GraphStore, study_id: str) -> Study:
    """Read a study back from its named graph; :class:`NotFoundError` when it does not exist."""
    rows = store.select("list_study_triples", graph=IRI(study_graph(study_id)))
    if not rows:
        raise NotFoundError(f"no benchmarking study with the id {study_id!r}")
    props: dict[str, dict[str, list[Any]]] = {}
    for row in rows:
        props.setdefault(str(row["s"]), {}).setdefault(str(row["p"]), []).append(row["o"])
    me = props.get(study_iri(study_id), {})

    def one(node: Mapping[str, list[Any]], prop: str) -> Any:
        got = node.get(prop) or [None]
        return got[0]

    def ident(term: Any) -> str:
        return _code_of(str(term))

    year = value(one(me, CG + "refYear"))
    stages = []
    for stage_iri in me.get(CG + "hasStage", []):
        node = props.get(str(stage_iri), {})
        number = value(one(node, CG + "stageNumber"))
        status = str(one(node, CG + "stageStatus") or "").removeprefix(CG)
        start, end = one(node, CG + "startDate"), one(node, CG + "endDate")
        note = one(node, RDFS + "comment")
        stages.append(Stage(int(number), _STATUS_CODES.get(status, "planned"),  # type: ignore[arg-type]
                            date.fromisoformat(str(start)) if start else None,
                            date.fromisoformat(str(end)) if end else None,
                            str(note) if note else None))
    items = []
    for item_iri_ in me.get(CG + "hasActionPlanItem", []):
        node = props.get(str(item_iri_), {})
        target = value(one(node, CG + "targetValue"))
        deadline = one(node, CG + "deadline")
        owner, note = one(node, CG + "owner"), one(node, RDFS + "comment")
        number = str(one(node, DCTERMS + "identifier") or "0")
        items.append((int(number) if number.isdigit() else 0, ActionItem(
            ident(one(node, CG + "refIndicator")),
            float(target) if target is not None else None,
            date.fromisoformat(str(deadline)) if deadline else None,
            str(owner) if owner else None,
            sorted(str(p) for p in node.get(CG + "linkedDevelopmentProgramme", [])),
            str(note) if note else None)))
    description = one(me, DCTERMS + "description")
    return Study(
        id=study_id, title=str(one(me, DCTERMS + "title") or ""),
        institution=ident(one(me, CG + "studyInstitution")),
        year=int(year) if isinstance(year, int) else 0,
        peers=sorted(ident(p) for p in me.get(CG + "peer", [])),
        indicators=sorted((ident(c) for c in me.get(CG + "studiedIndicator", [])),
                          key=_indicator_order),
        team=sorted(str(t) for t in me.get(DCTERMS + "contributor", []) if isinstance(t, Literal)),
        description=str(description) if description else None,
        stages=sorted(stages, key=lambda s: s.number),
        action_items=[item for _n, item in sorted(items, key=lambda pair: pair[0])])


def list_studies(store: GraphStore) -> list[dict[str, Any]]:
    """Return a summary of every study (id, title, institution, year, stage progress)."""
    out = []
    for row in store.select("list_study_records"):
        stages = int(value(row.get("stages")) or 0)
        completed = int(value(row.get("completed")) or 0)
        out.append({"id": str(row["id"]), "title": str(row.get("title") or ""),
                    "institution": str(row.get("institutionId") or ""),
                    "year": value(row.get("year")), "stages": stages,
                    "stages_completed": completed,
                    "action_items": int(value(row.get("items")) or 0)})
    return out


def _exists(store: GraphStore, study_id: str) -> bool:
    return bool(store.select("list_study_triples", graph=IRI(study_graph(study_id))))


def _write(store: GraphStore, study: Study) -> Study:
    specs = indicator_catalogue(store)
    store.replace_graph(study_graph(study.id),
                        RdfPayload(study_ntriples(study, specs), "ntriples", f"study {study.id}"))
    return study


def create_study(store: GraphStore, data: Mapping[str, Any]) -> Study:
    """Create a study; its id is ``data["id"]`` or ``<institution>-<year>`` (made unique).

    :raises InputError: for invalid data or an id that is taken.
    """
    ident = str(data.get("id") or "")
    if not ident:
        base = f"{data.get('institution') or 'study'}-{data.get('year') or ''}".strip("-")
        base = re.sub(r"[^A-Za-z0-9_.-]", "-", base)[:56] or "study"
        ident, n = base, 1
        while _exists(store, ident):
            n += 1
            ident = f"{base}-{n}"
    elif _exists(store, ident):
        raise InputError(Problem(f"a study with the id {ident!r} exists already; update it "
                                 "instead", Location(json_path="/id")))
    return _write(store, parse_study(store, data, study_id=ident))


def update_study(store: GraphStore, study_id: str, data: Mapping[str, Any]) -> Study:
    """Replace a study wholesale with ``data`` (its id stays)."""
    if not _exists(store, study_id):
        raise NotFoundError(f"no benchmarking study with the id {study_id!r}")
    return _write(store, parse_study(store, {**data, "id": study_id}, study_id=study_id))


def update_stage(store: GraphStore, study_id: str, number: int,
                 changes: Mapping[str, Any]) -> Study:
    """Change one stage's status, dates or note (the other stages stay)."""
    study = get_study(store, study_id)
    if number not in STAGES:
        raise NotFoundError(f"no stage {number}: stages are numbered 1–5")
    data = study.as_dict()
    for stage in data["stages"]:
        if stage["number"] == number:
            stage.update({k: v for k, v in changes.items()
                          if k in ("status", "start", "end", "note")})
    data["action_items"] = [{**a} for a in data["action_items"]]
    return update_study(store, study_id, data)


def delete_study(store: GraphStore, study_id: str) -> None:
    """Delete a study (its named graph)."""
    if not _exists(store, study_id):
        raise NotFoundError(f"no benchmarking study with the id {study_id!r}")
    store.drop_graphs([study_graph(study_id)])


def study_targets(study: Study) -> dict[str, float]:
    """Policy targets from the action plan: the target of each indicator's last item."""
    return {a.indicator: a.target_value for a in study.action_items
            if a.target_value is not None}



def stored_targets(store: GraphStore, institution: str, year: int) -> dict[str, float]:
    """The policy targets recorded for ``institution``: the action-plan targets of its study of
    ``year`` or, when it has none for that year, of its latest earlier study (an action plan
    stays in force until the next study replaces it). Empty when no such study exists."""
    mine = [s for s in list_studies(store)
            if s["institution"] == institution and s["year"] is not None
            and int(s["year"]) <= year]
    if not mine:
        return {}
    latest = max(mine, key=lambda s: (int(s["year"]), s["id"]))
    return study_targets(get_study(store, latest["id"]))


def study_public(store: GraphStore, study: Study, lang: str = "en") -> dict[str, Any]:
    """The study's JSON plus, per action item, the development programmes that develop a staff
    competence its indicator depends on (:data:`STAFF_COMPETENCES`) and are not linked yet."""
    data = study.as_dict()
    index = programme_index(store, lang)
    for item in data["action_items"]:
        wanted = set(STAFF_COMPETENCES.get(item["indicator"], ()))
        item["staff_competences"] = sorted(wanted)
        item["suggested_programmes"] = [
            {"iri": p["iri"], "id": p["id"], "title": p["title"]}
            for p in index.values()
            if wanted & set(p["competences"]) and p["iri"] not in item["programmes"]]
    return data


def study_benchmark(store: GraphStore, study_id: str, *, horizon: int = 3,
                    lang: str = "en") -> Any:
    """Benchmark a study's institution against its peers (same-type rule when it lists none)
    in its year; its studied indicators carry weight 1 (others 0) and its action plan's
    targets are the policy targets."""
    study = get_study(store, study_id)
    codes = indicator_catalogue(store)
    weights = {c: (1.0 if c in study.indicators else 0.0) for c in codes}
    return benchmark(store, study.institution, year=study.year,
                           peers=study.peers or None, weights=weights,
                           targets=study_targets(study), horizon=horizon, lang=lang)


def study_page_data(store: GraphStore, study: Study, lang: str = "en") -> dict[str, Any]:
    """What the study page shows: the study's public JSON and the titles of the development
    programmes by IRI (``reports.benchmarking.render_study_html(**data, lang=lang)``)."""
    data = study_public(store, study, lang)
    titles = {iri: p["title"] for iri, p in programme_index(store, lang).items()}
    return {"study": data, "programme_titles": titles}
