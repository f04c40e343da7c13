"""Web workspace benchmark (issue 16): the load time of the programme page (the demo
programme: 48 courses, two target frameworks; validation, two gap reports, the heat map, the
progression, staff readiness and the development plan in one page) served by uvicorn on
127.0.0.1 over an on-disk Oxigraph store, measured with real HTTP requests (httpx). Also the
home, frameworks and benchmark pages for scale.

Run: ``.venv/bin/python -m bench.web`` (``BENCH_WEB_RUNS``, default 20). The machine is shared;
p50 is the figure to quote (docs/web.md).
"""

from __future__ import annotations

import os
import socket
import statistics
import tempfile
import threading
import time

import httpx
import uvicorn

from api.main import create_app
from competency_graph.config import Settings
from competency_graph.services import ensure_demo, open_store

RUNS = int(os.environ.get("BENCH_WEB_RUNS") or 20)
PAGES = {"programme": "/ui/programmes/6B07101", "home": "/",
         "frameworks": "/ui/frameworks", "benchmark": "/ui/institutions/demo-steppe-tech/benchmark"}


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        settings = Settings(store=f"{tmp}/store", accounts=f"{tmp}/accounts.json")
        store = open_store(settings)
        ensure_demo(store)
        port = _port()
        server = uvicorn.Server(uvicorn.Config(create_app(settings, store=store),
                                               host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
                print(f"{'page':<11} {'runs':>4} {'p50 ms':>8} {'p90 ms':>8} {'max ms':>8} "
                      f"{'KiB':>6}")
                for name, path in PAGES.items():
                    client.get(path).raise_for_status()  # warm-up (caches, first queries)
                    times, size = [], 0
                    for _ in range(RUNS):
                        started = time.perf_counter()
                        response = client.get(path)
                        times.append((time.perf_counter() - started) * 1000)
                        response.raise_for_status()
                        size = len(response.content)
                    times.sort()
                    p90 = times[min(len(times) - 1, round(0.9 * (len(times) - 1)))]
                    print(f"{name:<11} {RUNS:>4} {statistics.median(times):>8.0f} {p90:>8.0f} "
                          f"{times[-1]:>8.0f} {size / 1024:>6.0f}", flush=True)
        finally:
            server.should_exit = True
            thread.join(10)
            store.close()


if __name__ == "__main__":
    main()
