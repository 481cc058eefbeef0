"""Health checks for load balancers and the benchmark's framework floor."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
TEXT = "text/plain; charset=utf-8"
# One helper thread with its own connections; at most one check in flight, so a database
# that hangs never collects threads or queued checks.
_checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz-db")
_in_flight: dict[str, Future[str | None]] = {}
_lock = threading.Lock()


def check_databases() -> str | None:
    """None when every database answers ``SELECT 1``; else what went wrong.

    Each check opens its own connection and closes it: it proves a new connection can be
    made, and leaves nothing open between probes.
    """
    try:
        for alias in connections:
            try:
                with connections[alias].cursor() as cursor:
                    cursor.execute("SELECT 1")
                    cursor.fetchone()
            except DatabaseError as exc:
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                return f"database {alias} unreachable: {first}"
        return None
    finally:
        connections.close_all()


def _start_check() -> Future[str | None]:
    with _lock:
        running = _in_flight.get("db")
        if running is None or running.done():
            running = _checker.submit(check_databases)
            _in_flight["db"] = running
        return running


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when every database answers within ``HEALTHZ_TIMEOUT`` seconds, else 503.

    The check runs on its own connection in a helper thread, so a database that hangs
    costs this request at most the timeout (100 ms by default), never a worker.
    """
    future = _start_check()
    try:
        problem = future.result(timeout=settings.HEALTHZ_TIMEOUT)
    except TimeoutError:
        problem = f"database did not answer within {settings.HEALTHZ_TIMEOUT * 1000:.0f} ms"
    if problem:
        logger.error("healthz: %s", problem)
        response = HttpResponse(problem.split(":")[0], status=503, content_type=TEXT)
        response._has_been_logged = True  # type: ignore[attr-defined] - one line, above
        return response
    return HttpResponse("ok", content_type=TEXT)


@never_cache
@require_safe
def livez(request: HttpRequest) -> HttpResponse:
    """The process is up: touches no database, cache or session (a load balancer's
    liveness probe; also the floor ``make bench`` compares pages with)."""
    return HttpResponse("ok", content_type=TEXT)
