"""The programme workspace: list and upload, the programme page, the diff of two versions and
the print views. Every number comes from a service; the routes only choose what to show."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from competency_graph.errors import InputError, Location, Problem
from competency_graph.reports import gaps as gap_reports
from competency_graph.reports import staff as staff_reports
from competency_graph.reports import validation as validation_reports
from competency_graph.services import curriculum, frameworks, gaps, staff, validation, versions
from web.render import Page, PageError, WebRoute, environment, page, today

router = APIRouter(route_class=WebRoute, prefix="/ui/programmes")
PageDep = Annotated[Page, Depends(page)]
SEVERITIES = ("violation", "warning", "info")
REPORTS = ("validation", "gaps", "matrix", "progression", "staff")


def read_uploads(files: list[UploadFile], limit: int) -> list[tuple[str, bytes]]:
    """The uploaded files, refusing more than ``limit`` bytes in all before reading on."""
    uploads: list[tuple[str, bytes]] = []
    total = 0
    for upload in files:
        data = upload.file.read(limit + 1 - total)
        total += len(data)
        if total > limit:
            raise InputError(Problem(f"the upload is larger than {limit // 2**20} MB",
                                     Location(file=upload.filename or "upload")))
        uploads.append((upload.filename or "upload", data))
    if not any(data for _name, data in uploads):
        raise InputError(Problem("no file was chosen", Location(file="upload")))
    return uploads


def _list_page(p: Page, *, problems: list[Problem] | None = None, status: int = 200) -> Response:
    return p.render("programmes.html", status=status,
                    programmes=curriculum.list_programmes(p.store, lang=p.lang),
                    problems=problems or [])


@router.get("")
def programmes_page(p: PageDep) -> Response:
    """Every stored programme, and the upload form for editors."""
    return _list_page(p)


@router.get("/template.xlsx")
def template() -> Response:
    """The empty curriculum workbook template."""
    return Response(curriculum.workbook_template(),
                    media_type="application/vnd.openxmlformats-officedocument."
                               "spreadsheetml.sheet",
                    headers={"Content-Disposition":
                             'attachment; filename="curriculum-template.xlsx"'})


@router.post("")
def upload(request: Request, p: PageDep, file: Annotated[list[UploadFile], File()],
           csrf_token: Annotated[str, Form()] = "") -> Response:
    """Import a workbook (editors). Errors are listed in the page and nothing is stored."""
    p.require_write(csrf_token)
    try:
        summary = curriculum.import_upload(p.store, read_uploads(file, p.settings.max_upload_bytes))
    except InputError as exc:
        return _list_page(p, problems=list(exc.problems), status=422)
    return RedirectResponse(f"/ui/programmes/{summary.programme_id}", status_code=303)


def _cards(p: Page, prog: dict[str, Any], report: Any) -> list[dict[str, Any]]:
    counts = report.counts
    cards = [{"label": p.t(f"web.severity.{s}"), "value": counts.get(s, 0), "kind": s}
             for s in SEVERITIES]
    return cards


def workspace_data(p: Page, programme_id: str, version: str | None) -> dict[str, Any]:
    """What the programme page shows (every part from a service)."""
    ref = f"{programme_id}@{version}" if version else programme_id
    prog = curriculum.get_programme(p.store, programme_id, version=version, lang=p.lang)
    report = validation.validate(p.store, ref, lang=p.lang)
    coverage = []
    for fw in prog["targets"]:
        gap = gaps.gap_report(p.store, ref, fw, lang=p.lang, all_evidence=True)
        coverage.append({"framework": fw, "report": gap,
                         "title": frameworks.get_framework(p.store, fw, p.lang)["title"]})
    return {"prog": prog, "report": report, "coverage": coverage, "ref": ref}


@router.get("/{programme_id}")
def programme_page(p: PageDep, programme_id: str, version: str | None = None,
                   severity: str | None = None, profile: str | None = None,
                   course: str | None = None, framework: str | None = None) -> Response:
    """The programme page: summary cards, findings by clause, heat map, gaps, progression,
    staff readiness and plan, versions."""
    data = workspace_data(p, programme_id, version)
    prog, report = data["prog"], data["report"]
    severity = severity if severity in SEVERITIES else None
    profile = profile if profile in report.profiles else None
    course = course or None
    sections = validation_reports.validation_sections(report, p.lang, severity=severity,
                                                      profile=profile, course=course)
    chosen = framework if framework in prog["targets"] else (
        prog["targets"][0] if prog["targets"] else None)
    matrix = gaps.matrix(p.store, data["ref"], framework=chosen, lang=p.lang)
    progression = gaps.progression(p.store, data["ref"], framework=chosen, lang=p.lang)
    readiness = staff.staff_readiness(p.store, data["ref"], lang=p.lang)
    plan = staff.development_plan(p.store, data["ref"], lang=p.lang, report=readiness)
    return p.render("programme.html", prog=prog, report=report,
                    cards=_cards(p, prog, report), coverage=data["coverage"],
                    sections=sections, filters={"severity": severity, "profile": profile,
                                                "course": course},
                    severities=SEVERITIES, courses=sorted(c["code"] for c in prog["courses"]),
                    matrix=matrix, chosen=chosen, progression=progression,
                    readiness=readiness, plan=plan, version=version)


@router.post("/{programme_id}/delete")
def delete_version(p: PageDep, programme_id: str, version: Annotated[str, Form()] = "",
                   confirm: Annotated[str, Form()] = "",
                   csrf_token: Annotated[str, Form()] = "") -> Response:
    """Delete one version (editors; the newest remaining one becomes current)."""
    p.require_write(csrf_token)
    if confirm != "yes":
        raise PageError(400, "web.delete.confirm_missing")
    curriculum.delete_programme(p.store, programme_id, version or None)
    left = curriculum.programme_versions(p.store, programme_id) if version else []
    target = f"/ui/programmes/{programme_id}" if left else "/ui/programmes"
    return RedirectResponse(target, status_code=303)


@router.get("/{programme_id}/diff")
def diff_page(p: PageDep, programme_id: str, old: str | None = None,
              new: str | None = None) -> Response:
    """Compare two versions: findings fixed, new and unchanged; coverage changes."""
    prog = curriculum.get_programme(p.store, programme_id, lang=p.lang)
    numbers = [v["version"] for v in prog["versions"]]
    diff = None
    if old and new:
        if old not in numbers or new not in numbers:
            raise PageError(404, p.t("web.diff.unknown_version"))
        diff = versions.diff_versions(p.store, programme_id, old, new, lang=p.lang)
    default_old = numbers[-2] if len(numbers) > 1 else (numbers[0] if numbers else "")
    return p.render("diff.html", prog=prog, numbers=numbers, diff=diff,
                    old=old or default_old, new=new or (numbers[-1] if numbers else ""))


@router.get("/{programme_id}/print/{kind}")
def print_view(p: PageDep, programme_id: str, kind: str, version: str | None = None,
               framework: str | None = None) -> Response:
    """A printable report (reusing the report renderers) with the generation date, the
    programme title in the page language and the provenance of each framework."""
    if kind not in REPORTS:
        raise PageError(404, p.t("web.print.unknown"))
    ref = f"{programme_id}@{version}" if version else programme_id
    prog = curriculum.get_programme(p.store, programme_id, version=version, lang=p.lang)
    targets: list[str] = ([framework] if framework and framework in prog["targets"]
                          else list(prog["targets"]))
    if kind == "validation":
        body = validation_reports.render_validation_html(
            validation.validate(p.store, ref, lang=p.lang), p.lang)
    elif kind == "gaps":
        if not targets:
            raise PageError(404, p.t("web.print.no_targets"))
        body = gap_reports.render_gaps_html(
            gaps.gap_report(p.store, ref, targets[0], lang=p.lang, all_evidence=True), p.lang)
    elif kind == "matrix":
        body = gap_reports.render_matrix_html(
            gaps.matrix(p.store, ref, framework=targets[0] if targets else None, lang=p.lang),
            p.lang)
    elif kind == "progression":
        body = gap_reports.render_progression_html(
            gaps.progression(p.store, ref, framework=targets[0] if targets else None,
                             lang=p.lang), p.lang)
    else:
        readiness = staff.staff_readiness(p.store, ref, lang=p.lang)
        body = staff_reports.render_staff_html(
            readiness, staff.development_plan(p.store, ref, lang=p.lang, report=readiness),
            lang=p.lang)
    provenance = [frameworks.get_framework(p.store, fw, p.lang) for fw in targets]
    preamble = environment().get_template("print_preamble.html").render(
        t=p.t, prog=prog, generated=today(), frameworks=provenance, lang=p.lang)
    return HTMLResponse(insert_preamble(body, Markup(preamble)))


def insert_preamble(body: str, preamble: str) -> str:
    """Put ``preamble`` at the start of the report's ``<main>`` (every report page has one)."""
    marker = "<main>"
    if marker not in body:
        return preamble + body
    return body.replace(marker, marker + preamble, 1)
