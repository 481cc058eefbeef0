"""The content generation: one row that every content save moves (see ``ops.generation``)."""

from __future__ import annotations

from django.db import models


class Generation(models.Model):
    """A random token replaced on every content save or delete, in the same transaction.

    Page-cache keys and every per-process cache of rendered or derived content include it,
    so no worker can keep serving content older than the database, whatever the cache.
    """

    token = models.CharField("内容版本", max_length=32)
    changed_at = models.DateTimeField("更改时间", auto_now=True)

    class Meta:
        verbose_name = "内容版本"
        verbose_name_plural = "内容版本"

    def __str__(self) -> str:
        return self.token


class ClientLock(models.Model):
    """One row per purpose and client (a keyed hash of the address, never the address).

    A request that counts what one client did before letting it do more (the readers'
    report limit) first takes this row's lock in its transaction (``ops.ratelimit``), so
    concurrent requests from that client are counted one after another: the limit holds
    on PostgreSQL (a row lock) and SQLite (the write lock) alike.
    """

    scope = models.CharField("用途", max_length=40)
    client = models.CharField("来源（散列）", max_length=64)
    touched_at = models.DateTimeField("最近使用", auto_now=True)

    class Meta:
        verbose_name = "来源计数锁"
        verbose_name_plural = "来源计数锁"
        constraints = [
            models.UniqueConstraint(fields=["scope", "client"], name="ops_clientlock_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.client}"
