"""Abuse drills (issue 22; not part of `make test` or CI): figures for docs/PERFORMANCE.md.

    .venv/bin/python scripts/abuse.py [--seconds 10]

Production settings, gunicorn on loopback, a seeded throwaway SQLite database, and
throwaway redis-servers:

1. junk: 900 requests around one answer (unknown parameters, cookies, Host ports) and 300
   with junk values of known parameters: Redis keys and memory added;
2. full Redis: a redis-server at maxmemory under noeviction, then distinct cacheable pages
   under load: status counts, server log lines, tracebacks;
3. refusals: bad Host, 1,001 query fields, HEAD, a 50 MB report: statuses, log lines per
   request, tracebacks, reports saved.

The slow-client drill behind nginx is a test: tests/test_abuse.py (slow).
"""

from __future__ import annotations

import argparse
import http.client
import random
import socket
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402
import prodserver  # noqa: E402

redis_server = prodserver.redis_server


def request(base: str, method: str, path: str, headers: dict[str, str] | None = None) -> int:
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request(method, path, headers={"Host": f"{host}:{port}", **(headers or {})})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def log_lines(log: Path, since: int) -> list[str]:
    lines = log.read_text(errors="replace").splitlines()[since:]
    # gunicorn's own start-up and worker lines are not about requests.
    return [line for line in lines if "[INFO]" not in line]


def tracebacks(lines: list[str]) -> int:
    return sum("Traceback (most recent call last)" in line for line in lines)


def junk(env: dict[str, str], workdir: Path) -> list[str]:
    from policies.models import AccountRule

    code = AccountRule.objects.filter(region__isnull=False).values_list("region__code", flat=True)[
        0
    ]
    page = f"/calculator/?region={code}&category=retiree&on=2025-04-25"
    out = []
    lru = ("--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru")
    with redis_server(*lru) as url:  # noqa: SIM117 - the server needs the URL
        with prodserver.gunicorn({**env, "REDIS_URL": url}, workdir / "junk.log") as base:
            port = base.rsplit(":", 1)[1]
            request(base, "GET", page)
            memory, keys = bench.redis_info(url)
            statuses: Counter[int] = Counter()
            for n in range(300):
                statuses[request(base, "GET", f"{page}&utm_source=x{n}")] += 1
                statuses[request(base, "GET", page, {"Cookie": f"t{n}=1; _ga=GA1.{n}"})] += 1
                statuses[request(base, "GET", page, {"Host": f"127.0.0.1:{20000 + n}"})] += 1
            memory2, keys2 = bench.redis_info(url)
            for n in range(100):
                statuses[request(base, "GET", f"/calculator/?region={code}&category=x{n}")] += 1
                statuses[request(base, "GET", f"/calculator/?region={n:06d}")] += 1
                target = {"HX-Request": "true", "HX-Target": f"t{n}"}
                statuses[request(base, "GET", page, target)] += 1
            memory3, keys3 = bench.redis_info(url)
    out.append(
        f"  - 900 junk requests (unknown parameters, cookies, Host ports; port {port} is ours):"
        f" {dict(statuses)} in all; +{keys2 - keys} keys, +{(memory2 - memory) // 1024} KB"
    )
    out.append(
        f"  - 300 junk values of known parameters and htmx targets: +{keys3 - keys2} keys,"
        f" +{(memory3 - memory2) // 1024} KB"
    )
    return out


def full_redis(env: dict[str, str], workdir: Path, seconds: float) -> list[str]:
    import redis

    from policies.models import Region

    codes = list(Region.objects.filter(in_system=True).values_list("code", flat=True))
    log = workdir / "full.log"
    with redis_server("--maxmemory", "2mb", "--maxmemory-policy", "noeviction") as url:
        client = redis.Redis.from_url(url)
        refused = 0
        for n in range(100_000):
            try:
                client.set(f"filler:{n}", b"x" * 10_000)
            except redis.exceptions.OutOfMemoryError:
                refused += 1
                break
        info = client.info("memory")
        with prodserver.gunicorn({**env, "REDIS_URL": url}, log) as base:
            start = len(log.read_text().splitlines())
            statuses: Counter[int] = Counter()
            lock = threading.Lock()
            stop = time.monotonic() + seconds

            def load(seed: int) -> None:
                rng = random.Random(seed)
                while time.monotonic() < stop:
                    code = rng.choice(codes)
                    category = rng.choice(["retiree", "employee"])
                    path = f"/calculator/?region={code}&category={category}&on=2025-04-25"
                    try:
                        status = request(base, "GET", path)
                    except OSError:
                        status = 0
                    with lock:
                        statuses[status] += 1

            threads = [threading.Thread(target=load, args=(n,)) for n in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            time.sleep(0.5)
            lines = log_lines(log, start)
    return [
        f"  - Redis at maxmemory 2 MB, noeviction (used {info['used_memory'] // 1024} KB,"
        f" writes refused: {'yes' if refused else 'no'}); {seconds:.0f} s of 8 threads asking"
        f" distinct cacheable answers: {dict(sorted(statuses.items()))}",
        f"  - server log: {len(lines)} lines, {tracebacks(lines)} tracebacks"
        + (f" (first: {lines[0][:140]})" if lines else ""),
    ]


def big_post(base: str, path: str, size: int) -> str:
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Length: {size}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n"
    )
    sent = 0
    try:
        sock.sendall(head.encode())
        chunk = b"x" * 65536
        while sent < size:
            sock.sendall(chunk)
            sent += len(chunk)
    except OSError:
        pass
    try:
        answer = sock.recv(200).decode(errors="replace").split("\r\n")[0]
    except OSError as exc:
        answer = type(exc).__name__
    sock.close()
    return f"{answer or 'closed'} after {sent // 1024} KB sent"


def refusals(env: dict[str, str], workdir: Path) -> list[str]:
    from reports.models import Report

    log = workdir / "refusals.log"
    out = []
    with prodserver.gunicorn(env, log) as base:
        fields = "&".join("a" for _ in range(1001))
        kinds = {
            "bad Host": lambda: request(base, "GET", "/", {"Host": "evil.example"}),
            "1,001 query fields": lambda: request(base, "GET", f"/calculator/?{fields}"),
            "HEAD": lambda: request(base, "HEAD", "/calculator/"),
        }
        for label, call in kinds.items():
            start = len(log.read_text().splitlines())
            statuses = Counter(call() for _ in range(100))
            time.sleep(0.3)
            lines = log_lines(log, start)
            out.append(
                f"  - {label} × 100: {dict(statuses)}; {len(lines)} log lines,"
                f" {tracebacks(lines)} tracebacks"
                + (f" (\u201c{lines[0][:110]}\u201d)" if lines else "")
            )
        before = Report.objects.count()
        start = len(log.read_text().splitlines())
        answers = [big_post(base, "/regions/110000/report/", 50 * 1024 * 1024) for _ in range(3)]
        time.sleep(0.3)
        lines = log_lines(log, start)
        out.append(
            f"  - 50 MB report × 3: {answers[0]}; {Report.objects.count() - before} reports"
            f" saved; {len(lines)} log lines, {tracebacks(lines)} tracebacks"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    with prodserver.workdir() as workdir:
        env = prodserver.production_environment(workdir)
        env["GUNICORN_ACCESSLOG"] = ""
        prodserver.prepare_django(env)
        print(
            time.strftime("Run %Y-%m-%d %H:%M UTC", time.gmtime()), "on loopback, gunicorn defaults"
        )
        print("**Junk cannot fill the cache**")
        print("\n".join(junk(env, workdir)), flush=True)
        print("**Redis full under noeviction**")
        print("\n".join(full_redis(env, workdir, args.seconds)), flush=True)
        print("**Refused requests**")
        print("\n".join(refusals(env, workdir)), flush=True)


if __name__ == "__main__":
    main()
