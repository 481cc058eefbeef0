"""Logging filters (settings ``LOGGING``); imported while logging is configured."""

from __future__ import annotations

import logging

from django.db import OperationalError


class OneLineDatabaseErrors:
    """Logging filter: a database outage is one line per request, not a traceback each."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, OperationalError):
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            record.msg = f"{record.getMessage()} (database unavailable: {first})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True
