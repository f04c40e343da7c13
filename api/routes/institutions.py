"""Institutions, indicator uploads, benchmarks and benchmarking studies (issue 8;
docs/benchmarking.md).

* ``GET /institutions`` — every institution (paged) with country, type, size and years with
  data; ``GET /institutions/{id}`` — one.
* ``POST /institutions`` — upload an institutions (and optionally indicators) CSV/xlsx;
  ``POST /institutions/{id}/indicators`` — upload indicator data of one institution (multipart
  field ``file``; ``replace=true`` drops the stored observations first). Writes need the key;
  both answer 201 with a ``Location``.
* ``GET /institutions/{id}/benchmark?year=&peers=&weights=&targets=&horizon=&lang=`` — JSON
  (default), ``text/html`` (the radar page), ``text/csv`` or ``text/plain``, by ``format=`` or
  the Accept header (``api.negotiation``).
* ``/studies`` — create (201, ``Location``), list (paged), read (JSON or HTML), replace, update
  one stage, delete; ``GET /studies/{id}/benchmark`` benchmarks the study's institution, peers
  and year with its action plan's targets as policy targets.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Path, Query, Request, Response, UploadFile

from api.deps import StoreDep, WriteKey
from api.negotiation import negotiator, respond
from api.paging import PagingDep, page
from api.schemas.common import Page
from api.schemas.institutions import (
    BenchmarkPublic,
    IndicatorImportPublic,
    InstitutionPublic,
    StageUpdate,
    StudyCreate,
    StudyPublic,
    StudySummaryPublic,
    StudyUpdate,
)
from competency_graph.reports import benchmarking as bench_reports
from competency_graph.services import benchmarking

router = APIRouter(prefix="/institutions", tags=["institutions"])
studies_router = APIRouter(prefix="/studies", tags=["studies"])

Lang = Literal["en", "ru", "kk"]
REPORT = negotiator("json", "html", "csv", "text")
ReportFormat = Annotated[str, Depends(REPORT.dependency)]
PAGE = negotiator("json", "html")
PageFormat = Annotated[str, Depends(PAGE.dependency)]
#: ``CODE=number`` pairs, comma-separated (the codes must be known indicators)
_PAIR = r"\s*[A-Za-z0-9_.-]+\s*=\s*-?[0-9]+(\.[0-9]+)?\s*"
ASSIGNMENTS = f"^{_PAIR}(,{_PAIR})*$"
Horizon = Annotated[int, Query(ge=0, le=50, description="years ahead")]


def _location(description: str) -> dict[int | str, dict[str, Any]]:
    return {201: {"headers": {"Location": {"description": description,
                                           "schema": {"type": "string"}}}}}


# --- institutions and indicators -------------------------------------------------------------

@router.get("", summary="List institutions", response_model=Page[InstitutionPublic])
def read_institutions(request: Request, store: StoreDep, paging: PagingDep,
                      lang: Lang = "en") -> dict[str, Any]:
    """Every institution with its names, country, type, student count and data years."""
    items = [i.as_dict() for i in benchmarking.list_institutions(store, lang)]
    return page(request, items, paging)


@router.get("/{institution_id}", summary="One institution", response_model=InstitutionPublic)
def read_institution(institution_id: str, store: StoreDep, lang: Lang = "en") -> dict[str, Any]:
    """One institution (404 when unknown)."""
    return benchmarking.get_institution(store, institution_id, lang).as_dict()


@router.post("", summary="Upload institutions (and indicators)", status_code=201,
             dependencies=[WriteKey], response_model=IndicatorImportPublic,
             responses=_location("The institution list"))
def create_institutions(store: StoreDep, response: Response, file: UploadFile = File(...),
                        replace: bool = False) -> dict[str, Any]:
    """A CSV (institutions table) or an xlsx with the sheets institutions / indicators /
    counts. Institutions are upserted by id; observations merged by year and indicator."""
    result = benchmarking.import_indicator_bytes(
        store, file.file.read(), file.filename or "upload", replace=replace)
    response.headers["Location"] = "/institutions"
    return dict(result.as_dict())


@router.post("/{institution_id}/indicators", summary="Upload indicator data", status_code=201,
             dependencies=[WriteKey], response_model=IndicatorImportPublic,
             responses=_location("The institution"))
def create_indicators(institution_id: str, store: StoreDep, response: Response,
                      file: UploadFile = File(...), replace: bool = False) -> dict[str, Any]:
    """CSV or xlsx indicator data of this institution (every row must name it). Located
    errors (file, sheet, row, column) come back as 422 and nothing is stored."""
    result = benchmarking.import_indicator_bytes(
        store, file.file.read(), file.filename or "upload", replace=replace,
        institution=institution_id)
    response.headers["Location"] = f"/institutions/{quote(institution_id, safe='')}"
    return dict(result.as_dict())


def _benchmark_answer(fmt: str, report: Any, lang: str) -> Any:
    return respond(fmt, report.as_dict, filename="benchmark",
                   html=lambda: bench_reports.render_benchmark_html(report, lang),
                   csv=lambda: bench_reports.render_benchmark_csv(report),
                   text=lambda: bench_reports.render_benchmark_text(report, lang))


@router.get("/{institution_id}/benchmark", summary="Benchmark against peers",
            response_model=BenchmarkPublic, responses=REPORT.openapi(BenchmarkPublic))
def read_benchmark(
    institution_id: str, store: StoreDep, fmt: ReportFormat,
    year: Annotated[int, Query(ge=1900, le=2200, description="reference year")],
    peers: Annotated[str | None, Query(max_length=2000, description=(
        "ID,ID,... or type | country | type+country | all (default type)"))] = None,
    weights: Annotated[str | None, Query(max_length=2000, json_schema_extra={
        "pattern": ASSIGNMENTS}, description="e.g. INT1=2,INT7=0")] = None,
    targets: Annotated[str | None, Query(max_length=2000, json_schema_extra={
        "pattern": ASSIGNMENTS}, description="policy targets, e.g. INT1=10")] = None,
    horizon: Horizon = benchmarking.DEFAULT_HORIZON,
    lang: Lang = "en",
) -> Any:
    """Per indicator: value, peer median, best in class, target, gaps, attainment, rank,
    min–max and z-score, growth rates, projected gap and trend; and the weighted composite."""
    codes = sorted(benchmarking.indicator_catalogue(store))
    report = benchmarking.benchmark(
        store, institution_id, year=year, peers=peers,
        weights=benchmarking.parse_assignments(weights, "weights", codes) or None,
        targets=benchmarking.parse_assignments(targets, "targets", codes) or None,
        horizon=horizon, lang=lang)
    return _benchmark_answer(fmt, report, lang)


# --- studies ---------------------------------------------------------------------------------

def _public(store: Any, study: Any, lang: str = "en") -> dict[str, Any]:
    return benchmarking.study_public(store, study, lang)


@studies_router.get("", summary="List benchmarking studies",
                    response_model=Page[StudySummaryPublic])
def read_studies(request: Request, store: StoreDep, paging: PagingDep) -> dict[str, Any]:
    """Every study with its institution, year and stage progress."""
    return page(request, benchmarking.list_studies(store), paging)


@studies_router.post("", summary="Create a study", status_code=201, dependencies=[WriteKey],
                     response_model=StudyPublic, responses=_location("The new study"))
def create_study(body: StudyCreate, store: StoreDep, response: Response) -> dict[str, Any]:
    """Create a study; missing stages are added as planned. 422 with JSON paths on bad data."""
    study = benchmarking.create_study(store, body.model_dump())
    response.headers["Location"] = f"/studies/{quote(study.id, safe='')}"
    return _public(store, study)


@studies_router.get("/{study_id}", summary="One study", response_model=StudyPublic,
                    responses=PAGE.openapi(StudyPublic))
def read_study(study_id: str, store: StoreDep, fmt: PageFormat, lang: Lang = "en") -> Any:
    """The study with stages (Camp's steps, PDCA) and action plan, and for each action item the
    development programmes that develop the staff competences its indicator depends on;
    ``text/html`` (or ``format=html``) gives the printable page."""
    study = benchmarking.get_study(store, study_id)
    return respond(fmt, lambda: _public(store, study, lang),
                   html=lambda: bench_reports.render_study_html(
                       **benchmarking.study_page_data(store, study, lang), lang=lang))


@studies_router.put("/{study_id}", summary="Replace a study", dependencies=[WriteKey],
                    response_model=StudyPublic)
def update_study(study_id: str, body: StudyUpdate, store: StoreDep) -> dict[str, Any]:
    """Replace the whole study (its id stays)."""
    return _public(store, benchmarking.update_study(store, study_id, body.model_dump()))


@studies_router.patch("/{study_id}/stages/{number}", summary="Update one stage",
                      dependencies=[WriteKey], response_model=StudyPublic)
def update_stage(study_id: str, number: Annotated[int, Path(ge=1, le=5)], body: StageUpdate,
                 store: StoreDep) -> dict[str, Any]:
    """Change a stage's status, dates or note."""
    changes = body.model_dump(exclude_unset=True)
    return _public(store, benchmarking.update_stage(store, study_id, number, changes))


@studies_router.delete("/{study_id}", summary="Delete a study", status_code=204,
                       dependencies=[WriteKey], response_class=Response)
def delete_study(study_id: str, store: StoreDep) -> Response:
    """Delete the study's named graph."""
    benchmarking.delete_study(store, study_id)
    return Response(status_code=204)


@studies_router.get("/{study_id}/benchmark", summary="Benchmark of a study",
                    response_model=BenchmarkPublic, responses=REPORT.openapi(BenchmarkPublic))
def read_study_benchmark(study_id: str, store: StoreDep, fmt: ReportFormat,
                         lang: Lang = "en",
                         horizon: Horizon = benchmarking.DEFAULT_HORIZON) -> Any:
    """The benchmark of the study's institution, peers and year; the action plan's target
    values are the policy targets."""
    report = benchmarking.study_benchmark(store, study_id, horizon=horizon, lang=lang)
    return _benchmark_answer(fmt, report, lang)
