"""Institutions, indicator uploads, benchmarks and benchmarking studies (issue 8;
docs/benchmarking.md).

* ``GET /institutions`` — every institution with country, type, size and years with data;
  ``GET /institutions/{id}`` — one.
* ``POST /institutions`` — upload an institutions (and optionally indicators) CSV/xlsx;
  ``POST /institutions/{id}/indicators`` — upload indicator data of one institution (multipart
  field ``file``; ``replace=true`` drops the stored observations first). Writes need the key.
* ``GET /institutions/{id}/benchmark?year=&peers=&weights=&targets=&horizon=&lang=`` — JSON
  (default), ``text/html`` (the radar page) or ``text/csv``, by ``format=`` or the Accept header.
* ``/studies`` — create, list, read, replace, update one stage, delete; ``GET
  /studies/{id}/benchmark`` benchmarks the study's institution, peers and year with its action
  plan's targets as policy targets.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from pydantic import BaseModel, Field

from api.deps import SettingsDep, StoreDep, WriteKey
from competency_graph.errors import InputError, Location, Problem
from competency_graph.reports import benchmarking as bench_reports
from competency_graph.services import benchmarking

router = APIRouter(prefix="/institutions", tags=["institutions"])
studies_router = APIRouter(prefix="/studies", tags=["studies"])

Lang = Literal["en", "ru", "kk"]
Format = Literal["json", "html", "csv", "text"]


# --- institutions and indicators -------------------------------------------------------------

@router.get("", summary="List institutions")
def read_institutions(store: StoreDep, lang: Lang = "en") -> dict[str, Any]:
    """Every institution with its names, country, type, student count and data years."""
    items = [i.as_dict() for i in benchmarking.list_institutions(store, lang)]
    return {"data": items, "count": len(items)}


@router.get("/{institution_id}", summary="One institution")
def read_institution(institution_id: str, store: StoreDep, lang: Lang = "en") -> dict[str, Any]:
    """One institution (404 when unknown)."""
    return benchmarking.get_institution(store, institution_id, lang).as_dict()


async def _read_upload(file: UploadFile, limit: int) -> bytes:
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise InputError(Problem(f"the upload is larger than {limit // 2**20} MiB",
                                 Location(file=file.filename)))
    return data


@router.post("", summary="Upload institutions (and indicators)", dependencies=[WriteKey])
async def create_institutions(store: StoreDep, settings: SettingsDep,
                              file: UploadFile = File(...),
                              replace: bool = False) -> dict[str, Any]:
    """A CSV (institutions table) or an xlsx with the sheets institutions / indicators /
    counts. Institutions are upserted by id; observations merged by year and indicator."""
    data = await _read_upload(file, settings.max_upload_bytes)
    result = benchmarking.import_indicator_bytes(
        store, data, file.filename or "upload", replace=replace)
    return result.as_dict()


@router.post("/{institution_id}/indicators", summary="Upload indicator data",
             dependencies=[WriteKey])
async def create_indicators(institution_id: str, store: StoreDep, settings: SettingsDep,
                            file: UploadFile = File(...),
                            replace: bool = False) -> dict[str, Any]:
    """CSV or xlsx indicator data of this institution (every row must name it). Located
    errors (file, sheet, row, column) come back as 422 and nothing is stored."""
    data = await _read_upload(file, settings.max_upload_bytes)
    result = benchmarking.import_indicator_bytes(
        store, data, file.filename or "upload", replace=replace, institution=institution_id)
    return result.as_dict()


def _pick_format(request: Request, fmt: Format | None) -> str:
    if fmt:
        return fmt
    accept = request.headers.get("accept", "").lower()
    offered = {"application/json": "json", "text/html": "html", "text/csv": "csv",
               "text/plain": "text"}
    found = [(accept.find(media), name) for media, name in offered.items() if media in accept]
    return min(found)[1] if found else "json"  # the first one the client names wins


def _respond(report: Any, fmt: str, lang: str) -> Response | dict[str, Any]:
    if fmt == "html":
        return HTMLResponse(bench_reports.render_benchmark_html(report, lang))
    if fmt == "csv":
        return Response(bench_reports.render_benchmark_csv(report),
                        media_type="text/csv; charset=utf-8", headers={"Vary": "Accept"})
    if fmt == "text":
        return PlainTextResponse(bench_reports.render_benchmark_text(report, lang))
    result: dict[str, Any] = report.as_dict()
    return result


@router.get("/{institution_id}/benchmark", summary="Benchmark against peers",
            response_model=None)
def read_benchmark(
    institution_id: str, request: Request, store: StoreDep,
    year: int = Query(..., description="reference year"),
    peers: str | None = Query(None, description="ID,ID,... or type | country | type+country "
                              "| all (default type)"),
    weights: str | None = Query(None, description="e.g. INT1=2,INT7=0"),
    targets: str | None = Query(None, description="policy targets, e.g. INT1=10"),
    horizon: int = Query(benchmarking.DEFAULT_HORIZON, description="years ahead"),
    lang: Lang = "en", format: Format | None = None,
) -> Response | dict[str, Any]:
    """Per indicator: value, peer median, best in class, target, gaps, attainment, rank,
    min–max and z-score, growth rates, projected gap and trend; and the weighted composite."""
    bench = benchmarking
    codes = sorted(benchmarking.indicator_catalogue(store))
    report = bench.benchmark(
        store, institution_id, year=year, peers=peers,
        weights=bench.parse_assignments(weights, "weights", codes) or None,
        targets=bench.parse_assignments(targets, "targets", codes) or None,
        horizon=horizon, lang=lang)
    return _respond(report, _pick_format(request, format), lang)


# --- studies ---------------------------------------------------------------------------------

class StageIn(BaseModel):
    """One stage (1–5) of the five-stage cycle."""

    number: int | None = Field(None, ge=1, le=5)
    kind: str | None = Field(None, description="e.g. DetermineWhatToBenchmark")
    status: Literal["planned", "in-progress", "completed"] = "planned"
    start: str | None = Field(None, description="YYYY-MM-DD")
    end: str | None = Field(None, description="YYYY-MM-DD")
    note: str | None = None


class StageUpdate(BaseModel):
    """Changes to one stage."""

    status: Literal["planned", "in-progress", "completed"] | None = None
    start: str | None = None
    end: str | None = None
    note: str | None = None


class ActionItemIn(BaseModel):
    """One action-plan item."""

    indicator: str
    target_value: float | None = None
    deadline: str | None = Field(None, description="YYYY-MM-DD")
    owner: str | None = None
    programmes: list[str] = Field(default_factory=list,
                                  description="development programme ids or IRIs")
    note: str | None = None


class StudyUpdate(BaseModel):
    """A benchmarking study (the whole of it)."""

    title: str
    institution: str
    year: int
    peers: list[str] = Field(default_factory=list)
    indicators: list[str] = Field(default_factory=list, description="default: the 7 core")
    team: list[str] = Field(default_factory=list)
    description: str | None = None
    stages: list[StageIn] = Field(default_factory=list)
    action_items: list[ActionItemIn] = Field(default_factory=list)


class StudyCreate(StudyUpdate):
    """A new study; without an id it becomes ``<institution>-<year>``."""

    id: str | None = None


def _public(store: Any, study: Any, lang: str = "en") -> dict[str, Any]:
    return benchmarking.study_public(store, study, lang)


@studies_router.get("", summary="List benchmarking studies")
def read_studies(store: StoreDep) -> dict[str, Any]:
    """Every study with its institution, year and stage progress."""
    items = benchmarking.list_studies(store)
    return {"data": items, "count": len(items)}


@studies_router.post("", summary="Create a study", status_code=201, dependencies=[WriteKey])
def create_study(body: StudyCreate, store: StoreDep) -> dict[str, Any]:
    """Create a study; missing stages are added as planned. 422 with JSON paths on bad data."""
    study = benchmarking.create_study(store, body.model_dump())
    return _public(store, study)


@studies_router.get("/{study_id}", summary="One study", response_model=None)
def read_study(study_id: str, request: Request, store: StoreDep, lang: Lang = "en",
               format: Literal["json", "html"] | None = None) -> Response | dict[str, Any]:
    """The study with stages (Camp's steps, PDCA) and action plan, and for each action item the
    development programmes that develop the staff competences its indicator depends on;
    ``format=html`` (or Accept: text/html) gives the printable page."""
    study = benchmarking.get_study(store, study_id)
    if format == "html" or (format is None and "text/html" in request.headers.get("accept", "")):
        return HTMLResponse(bench_reports.render_study_html(
            **benchmarking.study_page_data(store, study, lang), lang=lang))
    return _public(store, study, lang)


@studies_router.put("/{study_id}", summary="Replace a study", dependencies=[WriteKey])
def update_study(study_id: str, body: StudyUpdate, store: StoreDep) -> dict[str, Any]:
    """Replace the whole study (its id stays)."""
    return _public(store, benchmarking.update_study(store, study_id, body.model_dump()))


@studies_router.patch("/{study_id}/stages/{number}", summary="Update one stage",
                      dependencies=[WriteKey])
def update_stage(study_id: str, number: int, body: StageUpdate,
                 store: StoreDep) -> dict[str, Any]:
    """Change a stage's status, dates or note."""
    changes = body.model_dump(exclude_unset=True)
    return _public(store, benchmarking.update_stage(store, study_id, number, changes))


@studies_router.delete("/{study_id}", summary="Delete a study", status_code=204,
                       dependencies=[WriteKey])
def delete_study(study_id: str, store: StoreDep) -> Response:
    """Delete the study's named graph."""
    benchmarking.delete_study(store, study_id)
    return Response(status_code=204)


@studies_router.get("/{study_id}/benchmark", summary="Benchmark of a study",
                    response_model=None)
def read_study_benchmark(study_id: str, request: Request, store: StoreDep,
                         lang: Lang = "en", format: Format | None = None,
                         horizon: int = benchmarking.DEFAULT_HORIZON,
                         ) -> Response | dict[str, Any]:
    """The benchmark of the study's institution, peers and year; the action plan's target
    values are the policy targets."""
    report = benchmarking.study_benchmark(store, study_id, horizon=horizon, lang=lang)
    return _respond(report, _pick_format(request, format), lang)
