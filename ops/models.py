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
