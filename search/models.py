"""One row per searchable page: a small denormalised table rebuilt on save and on seed.

Matching is substring (``icontains``) on title and text, which handles Chinese without a
word segmenter and runs the same on SQLite and PostgreSQL; one query per search however
many articles there are. See ``search/engine.py``.
"""

from __future__ import annotations

from django.db import models


class Kind(models.TextChoices):
    TOOL = "tool", "计算器"
    GUIDE = "guide", "指南"
    ARTICLE = "article", "常见问题"
    REGION = "region", "地区"


class SearchDocument(models.Model):
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField("对象编号")
    title = models.CharField("标题", max_length=200)
    url = models.CharField("网址", max_length=300)
    summary = models.CharField("摘要", max_length=300, blank=True)
    text = models.TextField("全文", blank=True)
    updated_at = models.DateTimeField("索引时间", auto_now=True)

    class Meta:
        verbose_name = "搜索索引"
        verbose_name_plural = "搜索索引"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_document")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}:{self.title}"
