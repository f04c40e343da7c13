"""The web workspace over HTTP (TestClient): pages, language, sign-in, roles, CSRF, uploads,
diff and print views. The same flows in a real browser: test_browser.py."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from competency_graph.config import Settings
from competency_graph.services import curriculum, ensure_demo, open_store
from competency_graph.services.accounts import Accounts
from tests.web.conftest import (
    PASSWORD,
    broken_workbook,
    covering_wa11,
    csrf_of,
    demo_workbook,
    make_app,
    sign_in,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGES = ["/", "/ui/programmes", "/ui/programmes/6B07101", "/ui/programmes/6B07101/diff",
         "/ui/frameworks", "/ui/frameworks/wa-2021", "/ui/frameworks/wa-2021/items/WA1",
         "/ui/frameworks/search?q=ethics", "/ui/institutions",
         "/ui/institutions/demo-steppe-tech/benchmark", "/ui/sign-in"]


@pytest.fixture
def fresh() -> Any:
    """A client on its own store with the demo (for tests that write)."""
    store = open_store(Settings(store=":memory:"))
    ensure_demo(store)
    with TestClient(make_app(store)) as test_client:
        yield test_client, store
    store.close()


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders(client: Any, url: str) -> None:
    """Each page answers 200 with a skip link, one h1, a main landmark and the language."""
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    html = response.text
    assert '<a class="skip" href="#content">' in html
    assert html.count("<h1") == 1
    assert '<main id="content"' in html
    assert '<html lang="en">' in html


def test_home_names_the_product_and_links_the_three_areas(client: Any) -> None:
    html = client.get("/").text
    assert "Competency graph workspace" in html
    for href in ("/ui/programmes", "/ui/frameworks", "/ui/institutions"):
        assert f'href="{href}"' in html


def test_language_from_accept_language_then_from_the_cookie(client: Any) -> None:
    """Accept-Language sets the default; the switcher's cookie wins afterwards."""
    assert '<html lang="ru">' in client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,"
                                                          "en;q=0.5"}).text
    assert '<html lang="kk">' in client.get("/", headers={"Accept-Language": "de, kk;q=0.3"}).text
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "de"}).text
    switched = client.get("/ui/language/kk?next=/ui/frameworks", follow_redirects=False)
    assert switched.status_code == 303 and switched.headers["location"] == "/ui/frameworks"
    assert "cg_lang=kk" in switched.headers["set-cookie"]
    html = client.get("/", headers={"Accept-Language": "ru"}).text
    assert '<html lang="kk">' in html and "Құзыреттер графының жұмыс кеңістігі" in html


def test_language_switch_never_redirects_off_site(client: Any) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil"):
        response = client.get(f"/ui/language/ru?next={target}", follow_redirects=False)
        assert response.headers["location"] == "/"


def test_sign_in_sets_a_signed_httponly_lax_cookie(client: Any) -> None:
    response = sign_in(client, "eve")
    assert response.status_code == 303 and response.headers["location"] == "/ui/programmes"
    cookie = response.headers["set-cookie"]
    assert "cg_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    html = client.get("/ui/programmes").text
    assert "eve" in html and 'id="upload-form"' in html


def test_a_tampered_session_cookie_is_ignored(client: Any) -> None:
    sign_in(client, "ada")
    value = client.cookies.get("cg_session")
    assert "Sign out" in client.get("/").text
    client.cookies.clear()
    client.cookies.set("cg_session", value[:-2] + ("AA" if value[-2:] != "AA" else "BB"))
    assert "Sign out" not in client.get("/").text


def test_wrong_password_then_rate_limit(client: Any) -> None:
    """Five failures for a name lock it (429) even with the right password."""
    for _ in range(5):
        assert sign_in(client, "vic", "wrong password").status_code == 401
    locked = sign_in(client, "vic")
    assert locked.status_code == 429 and "Too many failed attempts" in locked.text


def test_viewer_sees_no_upload_form_and_gets_403_on_a_direct_post(client: Any) -> None:
    assert sign_in(client, "vic").status_code == 303
    html = client.get("/ui/programmes").text
    assert 'id="upload-form"' not in html and "Sign in as an editor" in html
    token = csrf_of(html)
    response = client.post("/ui/programmes", data={"csrf_token": token},
                           files={"file": ("demo.xlsx", demo_workbook(), XLSX)})
    assert response.status_code == 403
    assert 'id="indicator-form"' not in client.get("/ui/institutions").text


def test_anonymous_post_is_refused(client: Any) -> None:
    response = client.post("/ui/programmes", data={"csrf_token": "x"},
                           files={"file": ("demo.xlsx", demo_workbook(), XLSX)})
    assert response.status_code == 403


def test_post_without_the_csrf_token_is_refused(fresh: Any) -> None:
    client, store = fresh
    sign_in(client, "eve")
    before = curriculum.programme_versions(store, "6B07101")
    response = client.post("/ui/programmes", data={"csrf_token": "forged"},
                           files={"file": ("demo.xlsx", demo_workbook(covering_wa11), XLSX)})
    assert response.status_code == 403 and "expired" in response.text
    assert curriculum.programme_versions(store, "6B07101") == before


def test_reading_can_be_closed(demo_store: Any) -> None:
    """open_reads=False: pages send the visitor to sign in; the home page stays open."""
    with TestClient(make_app(demo_store, open_reads=False)) as closed:
        response = closed.get("/ui/programmes", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/ui/sign-in?next=")
        assert closed.get("/").status_code == 200
        sign_in(closed, "vic")
        assert closed.get("/ui/programmes").status_code == 200


def test_broken_workbook_shows_located_errors_and_stores_nothing(fresh: Any) -> None:
    client, store = fresh
    sign_in(client, "eve")
    before = curriculum.list_programmes(store)
    token = csrf_of(client.get("/ui/programmes").text)
    response = client.post("/ui/programmes", data={"csrf_token": token},
                           files={"file": ("broken.xlsx", demo_workbook(broken_workbook), XLSX)})
    assert response.status_code == 422
    html = response.text
    assert 'id="import-errors"' in html and "Nothing was stored" in html
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>\s*<td class=\"num\">(.*?)</td>\s*"
                      r"<td>(.*?)</td><td>(.*?)</td></tr>", html)
    located = {(sheet, row, column) for _file, sheet, row, column, _msg in rows}
    assert ("courses", "3", "ects") in located
    assert ("outcomes", "2", "aligned_to") in located
    assert curriculum.list_programmes(store) == before


def test_upload_then_diff_of_two_versions(fresh: Any) -> None:
    """Version 2 masters WA11: the WA11 coverage violation is fixed and WA11 goes from
    missing to covered."""
    client, store = fresh
    sign_in(client, "eve")
    token = csrf_of(client.get("/ui/programmes").text)
    response = client.post("/ui/programmes", data={"csrf_token": token},
                           files={"file": ("v2.xlsx", demo_workbook(covering_wa11), XLSX)},
                           follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/ui/programmes/6B07101"
    assert [v for v, _iri, _cur in curriculum.programme_versions(store, "6B07101")] == ["1", "2"]
    html = client.get("/ui/programmes/6B07101/diff?old=1&new=2").text
    assert "WA11" in html and "Lifelong" in html
    fixed = re.search(r"<h3>Fixed \((\d+)\)</h3>", html)
    assert fixed and int(fixed.group(1)) >= 1
    assert re.search(r"<b>WA11</b>[^<]*</td><td>missing</td>\s*<td>covered \(M\)</td>", html)
    assert client.get("/ui/programmes/6B07101/diff?old=1&new=9").status_code == 404


def test_editor_deletes_a_version_viewer_cannot(fresh: Any) -> None:
    client, store = fresh
    sign_in(client, "eve")
    token = csrf_of(client.get("/ui/programmes").text)
    client.post("/ui/programmes", data={"csrf_token": token},
                files={"file": ("v2.xlsx", demo_workbook(covering_wa11), XLSX)})
    page = client.get("/ui/programmes/6B07101").text
    assert 'id="delete-form"' in page
    unconfirmed = client.post("/ui/programmes/6B07101/delete",
                              data={"csrf_token": token, "version": "2"})
    assert unconfirmed.status_code == 400
    assert len(curriculum.programme_versions(store, "6B07101")) == 2
    done = client.post("/ui/programmes/6B07101/delete",
                       data={"csrf_token": token, "version": "2", "confirm": "yes"},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/ui/programmes/6B07101"
    assert [v for v, _i, current in curriculum.programme_versions(store, "6B07101")
            if current] == ["1"]
    client.post("/ui/sign-out", data={"csrf_token": token})
    sign_in(client, "vic")
    assert 'id="delete-form"' not in client.get("/ui/programmes/6B07101").text
    token = csrf_of(client.get("/ui/programmes").text)
    refused = client.post("/ui/programmes/6B07101/delete",
                          data={"csrf_token": token, "version": "1", "confirm": "yes"})
    assert refused.status_code == 403
    assert len(curriculum.programme_versions(store, "6B07101")) == 1


def test_programme_page_sections_and_filters(client: Any) -> None:
    html = client.get("/ui/programmes/6B07101").text
    for anchor in ("findings", "heatmap", "gaps", "progression", "staff", "versions"):
        assert f'id="{anchor}"' in html
    assert "Engineering Knowledge" in html          # item names on the heat map itself
    assert "Show all paths" in html
    every = html.split('id="heatmap"')[0]
    only = client.get("/ui/programmes/6B07101?severity=violation").text.split('id="heatmap"')[0]
    assert "badge warning" not in only and "badge violation" in only
    assert ">Violation</span>" in only
    course = client.get("/ui/programmes/6B07101?course=CSE202").text.split('id="heatmap"')[0]
    assert 0 < course.count('<li><span class="badge') < every.count('<li><span class="badge')
    assert "CSE202 Digital Logic Design" in course


@pytest.mark.parametrize("kind", ["validation", "gaps", "matrix", "progression", "staff"])
def test_print_views_carry_date_title_and_provenance(client: Any, kind: str) -> None:
    html = client.get(f"/ui/programmes/6B07101/print/{kind}",
                      headers={"Accept-Language": "ru"}).text
    assert "Сформировано" in html
    assert "Вычислительная техника (демонстрационная — вымышленная)" in html
    assert "International Engineering Alliance" in html  # wa-2021's publisher


def test_unknown_addresses_get_an_html_404(client: Any) -> None:
    for url in ("/ui/nothing/here", "/ui/programmes/NOPE", "/ui/frameworks/nope/items/X"):
        response = client.get(url)
        assert response.status_code == 404 and "text/html" in response.headers["content-type"]
        assert '<main id="content"' in response.text


def test_template_download(client: Any) -> None:
    response = client.get("/ui/programmes/template.xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_benchmark_page_labels_and_explains(client: Any) -> None:
    html = client.get("/ui/institutions/demo-steppe-tech/benchmark").text
    assert "International student share" in html and "<svg" in html
    assert "standard deviations" in html and "rescaled to 0–1" in html


def test_admin_manages_users_and_others_cannot(client: Any) -> None:
    accounts: Accounts = client.app.state.accounts
    assert client.get("/ui/users").status_code == 403
    sign_in(client, "ada")
    token = csrf_of(client.get("/ui/users").text)
    added = client.post("/ui/users", data={"action": "add", "name": "newbie", "role": "editor",
                                           "password": PASSWORD, "csrf_token": token},
                        follow_redirects=False)
    assert added.status_code == 303 and accounts.get("newbie").role == "editor"
    client.post("/ui/users", data={"action": "set-role", "name": "newbie", "role": "viewer",
                                   "csrf_token": token})
    assert accounts.get("newbie").role == "viewer"
    client.post("/ui/users", data={"action": "remove", "name": "newbie", "csrf_token": token})
    assert accounts.get("newbie") is None
    refused = client.post("/ui/users", data={"action": "remove", "name": "ada",
                                             "csrf_token": token})
    assert refused.status_code == 422 and accounts.get("ada") is not None


def test_api_accepts_user_keys_by_role(demo_store: Any) -> None:
    """X-API-Key: an editor's key writes, a viewer's key gets 403, an unknown key 401/403."""
    app = make_app(demo_store, api_key="legacy-key")
    accounts: Accounts = app.state.accounts
    editor_key, viewer_key = accounts.issue_key("eve"), accounts.issue_key("vic")
    with TestClient(app) as api:
        url = "/programmes/NOPE"
        assert api.delete(url, headers={"X-API-Key": editor_key}).status_code == 404
        assert api.delete(url, headers={"X-API-Key": "legacy-key"}).status_code == 404
        assert api.delete(url, headers={"X-API-Key": viewer_key}).status_code == 403
        assert api.delete(url, headers={"X-API-Key": "cgk_unknown"}).status_code == 401


SKOS_TTL = b"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/thesaurus/> .
ex:digital-skills a skos:ConceptScheme ; skos:prefLabel "Digital skills"@en ;
    skos:hasTopConcept ex:data .
ex:data a skos:Concept ; skos:prefLabel "Data literacy"@en ; skos:notation "D" ;
    skos:inScheme ex:digital-skills .
"""


def test_admin_imports_a_framework_others_cannot(fresh: Any) -> None:
    """SKOS Turtle by an admin: the framework and its item appear (and are searchable);
    broken Turtle lists its located error; an editor gets 403 and sees no form."""
    client, _store = fresh
    sign_in(client, "eve")
    page = client.get("/ui/frameworks").text
    assert 'id="framework-form"' not in page
    refused = client.post("/ui/frameworks", data={"csrf_token": csrf_of(page), "kind": "skos"},
                          files={"file": ("d.ttl", SKOS_TTL, "text/turtle")})
    assert refused.status_code == 403
    client.post("/ui/sign-out", data={"csrf_token": csrf_of(client.get("/").text)})
    sign_in(client, "ada")
    token = csrf_of(client.get("/ui/frameworks").text)
    broken = client.post("/ui/frameworks", data={"csrf_token": token, "kind": "skos"},
                         files={"file": ("bad.ttl", b"@prefix broken", "text/turtle")})
    assert broken.status_code == 422 and 'id="import-errors"' in broken.text
    assert "bad.ttl" in broken.text
    done = client.post("/ui/frameworks", data={"csrf_token": token, "kind": "skos"},
                       files={"file": ("d.ttl", SKOS_TTL, "text/turtle")})
    assert done.status_code == 200 and "Imported the framework digital-skills" in done.text
    assert 'href="/ui/frameworks/digital-skills"' in done.text
    assert "Data literacy" in client.get("/ui/frameworks/search?q=literacy").text


def test_editor_uploads_indicators(fresh: Any) -> None:
    """A bad row (value 'lots', row 3) is located and nothing is stored; a good file adds a
    year of data to the demo university (2025 appears in its years)."""
    client, store = fresh
    from competency_graph.services import benchmarking

    sign_in(client, "eve")
    token = csrf_of(client.get("/ui/institutions").text)
    header = b"institution,year,indicator,value,numerator,denominator,source,note\n"
    bad = header + (b"demo-steppe-tech,2025,INT1,4.5,,,test,\n"
                    b"demo-steppe-tech,2025,INT2,lots,,,test,\n")
    refused = client.post("/ui/institutions", data={"csrf_token": token},
                          files={"file": ("ind.csv", bad, "text/csv")})
    assert refused.status_code == 422 and 'id="import-errors"' in refused.text
    assert re.search(r"<td>ind\.csv</td><td></td>\s*<td class=\"num\">3</td>", refused.text)
    assert 2025 not in benchmarking.get_institution(store, "demo-steppe-tech").years
    good = header + b"demo-steppe-tech,2025,INT1,4.5,,,test,\n"
    done = client.post("/ui/institutions", data={"csrf_token": token},
                       files={"file": ("ind.csv", good, "text/csv")})
    assert done.status_code == 200 and 'class="notice"' in done.text
    assert 2025 in benchmarking.get_institution(store, "demo-steppe-tech").years
