"""Security basics over HTTP (issue 14 item 9, issue 16 item 6): the headers, CORS off unless
configured, the failed-key rate limit, the problem+json 500 with an error id, and the API docs
pages served from local assets without inline script."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import KEY, make_client

HTML_PAGES = ["/programmes/6B07101/validation?format=html",
              "/programmes/6B07101/gaps?framework=wa-2021&format=html",
              "/programmes/6B07101/staff?format=html", "/docs", "/redoc"]


@pytest.mark.parametrize("path", HTML_PAGES)
def test_security_headers_on_html(demo_client: TestClient, path: str) -> None:
    """CSP without inline script and with frame-ancestors none, nosniff, Referrer-Policy."""
    answer = demo_client.get(path)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    csp = answer.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["frame-ancestors"] == "'none'"
    assert directives["script-src"] == "'self'"          # no 'unsafe-inline', no CDN
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["default-src"] == "'none'"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"
    # the page itself holds no inline script and loads nothing from another host
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", answer.text, flags=re.S)
    assert all("src=" in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"""(src|href)=["']https?://""", answer.text)
    assert not re.search(r"\son[a-z]+=", answer.text)      # no inline event handlers


def test_json_answers_get_nosniff_but_no_csp(demo_client: TestClient) -> None:
    answer = demo_client.get("/health")
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in answer.headers


def test_docs_assets_are_local(demo_client: TestClient) -> None:
    """/docs and /redoc load Swagger UI and ReDoc from /static (vendored), which serves them."""
    docs = demo_client.get("/docs").text
    redoc = demo_client.get("/redoc").text
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', docs + redoc)
    assert set(assets) == {"/static/vendor/swagger-ui/swagger-ui.css",
                           "/static/vendor/swagger-ui/swagger-ui-bundle.js",
                           "/static/docs/swagger-init.js",
                           "/static/vendor/redoc/redoc.standalone.js"}
    for asset in assets:
        answer = demo_client.get(asset)
        assert answer.status_code == 200 and len(answer.content) > 100, asset
    assert "SwaggerUIBundle" in demo_client.get("/static/docs/swagger-init.js").text
    assert 'spec-url="/openapi.json"' in redoc
    assert demo_client.get("/static/../api/main.py").status_code == 404


def test_cors_is_off_unless_configured(demo_store: Any) -> None:
    """No CORS headers by default; with an origin configured, only that origin is allowed."""
    preflight = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    with make_client(demo_store) as client:
        answer = client.options("/programmes", headers=preflight)
        assert "access-control-allow-origin" not in answer.headers
        plain = client.get("/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in plain.headers
    with make_client(demo_store, cors_origins=("https://uni.example",)) as client:
        ok = client.options("/programmes", headers={**preflight,
                                                    "Origin": "https://uni.example"})
        assert ok.headers["access-control-allow-origin"] == "https://uni.example"
        other = client.get("/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_failed_keys_are_rate_limited(demo_store: Any) -> None:
    """Three wrong keys are 401; the fourth attempt, even with the right key, is 429 with
    Retry-After; another client is not affected."""
    with make_client(demo_store, auth_failures=3, auth_window=60.0) as client:
        for _ in range(3):
            assert client.delete("/studies/none", headers={"X-API-Key": "wrong"}).status_code \
                == 401
        blocked = client.delete("/studies/none", headers={"X-API-Key": KEY})
        assert blocked.status_code == 429
        assert blocked.headers["content-type"] == "application/problem+json"
        assert 1 <= int(blocked.headers["retry-after"]) <= 60
        # reads are not limited
        assert client.get("/health").status_code == 200
    with make_client(demo_store, auth_failures=3, auth_window=60.0) as fresh:
        assert fresh.delete("/studies/none", headers={"X-API-Key": KEY}).status_code == 404


def test_the_window_slides(demo_store: Any) -> None:
    """With a window of 0.2 s the count starts again once the failures are older."""
    import time

    with make_client(demo_store, auth_failures=1, auth_window=0.2) as client:
        assert client.delete("/studies/x", headers={"X-API-Key": "bad"}).status_code == 401
        assert client.delete("/studies/x", headers={"X-API-Key": KEY}).status_code == 429
        time.sleep(0.3)
        assert client.delete("/studies/x", headers={"X-API-Key": KEY}).status_code == 404


def test_a_crash_is_problem_json_with_an_error_id(demo_store: Any,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    """An unexpected exception answers 500 problem+json with an error id; the traceback and the
    exception text (here a server path) are only in the server log, under that id."""
    from api.main import create_app
    from competency_graph.config import Settings

    app = create_app(Settings(store=":memory:"), store=demo_store)

    def crash() -> None:
        raise RuntimeError("/srv/secret/store/000123.sst is corrupt")

    app.add_api_route("/crash", crash)
    with caplog.at_level(logging.ERROR, logger="competency_graph.api"), \
            TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/crash")
    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/problem+json"
    body = answer.json()
    assert re.fullmatch(r"[0-9a-f]{32}", body["error_id"])
    assert body["error_id"] in body["detail"]
    assert "/srv" not in answer.text and "Traceback" not in answer.text
    assert "RuntimeError" not in answer.text
    logged = [r for r in caplog.records if body["error_id"] in r.getMessage()]
    assert logged and logged[0].exc_info is not None
