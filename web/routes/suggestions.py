"""The suggestion pages of a programme (issue 18; docs/web.md, docs/suggestions.md).

* ``/ui/programmes/{id}/suggestions`` — alignment candidates per outcome (target: the
  programme's target frameworks, one framework, or the programme outcomes; top-k; optionally
  every outcome). Editors tick the candidates to accept; ``POST`` records them as alignments in
  a new programme version through :func:`competency_graph.services.suggestions.
  accept_suggestions` (the service behind the API's ``POST /programmes/{id}/suggestions``) and
  redirects (303) to the programme page, which shows the new current version.
* ``/ui/programmes/{id}/occupation-gap?occupation=`` — the ESCO occupation gap.
* ``/ui/programmes/{id}/recognition?partner=`` — mobility recognition against a stored partner
  programme; ``POST`` the same form with a learning-agreement CSV (a computation: nothing is
  written).

Every figure comes from :mod:`competency_graph.services.suggestions`; the routes only parse
the form and choose what to show. Decisions written down here:

* A ticked candidate carries its outcome, target and score as a small JSON value; the level of
  the new alignments is chosen per outcome (I by default). The service checks every entry
  against the current version before anything is written; its located problems are listed on
  the re-rendered page (422) and nothing is stored.
* Accepting is a write: an editor, signed in, with the session's CSRF token (like the other
  forms). The recognition ``POST`` only computes, so it needs the CSRF token but no role.
* Errors the user can cause by a query (ESCO not imported, an unknown occupation or partner, a
  bad agreement) are shown on the page with the form, located, with a 4xx status; an unknown
  programme is the usual 404 page.
* The agreement upload arrives under the app's upload cap (413 while the body streams in); at
  most one byte past the service's own limit is read, written to a scratch file for the
  service, and the service's problems (too large, not UTF-8, unknown courses …) are located at
  the uploaded file's name (never at the scratch path).
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import RedirectResponse, Response

from competency_graph.errors import InputError, Location, NotFoundError, Problem
from competency_graph.services import curriculum, frameworks
from competency_graph.services import suggestions as service
from web.render import Page, PageError, WebRoute, page

router = APIRouter(route_class=WebRoute, prefix="/ui/programmes")
PageDep = Annotated[Page, Depends(page)]
LEVELS = ("I", "R", "M")
TRUE = ("1", "on", "true", "yes")
#: longest accepted ``to`` / ``partner`` query value (ids are far shorter)
MAX_FIELD = 300
#: longest accepted JSON value of one ticked candidate
MAX_CHOICE = 2000


def _top(p: Page, raw: str) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        raise PageError(400, p.t("web.suggest.bad_top")) from None


def _field(p: Page, raw: str) -> str:
    text = raw.strip()
    if len(text) > MAX_FIELD:
        raise PageError(400, p.t("web.error.too_long"))
    return text


def _suggestions_page(p: Page, programme_id: str, to: str, top: int, include_all: bool, *,
                      problems: list[Problem] | None = None, status: int = 200) -> Response:
    prog = curriculum.get_programme(p.store, programme_id, lang=p.lang)
    report = service.suggest(p.store, programme_id, to=to or None, top=top,
                             include_all=include_all, lang=p.lang)
    titles = {f.id: f.title for f in frameworks.list_frameworks(p.store, p.lang)}
    choices = [(fid, titles.get(fid)) for fid in sorted(service.target_frameworks(p.store))]
    return p.render("suggestions.html", status=status, prog=prog, report=report, to=to,
                    top=top, include_all=include_all, choices=choices, levels=LEVELS,
                    max_top=service.MAX_TOP, programme_outcomes=service.PROGRAMME_OUTCOMES,
                    problems=problems or [])


@router.get("/{programme_id}/suggestions")
def suggestions_page(p: PageDep, programme_id: str, to: str = "", top: str = "5",
                     all: str = "") -> Response:
    """Alignment candidates per (unaligned) outcome, with the accept form for editors."""
    return _suggestions_page(p, programme_id, _field(p, to), _top(p, top), all.lower() in TRUE)


def _accepted(p: Page, choices: list[str], levels: list[str]) -> list[dict[str, Any]]:
    """The ticked candidates as the service's entries; a value that is not one of the page's
    own is a located problem (``accept[N]``)."""
    chosen_level: dict[str, str] = {}
    for value in levels:
        n, _, level = value.rpartition(":")
        if level in LEVELS:
            chosen_level[n] = level
    entries: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for number, raw in enumerate(choices):
        try:
            data = json.loads(raw) if len(raw) <= MAX_CHOICE else None
        except ValueError:
            data = None
        if not (isinstance(data, dict) and isinstance(data.get("outcome"), str)
                and isinstance(data.get("target"), str)):
            problems.append(Problem(p.t("web.suggest.forged"),
                                    Location(json_path=f"accept[{number}]")))
            continue
        entry: dict[str, Any] = {"outcome": data["outcome"], "target": data["target"],
                                 "level": chosen_level.get(str(data.get("n")), "I")}
        if data.get("score") is not None:
            entry["score"] = data["score"]
        entries.append(entry)
    if problems:
        raise InputError(problems)
    return entries


@router.post("/{programme_id}/suggestions")
def accept_suggestions(p: PageDep, programme_id: str,
                       accept: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI form)
                       level: Annotated[list[str], Form()] = [],  # noqa: B006
                       to: Annotated[str, Form()] = "", top: Annotated[str, Form()] = "5",
                       all: Annotated[str, Form()] = "",
                       csrf_token: Annotated[str, Form()] = "") -> Response:
    """Record the ticked candidates as alignments in a new version (editors), then show the
    programme page; nothing ticked or a refused entry: the page again with the problems."""
    user = p.require_write(csrf_token)
    again = (p, programme_id, _field(p, to), _top(p, top), all.lower() in TRUE)
    if not accept:
        return _suggestions_page(*again, status=422, problems=[
            Problem(p.t("web.suggest.nothing_ticked"), Location(json_path="accept"))])
    try:
        summary = service.accept_suggestions(p.store, programme_id, _accepted(p, accept, level),
                                             attributed_to=f"accepted suggestion ({user.name})")
    except InputError as exc:
        return _suggestions_page(*again, status=422, problems=list(exc.problems))
    return RedirectResponse(f"/ui/programmes/{quote(str(summary['id']), safe='')}",
                            status_code=303)


@router.get("/{programme_id}/occupation-gap")
def occupation_gap_page(p: PageDep, programme_id: str, occupation: str = "") -> Response:
    """Which essential and optional skills of an ESCO occupation the programme covers."""
    prog = curriculum.get_programme(p.store, programme_id, lang=p.lang)
    occupation = occupation.strip()
    report, problems, status = None, [], 200
    if occupation:
        try:
            report = service.occupation_gap(p.store, programme_id, occupation, lang=p.lang)
        except InputError as exc:
            problems, status = list(exc.problems), 422
        except NotFoundError as exc:
            problems, status = [Problem(str(exc), Location(json_path="occupation"))], 404
    return p.render("occupation_gap.html", status=status, prog=prog, report=report,
                    occupation=occupation[:MAX_FIELD], problems=problems,
                    esco=service.esco_imported(p.store))


def _recognition_page(p: Page, programme_id: str, partner: str,
                      agreement: tuple[str, bytes] | None = None) -> Response:
    prog = curriculum.get_programme(p.store, programme_id, lang=p.lang)
    report, problems, status = None, [], 200
    if partner:
        try:
            report = _recognise(p, programme_id, partner, agreement)
        except InputError as exc:
            problems, status = list(exc.problems), 422
        except NotFoundError as exc:
            problems, status = [Problem(str(exc), Location(json_path="partner"))], 404
    return p.render("recognition.html", status=status, prog=prog, report=report,
                    partner=partner, problems=problems,
                    agreement=agreement[0] if agreement else None,
                    programmes=curriculum.list_programmes(p.store, lang=p.lang))


def _recognise(p: Page, programme_id: str, partner: str,
               agreement: tuple[str, bytes] | None) -> dict[str, Any]:
    if agreement is None:
        return service.recognise(p.store, programme_id, partner, lang=p.lang)
    name, data = agreement
    with tempfile.TemporaryDirectory(prefix="cg-agreement-") as tmp:
        path = Path(tmp) / "agreement.csv"
        path.write_bytes(data)
        try:
            return service.recognise(p.store, programme_id, partner, agreement=path,
                                     lang=p.lang)
        except InputError as exc:
            raise InputError([dataclasses.replace(pr, location=dataclasses.replace(
                pr.location, file=name)) if pr.location.file == str(path) else pr
                for pr in exc.problems]) from None


@router.get("/{programme_id}/recognition")
def recognition_page(p: PageDep, programme_id: str, partner: str = "") -> Response:
    """Mobility recognition against a stored partner programme (the form, and the report
    when a partner is chosen)."""
    return _recognition_page(p, programme_id, _field(p, partner))


@router.post("/{programme_id}/recognition")
def recognition_with_agreement(p: PageDep, programme_id: str,
                               partner: Annotated[str, Form()] = "",
                               agreement: Annotated[UploadFile | None, File()] = None,
                               csrf_token: Annotated[str, Form()] = "") -> Response:
    """The same form with an optional learning-agreement CSV (read under the upload cap;
    nothing is written)."""
    p.require_csrf(csrf_token)
    partner = _field(p, partner)
    upload = None
    if agreement is not None and agreement.filename:
        # one byte past the service's own limit is enough for it to refuse, located
        data = agreement.file.read(service.MAX_AGREEMENT_BYTES + 1)
        upload = (Path(agreement.filename).name or "agreement.csv", data)
    return _recognition_page(p, programme_id, partner, upload)
