"""Health checks for load balancers and the benchmark's framework floor."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
TEXT = "text/plain; charset=utf-8"


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when every configured database answers a query, 503 when one does not."""
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError as exc:
            logger.error("healthz: database %r unreachable: %s", alias, exc)
            return HttpResponse(f"database {alias} unreachable", status=503, content_type=TEXT)
    return HttpResponse("ok", content_type=TEXT)


@never_cache
@require_safe
def livez(request: HttpRequest) -> HttpResponse:
    """The process is up. Touches nothing: the benchmark uses it as the framework floor."""
    return HttpResponse("ok", content_type=TEXT)
