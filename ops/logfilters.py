"""Logging filters (settings ``LOGGING``); imported while logging is configured."""

from __future__ import annotations

import logging

from django.db import OperationalError


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class OneLineDatabaseErrors:
    """Logging filter: a database outage is one line per request, not a traceback each."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, OperationalError):
            record.msg = f"{record.getMessage()} (database unavailable: {first_line(exc)})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


class OneLineRefusals:
    """Logging filter for ``django.security``: a refused request (a Host we do not serve,
    too many fields, a body too large) is one line with its method and path, never a
    traceback: scanners send thousands."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("django.security") or getattr(record, "one_line", False):
            return True  # ours are one line already
        exc = record.exc_info[1] if record.exc_info else None
        request = getattr(record, "request", None)
        where = f"{request.method} {request.path[:200]}" if request is not None else "-"
        kind = type(exc).__name__ if exc is not None else record.name.rsplit(".", 1)[-1]
        message = record.getMessage().replace("\n", " ")[:200]
        record.msg = "refused %s: %s (%s) -> %s"
        record.args = (where, kind, message, getattr(record, "status_code", "4xx"))
        record.one_line = True
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
