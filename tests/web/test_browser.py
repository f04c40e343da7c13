"""The web workspace in a real browser: Debian's chromium driven by Playwright (never
``playwright install``), against the app served by uvicorn on 127.0.0.1.

Every page is checked with axe-core (vendored in ``vendor/axe.min.js``, MPL-2.0) for WCAG 2.1
A/AA: zero violations. Every request the pages make is recorded by request interception; one
that would leave 127.0.0.1 is aborted and fails the test. Screenshots of the main pages are
checked for content (``png_variety``); with ``COMPETENCY_GRAPH_SCREENSHOTS=DIR`` they are also
copied there (how ``docs/screenshots/`` was made).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from competency_graph.config import Settings
from competency_graph.services import benchmarking, curriculum, ensure_demo, open_store
from competency_graph.services.interop.esco import import_esco
from tests.conftest import LiveServer, png_variety, require_marker
from tests.suggestions.conftest import DEVELOPER, ESCO, HOME, PARTNER
from tests.web.conftest import (
    PASSWORD,
    broken_workbook,
    covering_wa11,
    demo_workbook,
    make_app,
)

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class Site:
    """The served app, its store, and the URLs every browser context requested."""

    def __init__(self, server: LiveServer, store: Any) -> None:
        self.server, self.store, self.url = server, store, server.url
        self.requests: list[str] = []
        self.blocked: list[str] = []


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """The app on a free loopback port over an in-memory store with the demo, a study of
    the demo university whose action plan sets a target for INT1, the small programmes of the
    suggestion tests and the ESCO excerpt."""
    store = open_store(Settings(store=":memory:"))
    ensure_demo(store)
    for workbook in (HOME, PARTNER, DEVELOPER):
        curriculum.import_programme(store, workbook)
    import_esco(store, ESCO)
    benchmarking.create_study(store, {
        "title": "Internationalisation review 2024", "institution": "demo-steppe-tech",
        "year": 2024, "stages": [{"number": 1, "status": "completed", "start": "2025-01-10",
                                  "end": "2025-02-01"}],
        "action_items": [{"indicator": "INT1", "target_value": 10, "deadline": "2027-06-30",
                          "owner": "International office"}]})
    with LiveServer(make_app(store)) as server:
        yield Site(server, store)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium through Playwright."""
    require_marker("browser", "starts chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def open_context(browser: Any, site: Site, *, width: int = 1280, lang: str = "en-GB") -> Any:
    """A browser context that records every request and aborts any leaving 127.0.0.1."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=lang)

    def route(route: Any) -> None:
        url = route.request.url
        site.requests.append(url)
        if url.startswith(site.url + "/") or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            site.blocked.append(url)
            route.abort()

    context.route("**/*", route)
    return context


def sign_in(page: Any, site: Site, name: str) -> None:
    page.goto(f"{site.url}/ui/sign-in")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture
def editor(browser: Any, site: Site) -> Iterator[Any]:
    context = open_context(browser, site)
    page = context.new_page()
    sign_in(page, site, "eve")
    yield page
    context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.1 A and AA rules) in the page; return the violations."""
    # through the DevTools protocol, which the page's Content-Security-Policy (no inline
    # script) does not govern: the pages are tested with their real CSP in force
    page.evaluate("(source) => { (0, eval)(source); }", AXE.read_text(encoding="utf-8"))
    result: dict[str, Any] = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


def test_sign_in_and_out(browser: Any, site: Site) -> None:
    context = open_context(browser, site)
    page = context.new_page()
    page.goto(f"{site.url}/ui/sign-in")
    page.fill("#name", "eve")
    page.fill("#password", "not the password")
    page.click("main button[type=submit]")
    assert "wrong" in page.inner_text("#signin-error")
    page.goto(f"{site.url}/ui/sign-in?next=/ui/programmes")
    page.fill("#name", "eve")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{site.url}/ui/programmes")
    assert "eve" in page.inner_text("header .who")
    page.click("header button.link")
    page.wait_for_load_state()
    assert page.locator("header a.signin").is_visible()
    context.close()


def test_upload_the_demo_workbook_by_drag_and_drop_and_see_its_findings(
        editor: Any, site: Site, tmp_path: Path) -> None:
    """The revised demo workbook (WA11 now mastered) dropped on the upload zone: a new
    version, and the programme page with its findings."""
    editor.goto(f"{site.url}/ui/programmes")
    data = base64.b64encode(demo_workbook(covering_wa11)).decode()
    editor.evaluate("""([data, name]) => {
        const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], name));
        const zone = document.querySelector('[data-dropzone]');
        zone.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true,
                                                  cancelable: true}));
    }""", [data, "demo-v2.xlsx"])
    assert editor.inner_text("[data-drop-status]") == "demo-v2.xlsx"
    editor.click("#upload-form button[type=submit]")
    editor.wait_for_url(f"{site.url}/ui/programmes/6B07101")
    assert "(6B07101, v2)" in editor.inner_text("h1")
    findings = editor.locator("#findings ~ section.profile li").count()
    assert findings > 0
    assert editor.locator(".cards li.violation b").first.inner_text().isdigit()
    assert [v for v, _i, _c in curriculum.programme_versions(site.store, "6B07101")] == [
        "1", "2"]


def test_broken_workbook_shows_located_errors_and_stores_nothing(editor: Any, site: Site,
                                                                tmp_path: Path) -> None:
    before = curriculum.programme_versions(site.store, "6B07101")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(demo_workbook(broken_workbook))
    editor.goto(f"{site.url}/ui/programmes")
    editor.set_input_files("#file", str(broken))
    editor.click("#upload-form button[type=submit]")
    editor.wait_for_selector("#import-errors")
    rows = editor.locator("#import-errors tbody tr")
    cells = [[c.strip() for c in rows.nth(i).locator("td").all_inner_texts()]
             for i in range(rows.count())]
    assert ["broken.xlsx", "courses", "3", "ects"] in [c[:4] for c in cells]
    assert ["broken.xlsx", "outcomes", "2", "aligned_to"] in [c[:4] for c in cells]
    assert curriculum.programme_versions(site.store, "6B07101") == before


def test_switch_the_language(browser: Any, site: Site) -> None:
    context = open_context(browser, site, lang="en-GB")
    page = context.new_page()
    page.goto(f"{site.url}/ui/frameworks")
    assert page.get_attribute("html", "lang") == "en"
    page.click("nav.langs a[lang=ru]")
    page.wait_for_url(f"{site.url}/ui/frameworks")
    assert page.get_attribute("html", "lang") == "ru"
    assert page.inner_text("h1") == "Рамки компетенций"
    page.goto(f"{site.url}/")                       # remembered
    assert page.get_attribute("html", "lang") == "ru"
    page.click("nav.langs a[lang=kk]")
    assert page.inner_text("h1") == "Құзыреттер графының жұмыс кеңістігі"
    context.close()


def test_diff_two_versions(editor: Any, site: Site) -> None:
    editor.goto(f"{site.url}/ui/programmes/6B07101/diff")
    editor.select_option("#old", "1")
    editor.select_option("#new", "2")
    editor.click("main form button[type=submit]")
    editor.wait_for_selector("text=Changes in coverage")
    assert int(editor.inner_text(".cards li.fixed b")) >= 1
    row = editor.locator("tr", has_text="WA11").first
    assert row.locator("td").all_inner_texts()[1:] == ["missing", "covered (M)", "better"]


def test_benchmark_page(editor: Any, site: Site) -> None:
    editor.goto(f"{site.url}/ui/institutions")
    editor.click("a[href='/ui/institutions/demo-steppe-tech/benchmark']")
    editor.wait_for_selector("svg.radar")
    radar = editor.text_content("svg.radar") or ""
    assert "INT1" in radar and "International" in radar
    row = editor.locator("tbody tr", has_text="INT1").first
    target = row.locator("td").nth(3).inner_text()
    assert target.startswith("10.00")                # the study's action-plan target
    assert "standard deviations" in editor.inner_text("main")


def test_viewer_sees_no_upload_form_and_gets_403_on_a_direct_post(browser: Any,
                                                                  site: Site) -> None:
    context = open_context(browser, site)
    page = context.new_page()
    sign_in(page, site, "vic")
    page.goto(f"{site.url}/ui/programmes")
    assert page.locator("#upload-form").count() == 0
    token = page.get_attribute("input[name=csrf_token]", "value")
    response = page.request.post(f"{site.url}/ui/programmes", multipart={
        "csrf_token": token, "file": {"name": "demo.xlsx", "mimeType": "application/octet-stream",
                                      "buffer": demo_workbook()}})
    assert response.status == 403
    context.close()


def test_keyboard_skip_link_and_focus(editor: Any, site: Site) -> None:
    editor.goto(f"{site.url}/ui/frameworks")
    editor.keyboard.press("Tab")
    assert editor.evaluate("document.activeElement.className") == "skip"
    assert editor.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    editor.keyboard.press("Enter")
    assert editor.evaluate("document.activeElement.id") == "content"
    editor.keyboard.press("Tab")
    assert editor.evaluate("document.activeElement.closest('main') !== null")


PAGES = ["/", "/ui/sign-in", "/ui/programmes", "/ui/programmes/6B07101",
         "/ui/programmes/6B07101/diff?old=1&new=2", "/ui/frameworks", "/ui/frameworks/wa-2021",
         "/ui/frameworks/wa-2021/items/WA1", "/ui/frameworks/search?q=ethics",
         "/ui/institutions", "/ui/institutions/demo-steppe-tech/benchmark",
         "/ui/studies/demo-steppe-tech-2024", "/ui/users", "/ui/programmes/NOPE",
         "/ui/programmes/SUG-HOME/suggestions?to=wa-2021",
         "/ui/programmes/SUG-DEV/occupation-gap?occupation=2512",
         "/ui/programmes/SUG-DEV/occupation-gap?occupation=2635",
         "/ui/programmes/SUG-HOME/recognition?partner=SUG-PARTNER"]


#: the elements wider than the viewport (to name them when the page scrolls sideways)
WIDEST = """Array.from(document.querySelectorAll('body *'))
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                 && !e.closest('.scroll') && !e.closest('svg'))
    .slice(0, 5).map(e => e.tagName + '.' + e.className)"""


def test_every_page_axe_clean_local_only_and_usable_at_375px(browser: Any, site: Site) -> None:
    """axe-core: zero WCAG 2.1 A/AA violations on every page, in English and Russian, at
    1280 px and 375 px; no horizontal scrolling of the page at 375 px; every request stayed
    on 127.0.0.1."""
    problems: dict[str, Any] = {}
    for width, lang in ((1280, "en-GB"), (375, "ru-RU")):
        context = open_context(browser, site, width=width, lang=lang)
        page = context.new_page()
        sign_in(page, site, "ada")
        for path in PAGES:
            page.goto(site.url + path)
            found = axe_violations(page)
            if found:
                problems[f"{width} {path}"] = found
            overflow = page.evaluate("document.documentElement.scrollWidth")
            if width == 375 and overflow > 375:
                problems[f"375 {path} scrollWidth"] = [overflow, page.evaluate(WIDEST)]
        context.close()
    assert problems == {}, json.dumps(problems, indent=1)
    assert site.requests and site.blocked == []
    assert all(u.startswith(site.url + "/") for u in site.requests)


SHOTS = {"home": ("/", None), "programme": ("/ui/programmes/6B07101", None),
         "heatmap": ("/ui/programmes/6B07101", "#heatmap"),
         "diff": ("/ui/programmes/6B07101/diff?old=1&new=2", None),
         "benchmark": ("/ui/institutions/demo-steppe-tech/benchmark", None)}


def test_screenshots_of_the_main_pages(editor: Any, site: Site, tmp_path: Path) -> None:
    keep = os.environ.get("COMPETENCY_GRAPH_SCREENSHOTS")
    for name, (path, anchor) in SHOTS.items():
        editor.goto(site.url + path)
        if anchor:
            editor.locator(anchor).scroll_into_view_if_needed()
            editor.evaluate(f"document.querySelector('{anchor}').scrollIntoView()")
        out = tmp_path / f"{name}.png"
        editor.screenshot(path=str(out), full_page=False)
        assert png_variety(out) > 40, name
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(out, Path(keep) / out.name)


def test_accept_a_suggestion_and_see_the_new_version(editor: Any, site: Site) -> None:
    """From the programme page to its suggestions against wa-2021: tick the first candidate,
    choose level M, record it; the programme page shows version 2, which holds the
    alignment."""
    editor.goto(f"{site.url}/ui/programmes/SUG-HOME")
    editor.click("main a[href='/ui/programmes/SUG-HOME/suggestions']")
    editor.select_option("#s-to", "wa-2021")
    editor.click("#suggest-options button[type=submit]")
    editor.wait_for_selector("#accept-form")
    box = editor.locator("input[name=accept]").first
    chosen = json.loads(box.get_attribute("value") or "{}")
    box.check()
    editor.select_option(f"#l-{chosen['n']}", f"{chosen['n']}:M")
    editor.click("#accept-form button[type=submit]")
    editor.wait_for_url(f"{site.url}/ui/programmes/SUG-HOME")
    assert "(SUG-HOME, v2)" in editor.inner_text("h1")
    assert editor.locator("#versions ~ ul li", has_text="v2").inner_text().startswith("v2")
    course, outcome = chosen["outcome"].split("/")
    stored = curriculum.get_programme(site.store, "SUG-HOME")
    lo = next(o for c in stored["courses"] if c["code"] == course for o in c["outcomes"]
              if o["id"] == outcome)
    assert [(a["target"], a["level"]) for a in lo["aligned_to"]] == [(chosen["target"], "M")]
