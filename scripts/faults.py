#!/usr/bin/env python
"""`make faults`: break things under load and count what readers got.

Runs against gunicorn with production settings on loopback (scripts/prodserver.py), a
throwaway PostgreSQL cluster (scripts/with-postgres.sh, which `make faults` wraps around
this script) and a throwaway redis-server. Scenarios, each under a steady mixed load
(cached pages, distinct calculator answers, /livez and /healthz probes; bounded threads
and time, loopback only):

1. database down: PostgreSQL stopped for a few seconds, then started again;
2. Redis paused (SIGSTOP) while an editor saves a source, then Redis killed outright;
3. worker killed: one gunicorn worker gets SIGKILL;
4. an editor's save with no Redis at all (each worker has its own local-memory cache).

Prints, per scenario and kind of request, the status counts, the slowest /livez and
/healthz answers and the log lines written (and tracebacks among them).

    scripts/with-postgres.sh .venv/bin/python scripts/faults.py [--seconds 12] [--write]

--write replaces the faults section of docs/PERFORMANCE.md. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402
import prodserver  # noqa: E402

DOC = prodserver.ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- faults:start -->", "<!-- faults:end -->"
CACHED = [
    "/",
    "/calculator/?region=620000&category=retiree&on=2025-04-25",
    "/guides/balance/",
    "/faq/monthly-credit/",
    "/regions/110000/",
]
PG_BIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))


class Load:
    """A few threads sending a mix of requests until stopped; counts by kind and status."""

    def __init__(self, base: str, threads: int = 6) -> None:
        self.base = base
        self.threads = threads
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.times: dict[str, list[float]] = defaultdict(list)
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.workers: list[threading.Thread] = []

    def one(self, rng: random.Random) -> None:
        roll = rng.random()
        if roll < 0.35:
            kind, path = "cached page", rng.choice(CACHED)
        elif roll < 0.75:
            kind, path = "distinct answer", f"/calculator/?{bench.random_query(rng)}"
        elif roll < 0.9:
            kind, path = "/livez", "/livez"
        else:
            kind, path = "/healthz", "/healthz"
        started = time.monotonic()
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                response.read()
                status = str(response.status)
        except urllib.error.HTTPError as exc:
            status = str(exc.code)
        except OSError as exc:
            status = f"error ({type(exc).__name__})"
        took = (time.monotonic() - started) * 1000
        with self.lock:
            self.counts[kind][status] += 1
            self.times[kind].append(took)

    def run(self, seed: int) -> None:
        rng = random.Random(seed)
        while not self.stop.is_set():
            self.one(rng)

    def __enter__(self) -> Load:
        for n in range(self.threads):
            thread = threading.Thread(target=self.run, args=(n,), daemon=True)
            thread.start()
            self.workers.append(thread)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.workers:
            thread.join(timeout=15)

    def report(self) -> list[str]:
        lines = []
        for kind in ("cached page", "distinct answer", "/livez", "/healthz"):
            counts = ", ".join(f"{n} × {s}" for s, n in sorted(self.counts[kind].items()))
            times = sorted(self.times[kind]) or [0.0]
            p50, p99 = times[len(times) // 2], times[int(len(times) * 0.99)]
            lines.append(
                f"  - {kind}: {counts or 'none'}; p50 {p50:.0f} ms, p99 {p99:.0f} ms, "
                f"slowest {times[-1]:.0f} ms"
            )
        return lines


def pg_ctl(*args: str) -> None:
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(
        [*as_pg, str(PG_BIN / "pg_ctl"), "-D", os.environ["YIBAO_PG_DATA"], *args],
        check=True,
        capture_output=True,
    )


def log_lines(log: Path, since: int) -> tuple[int, int]:
    text = log.read_bytes()[since:].decode("utf-8", "replace")
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines), sum(1 for line in lines if line.startswith("Traceback"))


def scenario(title: str, base: str, log: Path, seconds: float, fault, after=None) -> list[str]:  # noqa: ANN001
    since = log.stat().st_size
    out = [f"**{title}**"]
    with Load(base) as load:
        time.sleep(2)
        note = fault()
        time.sleep(seconds)
        if after:
            after()
        time.sleep(3)
    out += load.report()
    lines, tracebacks = log_lines(log, since)
    out.append(f"  - server log: {lines} lines, {tracebacks} tracebacks")
    if note:
        out.append(f"  - {note}")
    return out


def database_down(base: str, log: Path, seconds: float) -> list[str]:
    def stop() -> str:
        pg_ctl("-m", "immediate", "stop")
        return f"PostgreSQL stopped for {seconds:.0f} s, then started again"

    def start() -> None:
        pg_ctl(
            "-l", os.environ["YIBAO_PG_LOG"], "-w", "-o", os.environ["YIBAO_PG_OPTIONS"], "start"
        )

    return scenario("Database down", base, log, seconds, stop, start)


def redis_paused_during_a_save(base: str, log: Path, redis: subprocess.Popen[bytes]) -> list[str]:
    from policies.lookup import rule_book
    from policies.models import Region

    region = Region.objects.get(code="620000")
    source = rule_book().resolve(region, "retiree", dt.date(2025, 4, 25)).current.source
    title = f"故障演练改过的标题 {dt.datetime.now():%H%M%S}"

    def pause_and_save() -> str:
        redis.send_signal(signal.SIGSTOP)
        started = time.monotonic()
        source.title = title
        source.save()  # the same signals as an admin save
        took = time.monotonic() - started
        time.sleep(3)
        redis.send_signal(signal.SIGCONT)
        return f"Redis paused 3 s; the save took {took * 1000:.0f} ms"

    out = scenario("Redis paused around an editor's save", base, log, 2, pause_and_save)
    fresh = 0
    for _ in range(60):
        with urllib.request.urlopen(base + CACHED[1], timeout=10) as response:
            fresh += title in response.read().decode()
    out.append(f"  - after the save: {fresh} of 60 requests (all workers) showed the new title")
    return out


def redis_killed(base: str, log: Path, redis: subprocess.Popen[bytes]) -> list[str]:
    def kill() -> str:
        redis.kill()
        return "redis-server killed (not restarted)"

    return scenario("Redis killed", base, log, 5, kill)


def edit_without_redis(env: dict[str, str], tmp: Path, workers: int) -> list[str]:
    """Local-memory caches, one per worker: an edit must still show in every worker."""
    from policies.lookup import rule_book
    from policies.models import Region

    local = {k: v for k, v in env.items() if k != "REDIS_URL"}
    out = [f"**Editor's save without Redis ({workers} workers, a local-memory cache each)**"]
    with prodserver.gunicorn(local, tmp / "gunicorn-local.log", workers) as base:
        for _ in range(30):  # every worker caches the page
            urllib.request.urlopen(base + CACHED[1], timeout=10).read()
        region = Region.objects.get(code="620000")
        source = rule_book().resolve(region, "retiree", dt.date(2025, 4, 25)).current.source
        title = f"无 Redis 时改过的标题 {dt.datetime.now():%H%M%S}"
        source.title = title
        source.save()
        fresh = 0
        for _ in range(60):
            with urllib.request.urlopen(base + CACHED[1], timeout=10) as response:
                fresh += title in response.read().decode()
    out.append(f"  - right after the save: {fresh} of 60 requests showed the new title")
    return out


def worker_killed(base: str, log: Path, master: int) -> list[str]:
    def kill() -> str:
        children = subprocess.run(
            ["pgrep", "-P", str(master)], capture_output=True, text=True
        ).stdout.split()
        if not children:
            return "no worker found"
        os.kill(int(children[0]), signal.SIGKILL)
        return f"worker {children[0]} killed with SIGKILL"

    return scenario("Worker killed", base, log, 5, kill)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=7)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if "YIBAO_PG_DATA" not in os.environ:
        raise SystemExit("run me with scripts/with-postgres.sh (make faults)")
    report = [
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M UTC} on {os.cpu_count()} CPUs, gunicorn "
        f"{args.workers} sync workers, PostgreSQL 15, Redis, 6 client threads.",
        "",
    ]
    with prodserver.workdir() as tmp, bench.redis_server() as redis_url:
        env = prodserver.production_environment(tmp)
        env["REDIS_URL"] = redis_url or ""
        prodserver.prepare_django(env)
        log = tmp / "gunicorn.log"
        with prodserver.gunicorn(env, log, args.workers) as base:
            master = prodserver.last_pid()
            for url in CACHED:
                urllib.request.urlopen(base + url, timeout=10).read()
            from django.db import connections

            connections.close_all()
            report += database_down(base, log, args.seconds)
            connections.close_all()
            redis = bench.last_redis()
            report += redis_paused_during_a_save(base, log, redis)
            report += redis_killed(base, log, redis)
            report += worker_killed(base, log, master)
        connections.close_all()
        report += edit_without_redis(env, tmp, args.workers)
    text = "\n".join(report)
    print(text)
    if args.write:
        doc = DOC.read_text()
        head, rest = doc.split(START, 1)
        _, tail = rest.split(END, 1)
        DOC.write_text(f"{head}{START}\n{text}\n{END}{tail}")


if __name__ == "__main__":
    main()
