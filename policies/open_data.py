"""Every rule value in force or scheduled, as flat rows for CSV and JSON (cached)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache

from policies.describe import describe
from policies.models import OPEN_DATA_CACHE_KEY, AccountRule

FIELDS = [
    "region_code",
    "region_name",
    "category",
    "category_label",
    "method",
    "method_label",
    "rate_percent",
    "amount",
    "reference_base",
    "brackets",
    "summary",
    "effective_from",
    "start_is_publication_date",
    "status",
    "approximate",
    "source_title",
    "source_document_number",
    "source_url",
    "grade",
    "grade_label",
    "verified_on",
]


def _dec(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


def current_and_scheduled(today: dt.date) -> list[tuple[AccountRule, str]]:
    """Drop values already replaced by a later value that has started."""
    rows = list(
        AccountRule.objects.select_related("region", "source")
        .prefetch_related("brackets")
        .order_by("region__code", "category", "effective_from")
    )
    kept: list[tuple[AccountRule, str]] = []
    for i, row in enumerate(rows):
        if row.effective_from > today:
            kept.append((row, "scheduled"))
            continue
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        same = nxt is not None and nxt.region_id == row.region_id and nxt.category == row.category
        if not (same and nxt.effective_from <= today):
            kept.append((row, "in_force"))
    return kept


def build_rows(today: dt.date) -> list[dict[str, Any]]:
    out = []
    for rule, status in current_and_scheduled(today):
        out.append(
            {
                "region_code": rule.region.code if rule.region else "",
                "region_name": rule.region.name if rule.region else "全国默认",
                "category": rule.category,
                "category_label": rule.get_category_display(),
                "method": rule.method,
                "method_label": rule.get_method_display(),
                "rate_percent": _dec(rule.rate),
                "amount": _dec(rule.amount),
                "reference_base": _dec(rule.reference_base),
                "brackets": [
                    {
                        "min_age": b.min_age,
                        "max_age": b.max_age,
                        "rate_percent": _dec(b.rate),
                        "amount": _dec(b.amount),
                    }
                    for b in rule.brackets.all()
                ],
                "summary": describe(rule),
                "effective_from": rule.effective_from.isoformat(),
                "start_is_publication_date": rule.start_is_publication_date,
                "status": status,
                "approximate": rule.approximate,
                "source_title": rule.source.title,
                "source_document_number": rule.source.document_number,
                "source_url": rule.source.url,
                "grade": rule.source.grade,
                "grade_label": rule.source.get_grade_display(),
                "verified_on": rule.verified_on.isoformat(),
            }
        )
    return out


def rows(today: dt.date) -> list[dict[str, Any]]:
    """The rows for ``today``, cached until a rule, bracket, source or region changes."""
    cached = cache.get(OPEN_DATA_CACHE_KEY)
    if cached is not None and cached["today"] == today.isoformat():
        return cached["rows"]
    data = build_rows(today)
    cache.set(OPEN_DATA_CACHE_KEY, {"today": today.isoformat(), "rows": data}, 24 * 3600)
    return data


def brackets_text(brackets: list[dict[str, Any]]) -> str:
    parts = []
    for b in brackets:
        low = "" if b["min_age"] is None else b["min_age"]
        high = "" if b["max_age"] is None else b["max_age"]
        figure = f"{b['rate_percent']}%" if b["rate_percent"] is not None else b["amount"]
        parts.append(f"{low}-{high}:{figure}")
    return ";".join(parts)
