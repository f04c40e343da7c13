"""The suggestion pages of the workspace (issue 18) over HTTP with the real app: alignment
suggestions and accepting them into a new version, the ESCO occupation gap, mobility
recognition with a learning-agreement upload; roles, CSRF, located errors, en/ru/kk.

The programmes are the small hand-written workbooks of ``tests/suggestions/fixtures`` (home,
partner, developer) and the ESCO v1.1.1 excerpt; the expected figures are the ones derived by
hand in ``tests/suggestions/test_services.py``. The same flow in a browser: test_browser.py.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from competency_graph.config import Settings
from competency_graph.services import curriculum, frameworks, open_store
from competency_graph.services import suggestions as service
from competency_graph.services.curriculum import import_programme
from competency_graph.services.interop.esco import import_esco
from competency_graph.store import GraphStore
from tests.api.conftest import asgi_request
from tests.api.test_upload_cap import BOUNDARY, CAP, CHUNK, body_chunks
from tests.suggestions.conftest import DEVELOPER, ESCO, HOME, PARTNER
from tests.test_no_english import NOT_ENGLISH, translated_english, visible_text, vocabulary
from tests.web.conftest import DEMO_WORKBOOK, csrf_of, make_app, sign_in

BASE = "/ui/programmes/SUG-HOME"
AGREEMENT = b"home_course,partner_course\nNET301,P-NET\nNET301,P-ART\nDB201,P-DB\n"
CSV = "text/csv"


def suggestion_store(*, esco: bool) -> GraphStore:
    """An in-memory store with the three fixture programmes (and the ESCO excerpt)."""
    store = open_store(Settings(store=":memory:"))
    for workbook in (HOME, PARTNER, DEVELOPER):
        import_programme(store, workbook)
    if esco:
        import_esco(store, ESCO)
    return store


@pytest.fixture(scope="module")
def shared() -> Iterator[GraphStore]:
    """One store for the tests that only read (with ESCO)."""
    store = suggestion_store(esco=True)
    yield store
    store.close()


@pytest.fixture
def reader(shared: GraphStore) -> Iterator[TestClient]:
    with TestClient(make_app(shared)) as client:
        yield client


@pytest.fixture
def fresh() -> Iterator[tuple[TestClient, GraphStore]]:
    """A client on its own store without ESCO (for the tests that write)."""
    store = suggestion_store(esco=False)
    with TestClient(make_app(store)) as client:
        yield client, store
    store.close()


def main_of(page: str) -> str:
    found = re.search(r"<main\b.*?</main>", page, re.S)
    assert found, "the page has no main"
    return found.group(0)


def candidates(page: str) -> list[dict[str, Any]]:
    """The ticked-box values of the accept form (what the browser would send)."""
    return [json.loads(html_lib.unescape(v))
            for v in re.findall(r'name="accept" id="[^"]+" value=\'([^\']+)\'', page)]


# --- pages and links ---------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["suggestions", "occupation-gap", "recognition"])
def test_each_page_renders_in_the_layout_and_is_linked(reader: TestClient, suffix: str) -> None:
    page = reader.get(f"{BASE}/{suffix}")
    assert page.status_code == 200, page.text[:500]
    text = page.text
    assert text.count("<h1") == 1 and '<main id="content"' in text
    assert "(SUG-HOME, v1)" in text
    assert f'href="{BASE}/{suffix}" aria-current="page"' in text
    programme = reader.get(BASE).text
    assert f'href="{BASE}/{suffix}"' in programme


def test_an_unknown_programme_is_an_html_404(reader: TestClient) -> None:
    for suffix in ("suggestions", "occupation-gap?occupation=2512", "recognition?partner=X"):
        page = reader.get(f"/ui/programmes/NOPE/{suffix}")
        assert page.status_code == 404 and "no programme NOPE" in page.text
        assert page.headers["content-type"].startswith("text/html")


# --- alignment suggestions ---------------------------------------------------------------------

def test_suggestions_show_what_the_service_answers(reader: TestClient,
                                                   shared: GraphStore) -> None:
    """Every outcome of the service's answer with its candidates, scores and reasons; the
    home programme has no alignment, so all 11 of its outcomes are listed."""
    page = reader.get(f"{BASE}/suggestions", params={"to": "wa-2021", "top": 2}).text
    report = service.suggest(shared, "SUG-HOME", to="wa-2021", top=2)
    assert len(report["suggestions"]) == 11
    assert "11 outcomes to align" in page
    for entry in report["suggestions"]:
        assert f">{entry['outcome']} <span" in page
        for c in entry["candidates"]:
            cell = (f'<a href="/ui/frameworks/wa-2021/items/{c["target"]}">wa-2021:{c["target"]}'
                    f'</a></td>\n        <td class="num">{c["score"]:.2f}</td>'
                    f'<td>{html_lib.escape(c["reason"], quote=True)}</td>')
            assert cell.replace("'", "&#39;") in page
    assert '<option value="wa-2021" selected>' in page
    assert 'id="accept-form"' not in page          # reading is open, accepting is not
    assert "Sign in as an editor to accept suggestions." in page


def test_programme_outcomes_as_the_target(reader: TestClient, shared: GraphStore) -> None:
    page = reader.get(f"{BASE}/suggestions", params={"to": "programme-outcomes"})
    # the home programme has no programme outcomes: the service's located refusal
    assert page.status_code == 400
    assert "has no programme outcomes to suggest" in page.text


def test_bad_options_are_refused_on_a_page(reader: TestClient) -> None:
    not_a_number = reader.get(f"{BASE}/suggestions", params={"top": "x"})
    assert not_a_number.status_code == 400 and "must be a whole number" in not_a_number.text
    too_many = reader.get(f"{BASE}/suggestions", params={"top": 51})
    assert too_many.status_code == 400 and "top must be between 1 and 50" in too_many.text
    unknown = reader.get(f"{BASE}/suggestions", params={"to": "nope-fw"})
    assert unknown.status_code == 404 and "unknown framework" in unknown.text
    long = reader.get(f"{BASE}/suggestions", params={"to": "x" * 400})
    assert long.status_code == 400 and "too long" in long.text


def test_editor_accepts_a_candidate_into_a_new_version(
        fresh: tuple[TestClient, GraphStore]) -> None:
    """The first wa-2021 candidate of DB201/LO2, at level R: version 2 holds exactly that
    alignment, version 1 is kept, and the outcome is no longer suggested."""
    client, store = fresh
    sign_in(client, "eve")
    page = client.get(f"{BASE}/suggestions", params={"to": "wa-2021"}).text
    assert 'id="accept-form"' in page
    offered = candidates(page)
    report = service.suggest(store, "SUG-HOME", to="wa-2021")
    expected = [(e["outcome"], f"wa-2021:{c['target']}") for e in report["suggestions"]
                for c in e["candidates"]]
    assert [(c["outcome"], c["target"]) for c in offered] == expected
    ml = next(c for c in offered if c["outcome"] == "ML401/LO2")
    ticked = json.dumps(ml)
    answer = client.post(f"{BASE}/suggestions", data={
        "csrf_token": csrf_of(page), "accept": [ticked], "level": [f"{ml['n']}:R", "0:M"],
        "to": "wa-2021", "top": "5"}, follow_redirects=False)
    assert answer.status_code == 303, answer.text[:500]
    assert answer.headers["location"] == BASE
    assert [v for v, _iri, current in curriculum.programme_versions(store, "SUG-HOME")
            if current] == ["2"]
    new = curriculum.get_programme(store, "SUG-HOME")
    aligned = {(c["code"], o["id"]): [(a["target"], a["level"]) for a in o["aligned_to"]]
               for c in new["courses"] for o in c["outcomes"]}
    assert aligned[("ML401", "LO2")] == [(ml["target"], "R")]
    assert sum(len(v) for v in aligned.values()) == 1
    old = curriculum.get_programme(store, "SUG-HOME", version="1")
    assert all(not o["aligned_to"] for c in old["courses"] for o in c["outcomes"])
    shown = client.get(BASE).text
    assert "(SUG-HOME, v2)" in shown
    after = client.get(f"{BASE}/suggestions", params={"to": "wa-2021"}).text
    assert ">ML401/LO2 <span" not in after and "10 outcomes to align" in after


def test_accepting_refusals_write_nothing(fresh: tuple[TestClient, GraphStore]) -> None:
    client, store = fresh
    forged = json.dumps({"outcome": "DB201/LO1", "target": "wa-2021:WA99", "score": 0.5,
                         "n": 0})
    anonymous = client.post(f"{BASE}/suggestions", data={"csrf_token": "x", "accept": [forged]})
    assert anonymous.status_code == 403
    sign_in(client, "vic")
    token = csrf_of(client.get(f"{BASE}/suggestions").text)
    viewer = client.post(f"{BASE}/suggestions", data={"csrf_token": token, "accept": [forged]})
    assert viewer.status_code == 403
    sign_in(client, "eve")
    token = csrf_of(client.get(f"{BASE}/suggestions").text)
    no_csrf = client.post(f"{BASE}/suggestions", data={"csrf_token": "forged",
                                                        "accept": [forged]})
    assert no_csrf.status_code == 403
    nothing = client.post(f"{BASE}/suggestions", data={"csrf_token": token})
    assert nothing.status_code == 422 and "Tick at least one candidate" in nothing.text
    refused = client.post(f"{BASE}/suggestions", data={"csrf_token": token,
                                                        "accept": [forged, "{not json"]})
    assert refused.status_code == 422
    assert "not one of the candidates this page offered" in refused.text
    assert "accept[1]" in refused.text
    unknown = client.post(f"{BASE}/suggestions", data={"csrf_token": token, "accept": [forged]})
    assert unknown.status_code == 422
    assert "alignments[0].target" in unknown.text and "unknown target" in unknown.text
    assert 'id="accept-form"' in unknown.text        # the page again, with the form
    assert [v for v, _i, _c in curriculum.programme_versions(store, "SUG-HOME")] == ["1"]


# --- occupation gap ----------------------------------------------------------------------------

def test_occupation_gap_of_the_developer(reader: TestClient) -> None:
    """ESCO 2512 (one occupation in the excerpt): 2 of 24 essential skills covered; "debug
    software" covered by SE101/LO1, "engineering processes" partly, "computer programming"
    missing."""
    page = reader.get("/ui/programmes/SUG-DEV/occupation-gap", params={"occupation": "2512"})
    assert page.status_code == 200, page.text[:500]
    text = page.text
    assert "(2512.4)" in text
    assert re.search(r"<span>essential skills</span><b>2 / 24</b>", text)
    assert re.search(r"<span>optional skills</span><b>\d+ / 80</b>", text)
    rows = dict(re.findall(r"<tr><td>([^<]+)</td><td><span class=\"badge \w+\">(\w+)</span>",
                           text))
    assert rows["debug software"] == "covered"
    assert rows["engineering processes"] == "partly"
    assert rows["computer programming"] == "missing"
    debug = text[text.index("<tr><td>debug software"):]
    assert debug[:debug.index("</tr>")].count("<b>SE101/LO1</b>") == 1


def test_occupation_errors_are_located_on_the_page(reader: TestClient,
                                                   fresh: tuple[TestClient, GraphStore]) -> None:
    unknown = reader.get("/ui/programmes/SUG-DEV/occupation-gap",
                         params={"occupation": "9999"})
    assert unknown.status_code == 404
    assert "no ESCO occupation with code &#39;9999&#39;" in unknown.text
    assert 'id="occupation-form"' in unknown.text and 'value="9999"' in unknown.text
    ambiguous = reader.get("/ui/programmes/SUG-DEV/occupation-gap",
                           params={"occupation": "2635"})
    assert ambiguous.status_code == 422 and "ISCO group 2635 has 3 ESCO occupations" in \
        ambiguous.text
    assert "<td>occupation</td>" in ambiguous.text           # located at the field
    assert "ESCO is not imported" not in reader.get(f"{BASE}/occupation-gap").text
    client, _store = fresh                                    # no ESCO in this store
    form = client.get(f"{BASE}/occupation-gap")
    assert form.status_code == 200 and "ESCO is not imported into this store." in form.text
    missing = client.get(f"{BASE}/occupation-gap", params={"occupation": "2512"})
    assert missing.status_code == 422 and "Traceback" not in missing.text
    assert "<td>occupation</td><td>ESCO is not imported" in missing.text


# --- mobility recognition ----------------------------------------------------------------------

def test_recognition_against_the_partner(reader: TestClient) -> None:
    """DB201 full (5 ECTS), NET301 and ML401 partial, HIS101 none; four home outcomes left
    uncovered."""
    page = reader.get(f"{BASE}/recognition", params={"partner": "SUG-PARTNER"})
    assert page.status_code == 200
    text = page.text
    assert '<option value="SUG-PARTNER" selected>' in text
    cards = dict(re.findall(r"<li class=\"\w+\"><span>(\w+)</span><b>(\d+)</b>", text))
    assert cards == {"full": "1", "partial": "2", "none": "1"}
    assert "<b>5 / 20</b>" in text
    status = dict(re.findall(r'<th scope="row">([\w-]+) .*?<span class="badge \w+">(\w+)</span>',
                             text, re.S))
    assert status == {"DB201": "full", "HIS101": "none", "ML401": "partial",
                      "NET301": "partial"}
    assert "partner ECTS 3 &lt; 0.8 × home ECTS 5" in text
    assert "4 home outcomes are left uncovered" in text
    for outcome in ("HIS101/LO1", "HIS101/LO2", "ML401/LO2", "ML401/LO3"):
        assert f"<li><b>{outcome}</b>" in text
    assert "1 matched outcome<" in text and "3 matched outcomes<" in text


def test_recognition_with_an_uploaded_agreement(reader: TestClient) -> None:
    """The agreement groups P-NET and P-ART (3 + 4 ECTS) for NET301: both home courses of the
    agreement are recognised in full, 10 ECTS of 10."""
    token = csrf_of(reader.get(f"{BASE}/recognition").text)
    page = reader.post(f"{BASE}/recognition", data={"csrf_token": token,
                                                    "partner": "SUG-PARTNER"},
                       files={"agreement": ("la.csv", AGREEMENT, CSV)})
    assert page.status_code == 200, page.text[:500]
    assert "<b>10 / 10</b>" in page.text and "la.csv" in page.text
    assert "HIS101" not in main_of(page.text).split("recognition-title")[1]
    without_file = reader.post(f"{BASE}/recognition", data={"csrf_token": token,
                                                            "partner": "SUG-PARTNER"},
                               files={"agreement": ("", b"", CSV)})
    assert without_file.status_code == 200 and "<b>5 / 20</b>" in without_file.text


def test_recognition_errors_are_located(reader: TestClient) -> None:
    token = csrf_of(reader.get(f"{BASE}/recognition").text)
    bad = reader.post(f"{BASE}/recognition", data={"csrf_token": token, "partner": "SUG-PARTNER"},
                      files={"agreement": ("la.csv", b"home_course,partner_course\n"
                                                     b"DB201,P-NOPE\n", CSV)})
    assert bad.status_code == 422
    row = re.search(r"<tr><td>(.*?)</td><td>(.*?)</td>\s*<td class=\"num\">(.*?)</td>\s*"
                    r"<td>(.*?)</td><td>(.*?)</td></tr>", bad.text)
    assert row and row.groups()[:4] == ("la.csv", "", "2", "partner_course")
    assert "no course &#39;P-NOPE&#39;" in row.group(5)
    assert "cg-agreement" not in bad.text                 # never the scratch path
    unknown = reader.get(f"{BASE}/recognition", params={"partner": "NOPE"})
    assert unknown.status_code == 404 and "no programme NOPE" in unknown.text
    assert 'id="recognition-form"' in unknown.text
    forged = reader.post(f"{BASE}/recognition", data={"csrf_token": "forged",
                                                      "partner": "SUG-PARTNER"})
    assert forged.status_code == 403


def test_the_agreement_upload_is_capped(shared: GraphStore) -> None:
    """The upload cap of every route holds here too: a declared length over it is refused
    (413), and a streamed body is cut at the cap plus one chunk of its 64 MiB."""
    with TestClient(make_app(shared, max_upload_bytes=CAP)) as client:
        token = csrf_of(client.get(f"{BASE}/recognition").text)
        answer = client.post(f"{BASE}/recognition",
                             data={"csrf_token": token, "partner": "SUG-PARTNER"},
                             files={"agreement": ("la.csv", AGREEMENT + b"x" * CAP, CSV)})
        assert answer.status_code == 413
        streamed = asgi_request(client.app, "POST", f"{BASE}/recognition", headers={
            "content-type": f"multipart/form-data; boundary={BOUNDARY}",
            "transfer-encoding": "chunked"}, chunks=body_chunks("multipart", ".csv"))
    assert streamed.status == 413
    assert streamed.consumed <= CAP + CHUNK + 1024


def test_an_agreement_over_the_service_limit_is_located(reader: TestClient) -> None:
    """Under the app's cap (50 MB) but over the agreement's 1 MB: the service's refusal,
    located at the uploaded file."""
    token = csrf_of(reader.get(f"{BASE}/recognition").text)
    big = AGREEMENT + b"DB201,P-DB\n" * (service.MAX_AGREEMENT_BYTES // 10)
    answer = reader.post(f"{BASE}/recognition", data={"csrf_token": token,
                                                      "partner": "SUG-PARTNER"},
                         files={"agreement": ("big.csv", big, CSV)})
    assert answer.status_code == 422
    assert "<tr><td>big.csv</td>" in answer.text
    assert f"larger than {service.MAX_AGREEMENT_BYTES} bytes" in answer.text


@pytest.mark.parametrize("suffix", ["suggestions", "occupation-gap?occupation=2512",
                                    "recognition?partner=SUG-PARTNER"])
@pytest.mark.parametrize("name", ["demo.xlsx", "docs"])
def test_a_file_name_is_not_a_programme(reader: TestClient, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch, name: str,
                                        suffix: str) -> None:
    """A workbook or a folder named like the id in the server's working folder is never read:
    the one resolver answers 404."""
    shutil.copy(DEMO_WORKBOOK, tmp_path / "demo.xlsx")
    shutil.copytree(curriculum.DEMO_PROGRAMME_DIR, tmp_path / "docs")
    monkeypatch.chdir(tmp_path)
    page = reader.get(f"/ui/programmes/{name}/{suffix}")
    assert page.status_code == 404 and f"no programme {name}" in page.text


# --- three languages ---------------------------------------------------------------------------

def _strings(value: Any) -> set[str]:
    """Every text of a service answer (data, or already translated by the service)."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list | tuple):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return set()


#: acronyms and names that are not English prose
NAMES = NOT_ENGLISH | {"esco", "isco", "csv", "uri", "erasmus"}


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_no_english_left_in_russian_and_kazakh(reader: TestClient, shared: GraphStore,
                                               lang: str) -> None:
    """Remove from each page what the services answered (data and their own translated
    texts): no English text that the catalogue translates, and no English word a template
    could have hard-coded, remains."""
    reader.cookies.set("cg_lang", lang)
    pages = {
        "suggestions": (f"{BASE}/suggestions?to=wa-2021",
                        service.suggest(shared, "SUG-HOME", to="wa-2021", lang=lang)),
        "occupation": ("/ui/programmes/SUG-DEV/occupation-gap?occupation=2512",
                       service.occupation_gap(shared, "SUG-DEV", "2512", lang=lang)),
        "recognition": (f"{BASE}/recognition?partner=SUG-PARTNER",
                        service.recognise(shared, "SUG-HOME", "SUG-PARTNER", lang=lang)),
    }
    data = _strings([curriculum.get_programme(shared, p, lang=lang)
                     for p in ("SUG-HOME", "SUG-DEV")])
    data |= {p["title"] for p in curriculum.list_programmes(shared, lang=lang)}
    data |= {f.title or "" for f in frameworks.list_frameworks(shared, lang)}
    english, words = translated_english(lang), vocabulary() - NAMES
    for name, (url, report) in pages.items():
        page = reader.get(url)
        assert page.status_code == 200 and f'<html lang="{lang}">' in page.text
        text = visible_text(main_of(page.text))
        for value in sorted(data | _strings(report), key=len, reverse=True):
            if len(value) > 2:
                text = text.replace(value, " ")
        leaked = sorted(e for e in english
                        if re.search(r"(?<![\w-])" + re.escape(e) + r"(?![\w-])", text))
        assert leaked == [], f"{name} in {lang} shows English: {leaked[:10]}"
        text = re.sub(r"https?://\S+|\b[\w.-]*\d[\w.-]*\b", " ", text)
        found = {w.lower() for w in re.findall(r"(?<![\w-])[A-Za-z]{3,}(?![\w-])", text)}
        assert sorted(found & words) == [], f"{name} in {lang}: {sorted(found & words)}"
    plural = reader.get(f"{BASE}/recognition?partner=SUG-PARTNER").text
    expected = {"ru": "4 результата остаются непокрытыми", "kk": "4 нәтиже жабылмай қалды"}
    assert expected[lang] in plural


def test_the_no_english_check_sees_english(reader: TestClient) -> None:
    """The check above is not vacuous: the English page trips it."""
    text = visible_text(main_of(reader.get(f"{BASE}/recognition?partner=SUG-PARTNER").text))
    assert any(e in text for e in translated_english("ru"))
