"""Per-client limits that hold under concurrency (the readers' report limit).

Counting what a client did and then saving one more is two statements: two requests at
once would both count 4 of 5 and both save. ``hold(scope, client)`` takes a lock on one
row per client first, inside the caller's transaction; the second request waits until
the first has committed, then counts again.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ops.models import ClientLock


def hold(scope: str, client: str) -> None:
    """Lock ``client``'s row for ``scope`` until the current transaction ends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ops.ratelimit.hold() must run inside transaction.atomic()")
    lock, _ = ClientLock.objects.get_or_create(scope=scope, client=client)
    # An UPDATE, not SELECT … FOR UPDATE: it locks the row on PostgreSQL and takes the
    # database's write lock on SQLite (where FOR UPDATE is ignored).
    ClientLock.objects.filter(pk=lock.pk).update(touched_at=timezone.now())
