#!/usr/bin/env python
"""In-process timings of page-cache misses (Django test client, production settings).

Each target is requested with the page cache off, after a warm-up, many times; calculator
targets get a distinct query string every time (random age, base, pension, region), as
real readers do. Prints the median CPU time of this process per request (immune to other
work on a shared machine) and the median and p90 wall time, in milliseconds, beside
``/livez``.

    .venv/bin/python scripts/inprocess.py [--rounds 200] [--profile URL]

``--profile URL`` prints a pyinstrument profile of that URL instead (dev dependency).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import prodserver  # noqa: E402
from bench import random_query as random_answer  # noqa: E402


def targets() -> list[tuple[str, Callable[[random.Random], str], dict[str, str]]]:
    from tests import pages

    fragment = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "calc-dynamic"}
    found: list[tuple[str, Callable[[random.Random], str], dict[str, str]]] = [
        ("floor /livez", lambda rng: "/livez", {}),
        ("calculator page (distinct)", lambda rng: "/calculator/?" + random_answer(rng), {}),
        (
            "calculator fragment (distinct)",
            lambda rng: "/calculator/?" + random_answer(rng),
            fragment,
        ),
        ("API calculate (distinct)", lambda rng: "/api/v1/calculate?" + random_answer(rng), {}),
        ("API projection (distinct)", lambda rng: "/api/v1/projection?" + random_answer(rng), {}),
        (
            "projection page (distinct)",
            lambda rng: "/calculator/projection/?" + random_answer(rng),
            {},
        ),
    ]
    for url in pages.public_pages():
        found.append((f"page {url}", lambda rng, url=url: url, {}))
    found.append(("faq search (distinct)", lambda rng: f"/faq/?q=医保{rng.randint(0, 99999)}", {}))
    return found


def measure(rounds: int, only: str = "") -> list[tuple[str, float, float, float, int]]:
    from django.test import Client
    from django.test.utils import override_settings

    client = Client(SERVER_NAME="127.0.0.1")
    rng = random.Random(12)
    rows = []
    with override_settings(PAGE_CACHE_SECONDS=0):
        for name, url_of, headers in targets():
            if only and only not in name and name != "floor /livez":
                continue
            status = 0
            for _ in range(5):
                status = client.get(url_of(rng), **headers).status_code
            times, cpu = [], []
            for _ in range(rounds):
                url = url_of(rng)
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(url, **headers)
                cpu.append((time.process_time() - started_cpu) * 1000)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            rows.append(
                (
                    name,
                    statistics.median(cpu),
                    statistics.median(times),
                    times[int(len(times) * 0.9)],
                    status,
                )
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--profile", default="")
    parser.add_argument("--hx", action="store_true", help="profile as the calc-dynamic fragment")
    parser.add_argument("--only", default="", help="only targets whose name contains this")
    args = parser.parse_args()
    with prodserver.workdir() as tmp:
        prodserver.prepare_django(prodserver.production_environment(tmp))
        if args.profile:
            from django.test import Client
            from django.test.utils import override_settings
            from pyinstrument import Profiler

            client = Client(SERVER_NAME="127.0.0.1")
            headers = (
                {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "calc-dynamic"} if args.hx else {}
            )
            with override_settings(PAGE_CACHE_SECONDS=0):
                client.get(args.profile, **headers)
                profiler = Profiler(interval=0.0002)
                with profiler:
                    for _ in range(50):
                        client.get(args.profile, **headers)
            print(
                profiler.output_text(
                    unicode=True,
                    color=False,
                    show_all=bool(__import__("os").environ.get("SHOW_ALL")),
                )
            )
            return
        rows = measure(args.rounds, args.only)
    print("| target | CPU ms (median) | wall ms (median) | wall ms (p90) | status |")
    print("|---|---:|---:|---:|---:|")
    for name, cpu, median, p90, status in rows:
        print(f"| {name} | {cpu:.2f} | {median:.2f} | {p90:.2f} | {status} |")


if __name__ == "__main__":
    main()
