"""Institutions: the list, indicator upload, the benchmark page, and the benchmarking studies
(the five stages and the action plan)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from competency_graph.errors import InputError, Problem
from competency_graph.reports import benchmarking as bench_reports
from competency_graph.services import benchmarking
from web.render import Page, PageError, WebRoute, page
from web.routes.programmes import read_uploads

router = APIRouter(route_class=WebRoute, prefix="/ui")
PageDep = Annotated[Page, Depends(page)]


def _list_page(p: Page, *, problems: list[Problem] | None = None, message: str | None = None,
               status: int = 200) -> Response:
    return p.render("institutions.html", status=status,
                    institutions=benchmarking.list_institutions(p.store, p.lang),
                    studies=benchmarking.list_studies(p.store), problems=problems or [],
                    message=message)


@router.get("/institutions")
def institutions_page(p: PageDep) -> Response:
    """Every institution with its years of data, the studies, and the indicator upload."""
    return _list_page(p)


@router.post("/institutions")
def upload_indicators(p: PageDep, file: Annotated[list[UploadFile], File()],
                      csrf_token: Annotated[str, Form()] = "") -> Response:
    """Import an indicator CSV or workbook (editors); errors are listed, nothing is stored."""
    p.require_write(csrf_token)
    try:
        (name, data), *_rest = read_uploads(file[:1], p.settings.max_upload_bytes)
        result = benchmarking.import_indicator_bytes(p.store, data, name)
    except InputError as exc:
        return _list_page(p, problems=list(exc.problems), status=422)
    return _list_page(p, message=result.message())


def _year(p: Page, institution: str, year: int | None) -> int:
    inst = benchmarking.get_institution(p.store, institution, p.lang)
    if year is None:
        if not inst.years:
            raise PageError(404, p.t("web.bench.no_data"))
        return max(inst.years)
    return year


@router.get("/institutions/{institution}/benchmark")
def benchmark_page(p: PageDep, institution: str, year: int | None = None) -> Response:
    """The benchmark: radar chart with indicator names, the gap table with targets, and what
    the z-score and min–max columns mean."""
    chosen = _year(p, institution, year)
    report = benchmarking.benchmark(p.store, institution, year=chosen, lang=p.lang)
    inst = benchmarking.get_institution(p.store, institution, p.lang)
    return p.render("benchmark.html", report=report, inst=inst, year=chosen,
                    rows=bench_reports.benchmark_rows(report),
                    radar=Markup(bench_reports.benchmark_radar(report, p.lang)))


@router.get("/institutions/{institution}/benchmark/print")
def benchmark_print(p: PageDep, institution: str, year: int | None = None) -> Response:
    """The printable benchmark report."""
    chosen = _year(p, institution, year)
    report = benchmarking.benchmark(p.store, institution, year=chosen, lang=p.lang)
    return HTMLResponse(bench_reports.render_benchmark_html(report, p.lang))


@router.get("/studies/{study_id}")
def study_page(p: PageDep, study_id: str) -> Response:
    """A benchmarking study: its five stages and the action plan."""
    study = benchmarking.get_study(p.store, study_id)
    data = benchmarking.study_page_data(p.store, study, p.lang)
    return p.render("study.html", study=data["study"], titles=data["programme_titles"])


@router.get("/studies/{study_id}/print")
def study_print(p: PageDep, study_id: str) -> Response:
    """The printable study page."""
    study = benchmarking.get_study(p.store, study_id)
    return HTMLResponse(bench_reports.render_study_html(
        **benchmarking.study_page_data(p.store, study, p.lang), lang=p.lang))
