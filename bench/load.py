"""Load benchmark (issues 14 and 15): N concurrent clients for T seconds against a server this
script starts itself on 127.0.0.1 — an on-disk store with the demo, ``serve --workers W`` —
mixing reads (health, a framework item, the demo's gap report, validation, staff report, a
small SPARQL SELECT) with uploads (the demo programme replaced, a new version each time).

Reports, per endpoint and in all: requests, throughput, p50/p95/p99 latency, and errors by
HTTP status (``conn`` for a failed connection or a client time-out).

Run: ``.venv/bin/python -m bench load [--clients 50] [--seconds 60] [--workers 2]``.
Opt-in (``python -m bench`` alone does not run it). Bounded: the run stops at T seconds
(requests in flight get at most 60 s more), only loopback is contacted, the store is a
temporary folder removed afterwards, and the server is stopped by its PID.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import aiohttp
import httpx

from competency_graph.services import curriculum
from competency_graph.store.server import free_port

BIN = Path(sys.executable).parent / "competency-graph"
PROGRAMME = curriculum.DEMO_PROGRAMME_ID
DEMO_FILES = sorted(Path(curriculum.DEMO_PROGRAMME_DIR).glob("*.csv"))
FRAMEWORK = "wa-2021"
SPARQL = ("SELECT ?framework ?label WHERE { ?framework a cg:CompetencyFramework ; "
          "rdfs:label ?label FILTER(lang(?label) = 'en') } LIMIT 20")
#: endpoint → weight in the mix (uploads are also limited to one at a time)
MIX = {"health": 20, "framework item": 15, "gaps": 15, "validation": 15, "staff": 15,
       "sparql": 15, "upload": 5}
REQUEST_TIMEOUT = 60.0


def percentile(samples: list[float], q: float) -> float:
    """The ``q`` quantile (0–1) of ``samples`` by the nearest-rank method."""
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(q * len(ordered) + 0.5)))
    return ordered[rank - 1]


class Server:
    """``competency-graph serve`` on a free loopback port over a temporary on-disk store."""

    def __init__(self, store: Path, workers: int) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        # the clients all come from 127.0.0.1: each stands for a user, so the per-client
        # share of the SPARQL slots is the whole pool here (a real deployment keeps 1)
        env = {**os.environ, "COMPETENCY_GRAPH_OPEN_WRITES": "true",
               "COMPETENCY_GRAPH_SPARQL_SLOTS_PER_CLIENT": "4"}
        env.pop("COMPETENCY_GRAPH_STORE", None)
        self.process = subprocess.Popen(
            [str(BIN), "--store", str(store), "serve", "--port", str(self.port),
             "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE)

    def wait(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(f"{self.base}/health", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                stderr = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"the server did not start: {stderr[-1000:]}")
            time.sleep(0.5)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


async def run_load(base: str, clients: int, seconds: float, seed: int = 15,
                   mix: dict[str, int] | None = None
                   ) -> tuple[dict[str, list[float]], dict[str, Counter[str]], float]:
    """Run the clients; return latencies (s) of successes and error counts per endpoint, and
    the wall time. The client is aiohttp (it asks for gzip, as browsers do): on this machine
    the load generator shares the server's two cores, and httpx's client spent about four
    times the CPU per request, which capped the measured throughput."""
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(base, timeout=timeout, connector=connector) as client:
        async with client.get(f"/frameworks/{FRAMEWORK}/items") as first:
            items = (await first.json())["data"]
        codes = [item["code"] for item in items][:50]
        uploads = asyncio.Semaphore(1)
        files = [(p.name, p.read_bytes()) for p in DEMO_FILES]
        latencies: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, Counter[str]] = defaultdict(Counter)
        mix = {k: v for k, v in (mix or MIX).items() if v > 0}
        names, weights = list(mix), list(mix.values())
        started = time.monotonic()
        deadline = started + seconds

        def request(name: str, rng: random.Random) -> Any:
            if name == "health":
                return client.get("/health")
            if name == "framework item":
                return client.get(f"/frameworks/{FRAMEWORK}/items/{rng.choice(codes)}")
            if name == "gaps":
                return client.get(f"/programmes/{PROGRAMME}/gaps",
                                  params={"framework": FRAMEWORK})
            if name == "validation":
                return client.get(f"/programmes/{PROGRAMME}/validation")
            if name == "staff":
                return client.get(f"/programmes/{PROGRAMME}/staff")
            if name == "sparql":
                return client.get("/sparql", params={"query": SPARQL})
            form = aiohttp.FormData()
            for filename, data in files:
                form.add_field("file", data, filename=filename, content_type="text/csv")
            return client.put(f"/programmes/{PROGRAMME}", data=form)

        async def one(name: str, rng: random.Random) -> None:
            begin = time.perf_counter()
            try:
                async with request(name, rng) as response:
                    await response.read()
                    status = response.status
            except (TimeoutError, aiohttp.ClientError):
                errors[name]["conn"] += 1
                return
            if status >= 400:
                errors[name][str(status)] += 1
            else:
                latencies[name].append(time.perf_counter() - begin)

        async def client_loop(number: int) -> None:
            rng = random.Random(seed * 1000 + number)
            while time.monotonic() < deadline:
                name = rng.choices(names, weights)[0]
                if name == "upload":
                    if uploads.locked():
                        name = "health"
                    else:
                        async with uploads:
                            await one(name, rng)
                        continue
                await one(name, rng)

        await asyncio.gather(*(client_loop(n) for n in range(clients)))
        return latencies, errors, time.monotonic() - started


def table(latencies: dict[str, list[float]], errors: dict[str, Counter[str]],
          wall: float) -> str:
    """The result as a Markdown table."""
    lines = ["| endpoint | ok | req/s | p50 ms | p95 ms | p99 ms | errors by status |",
             "|---|---:|---:|---:|---:|---:|---|"]
    everything: list[float] = []
    all_errors: Counter[str] = Counter()
    for name in MIX:
        samples = latencies.get(name, [])
        everything.extend(samples)
        all_errors.update(errors.get(name, Counter()))
        lines.append(_row(name, samples, errors.get(name, Counter()), wall))
    reads = [x for name in MIX if name != "upload" for x in latencies.get(name, [])]
    read_errors: Counter[str] = Counter()
    for name in MIX:
        if name != "upload":
            read_errors.update(errors.get(name, Counter()))
    lines.append(_row("**reads**", reads, read_errors, wall))
    lines.append(_row("**all**", everything, all_errors, wall))
    return "\n".join(lines)


def _row(name: str, samples: list[float], errs: Counter[str], wall: float) -> str:
    failed = ", ".join(f"{k}: {v}" for k, v in sorted(errs.items())) or "0"
    if not samples:
        return f"| {name} | 0 | 0 | – | – | – | {failed} |"
    return (f"| {name} | {len(samples)} | {len(samples) / wall:.1f} | "
            f"{percentile(samples, 0.50) * 1000:.0f} | {percentile(samples, 0.95) * 1000:.0f} | "
            f"{percentile(samples, 0.99) * 1000:.0f} | {failed} |")


def main(argv: list[str] | None = None) -> None:
    """Start the server, run the load, print the table, stop the server."""
    parser = argparse.ArgumentParser(prog="python -m bench load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (1-500)")
    parser.add_argument("--seconds", type=float, default=60, help="duration (1-600)")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (1-16)")
    parser.add_argument("--uploads", type=int, default=MIX["upload"],
                        help=f"weight of uploads in the mix (0-100; default {MIX['upload']}, "
                        "0: reads only)")
    args = parser.parse_args(sys.argv[2:] if argv is None and sys.argv[1:2] == ["load"]
                             else argv)
    if not (1 <= args.clients <= 500 and 1 <= args.seconds <= 600 and 1 <= args.workers <= 16
            and 0 <= args.uploads <= 100):
        parser.error("--clients 1-500, --seconds 1-600, --workers 1-16, --uploads 0-100")
    with tempfile.TemporaryDirectory(prefix="cg-load-") as tmp:
        server = Server(Path(tmp) / "store", args.workers)
        try:
            server.wait()
            latencies, errors, wall = asyncio.run(run_load(
                server.base, args.clients, args.seconds, mix={**MIX, "upload": args.uploads}))
        finally:
            server.stop()
    print(f"{args.clients} clients, {args.seconds:g} s, serve --workers {args.workers} "
          f"(on-disk store with the demo), upload weight {args.uploads}, "
          f"{os.cpu_count()} CPUs shared with the clients")
    print(table(latencies, errors, wall))


if __name__ == "__main__":
    main()
