"""Which version of the content is current, read from the database once per request.

Every content save or delete (admin, seed, shell; ``ops.pagecache.connect_invalidation``)
writes a new random token into the one ``Generation`` row, inside the same transaction as
the change. Each request reads the token once (a one-row primary-key query); page-cache
keys and the per-process caches below (``memo``) include it. So an edit is visible on the
next request in every worker: with Redis, without Redis, and after a Redis outage,
because the token never lives in the cache.

While the database is unreachable nothing can be edited, so the last token a process saw
stays right: cached pages keep being served, and ``DatabaseUnavailable`` tells callers
not to try again for ``DATABASE_RETRY_AFTER`` seconds (no pile-up of connection attempts).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils import timezone

logger = logging.getLogger("ops.database")

T = TypeVar("T")
TABLE = "ops_generation"
ROW = 1


class DatabaseUnavailable(OperationalError):
    """The database did not answer just now; it is not tried again for a moment."""


class _State(threading.local):
    in_request = False
    token: str | None = None


_request = _State()
# Process-wide: the last token read from the database, and until when not to try it.
_last: dict[str, Any] = {"token": None, "down_until": 0.0}
_memos: dict[str, tuple[str, Any]] = {}


def last_known() -> str | None:
    """The token this process read most recently (used while the database is down)."""
    return _last["token"]


def database_down() -> bool:
    return time.monotonic() < _last["down_until"]


def _first(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def mark_database_down(exc: BaseException) -> None:
    """Remember a failed connection: callers skip the database for a moment. Our own
    ``DatabaseUnavailable`` (the database is known to be down) moves nothing: marking it
    again on every refused request would keep pushing the next try back."""
    if isinstance(exc, DatabaseUnavailable):
        return
    retry = float(getattr(settings, "DATABASE_RETRY_AFTER", 1.0))
    _last["down_until"] = time.monotonic() + retry
    # The broken connection must not be reused by the next request.
    with contextlib.suppress(DatabaseError):
        connection.close()


def _select() -> tuple[str] | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {TABLE} WHERE id = %s", [ROW])  # noqa: S608
        return cursor.fetchone()


def _read() -> str:
    if database_down():
        raise DatabaseUnavailable("database marked unavailable")
    # A connection kept from an earlier request may have been dropped (the server
    # restarted a backend, a proxy timed it out): one new connection is tried before the
    # 503 path. A failure to connect at all is not retried (it would wait twice).
    reused = connection.connection is not None and not connection.in_atomic_block
    try:
        try:
            row = _select()
        except OperationalError as exc:
            if not reused:
                raise
            logger.warning("database connection dropped (%s); reconnecting once", _first(exc))
            with contextlib.suppress(DatabaseError):
                connection.close()
            row = _select()
    except OperationalError as exc:
        mark_database_down(exc)
        raise DatabaseUnavailable(_first(exc)) from exc
    token = row[0] if row else _create()
    _last["token"] = token
    _last["down_until"] = 0.0
    return token


def _create() -> str:
    from ops.models import Generation

    row, _ = Generation.objects.get_or_create(pk=ROW, defaults={"token": uuid.uuid4().hex})
    return row.token


def current() -> str:
    """The current token: read once per request, on every call outside a request."""
    if _request.in_request and _request.token is not None:
        return _request.token
    token = _read()
    if _request.in_request:
        _request.token = token
    return token


def bump() -> str:
    """A new token, written in the current transaction (called on every content save)."""
    token = uuid.uuid4().hex
    try:
        # A savepoint: if the row cannot be written, the editor's change still commits.
        with transaction.atomic():
            model = _generation_model()
            if not model.objects.filter(pk=ROW).update(token=token, changed_at=timezone.now()):
                model.objects.create(pk=ROW, token=token)
    except DatabaseError as exc:  # e.g. before the first migration
        logger.warning("content generation not moved: %s", exc)
        return token
    if _request.in_request:
        _request.token = token
    _last["token"] = token
    return token


def _generation_model() -> type:
    from ops.models import Generation

    return Generation


def begin_request(**kwargs: Any) -> None:
    """Receiver of Django's ``request_started``: the next read of the token is kept for the
    rest of the request (connected in ``ops.apps``)."""
    _request.in_request = True
    _request.token = None


def end_request(**kwargs: Any) -> None:
    """Receiver of ``request_finished``."""
    _request.in_request = False
    _request.token = None


def fragment_key(key: str, key_prefix: str, version: int) -> str:
    """Cache keys of the ``template_fragments`` cache (``{% cache %}`` blocks): they carry
    the content generation, so a saved edit never meets a fragment rendered before it."""
    return f"{key_prefix}:{version}:{current()}:{key}"


def memo(name: str, build: Callable[[], T]) -> T:
    """``build()`` once per content generation in this process (small derived data).

    For data every request needs and editors change rarely: the region list, the rendered
    region ``<select>``, the rule book. Reads the token (one query per request at most).
    """
    token = current()
    found = _memos.get(name)
    if found is not None and found[0] == token:
        return found[1]
    value = build()
    _memos[name] = (token, value)
    return value
