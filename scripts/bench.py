#!/usr/bin/env python
"""`make bench`: load-test the production server on loopback and print the budget table.

Starts gunicorn with production settings (scripts/prodserver.py), finds every public page,
htmx fragment and JSON answer the way the tests do (tests/pages.py), and drives each with
wrk, plus /livez, a view that does nothing (the framework floor on this machine). Prints
requests/s, p50 and p99 latency, throughput as a share of the floor, SQL queries per
request (on a page-cache miss) and compressed first-visit bytes (HTML + CSS + JS).

    .venv/bin/python scripts/bench.py [--seconds 10] [--connections 32] [--write]

--write replaces the table in docs/PERFORMANCE.md. Only loopback addresses are loaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import prodserver  # noqa: E402

DOC = prodserver.ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
FLOOR_SHARE, P99_MS, MAX_QUERIES, FIRST_VISIT_KB = 0.60, 50.0, 4, 40.0


@dataclass
class Target:
    name: str
    path: str
    headers: dict[str, str]
    queries: int | None = None
    first_visit_kb: float | None = None
    status: int = 0


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    bad: int


def discover() -> list[Target]:
    """Every public page, fragment and API answer, with SQL queries and first-visit bytes."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ops import pagecache
    from tests import pages

    client = Client(SERVER_NAME="127.0.0.1")
    targets = [Target("floor (/livez)", "/livez", {})]
    for url in pages.public_pages():
        targets.append(Target(f"page {url}", url, {}))
    for url, meta in pages.fragment_requests(client):
        headers = {k.removeprefix("HTTP_").replace("_", "-").title(): v for k, v in meta.items()}
        targets.append(Target(f"fragment {url}", url, headers))
    for url in pages.api_requests():
        targets.append(Target(f"api {url}", url, {}))
    for target in targets:
        meta = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in target.headers.items()}
        client.get(target.path, **meta)
        pagecache.bump_generation()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(target.path, **meta)
        target.queries = len(queries)
        target.status = response.status_code
        if pages.is_html(response) and not target.headers and target.path != "/livez":
            target.first_visit_kb = sum(pages.first_visit_bytes(response.content).values()) / 1024
    # Load what readers get: answers, not the 400s of an incomplete query.
    return [t for t in targets if t.status == 200]


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def load(base: str, target: Target, seconds: int, connections: int, threads: int) -> Load:
    url = base + target.path
    request = urllib.request.Request(url, headers=target.headers)
    urllib.request.urlopen(request, timeout=10).read()  # warm the page cache
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in target.headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*?timeout (\d+)", out)
    return Load(
        rps, p50, p99, (int(bad.group(1)) if bad else 0) + (int(errors.group(1)) if errors else 0)
    )


def table(rows: list[tuple[Target, Load]], floor: float, args: argparse.Namespace) -> str:
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Run {when} on {os.cpu_count()} CPUs ({platform.machine()}), gunicorn "
        f"{args.workers or 'default'} workers, wrk {args.threads} threads × "
        f"{args.connections} connections × {args.seconds} s per row, database "
        f"{os.environ.get('DATABASE_URL', '').split(':')[0]}, cache "
        f"{'Redis' if os.environ.get('REDIS_URL') else 'local memory'}.",
        "",
        "| target | req/s | p50 ms | p99 ms | share of floor | SQL queries "
        "| first visit KB | errors | budget |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for target, result in rows:
        share = result.rps / floor if floor else 0
        misses = []
        if target.path != "/livez" and share < FLOOR_SHARE:
            misses.append("throughput")
        if result.p99_ms > P99_MS:
            misses.append("p99")
        if (target.queries or 0) > MAX_QUERIES:
            misses.append("queries")
        if target.first_visit_kb and target.first_visit_kb > FIRST_VISIT_KB:
            misses.append("bytes")
        if result.bad:
            misses.append("errors")
        kb = f"{target.first_visit_kb:.1f}" if target.first_visit_kb else "–"
        lines.append(
            f"| {target.name} | {result.rps:.0f} | {result.p50_ms:.1f} | {result.p99_ms:.1f} | "
            f"{share:.0%} | {target.queries} | {kb} | {result.bad} | "
            f"{'ok' if not misses else 'over: ' + ', '.join(misses)} |"
        )
    return "\n".join(lines)


def write_doc(text: str) -> None:
    doc = DOC.read_text()
    if START not in doc or END not in doc:
        raise SystemExit(f"{DOC} has no {START} … {END} section")
    head, rest = doc.split(START, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{START}\n{text}\n{END}{tail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 5)))
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers")
    parser.add_argument("--write", action="store_true", help="update docs/PERFORMANCE.md")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: run scripts/system-deps.sh (Debian package wrk)")

    with prodserver.workdir() as tmp:
        env = prodserver.production_environment(tmp)
        prodserver.prepare_django(env)
        targets = discover()
        print(f"{len(targets)} targets; {args.seconds} s each", file=sys.stderr)
        rows: list[tuple[Target, Load]] = []
        with prodserver.gunicorn(env, tmp / "gunicorn.log", args.workers) as base:
            run = (args.seconds, args.connections, args.threads)
            load(base, targets[0], 2, args.connections, args.threads)  # start every worker
            for target in targets:
                print(f"  {target.name}", file=sys.stderr)
                # One unrecorded second first, so every worker has built (and cached) the
                # answer: the table shows steady state; a miss costs the render once a minute.
                load(base, target, 1, args.connections, args.threads)
                rows.append((target, load(base, target, *run)))
            # The floor again at the end; the higher of the two is the one pages are held to.
            again = load(base, targets[0], *run)
            if again.rps > rows[0][1].rps:
                rows[0] = (targets[0], again)
    text = table(rows, rows[0][1].rps, args)
    print(text)
    if args.write:
        write_doc(text)
        print(f"written to {DOC.relative_to(prodserver.ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
