"""Every rule value in force or scheduled, as flat rows for CSV and JSON (kept per
content generation and day in each process: ``ops.generation.memo``).

Each row is ``serializers.rule_json`` flattened (the API's shape), plus its status.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ops import generation
from policies.lookup import plain_value
from policies.models import AccountRule
from policies.serializers import rule_json

FIELDS = [
    "region_code",
    "region_name",
    "category",
    "category_label",
    "subgroup",
    "pool",
    "method",
    "method_label",
    "rate_percent",
    "amount",
    "reference_base",
    "reference_year",
    "brackets",
    "deductions",
    "summary",
    "effective_from",
    "start_precision",
    "start_is_publication_date",
    "status",
    "precision",
    "conflict_note",
    "source_title",
    "source_document_number",
    "source_url",
    "source_publisher",
    "source_published_on",
    "grade",
    "grade_label",
    "verified_on",
]


def current_and_scheduled(today: dt.date) -> list[tuple[AccountRule, str]]:
    """Drop values already replaced by a later value that has started."""
    rows = list(
        AccountRule.objects.for_display().order_by(
            "region__code", "category", "subgroup", "effective_from"
        )
    )
    kept: list[tuple[AccountRule, str]] = []
    for i, row in enumerate(rows):
        if row.effective_from > today:
            kept.append((row, "scheduled"))
            continue
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        same = nxt is not None and (nxt.region_id, nxt.category, nxt.subgroup) == (
            row.region_id,
            row.category,
            row.subgroup,
        )
        if not (same and nxt.effective_from <= today):
            kept.append((row, "in_force"))
    return kept


def flat(rule: dict[str, Any], status: str) -> dict[str, Any]:
    """One open-data row from the API's rule JSON."""
    source = rule["source"]
    row = {name: rule.get(name) for name in FIELDS}
    row |= {
        "region_name": rule["region"],
        "brackets": [{k: v for k, v in b.items() if k != "label"} for b in rule["brackets"]],
        "deductions": [
            {
                "label": d["label"],
                "amount": d["amount"],
                "source_title": d["source"]["title"],
                "source_publisher": d["source"]["publisher"],
                "source_published_on": d["source"]["published_on"],
                "source_url": d["source"]["url"],  # only where a reader page would link it
            }
            for d in rule["deductions"]
        ],
        "status": status,
        "source_title": source["title"],
        "source_document_number": source["document_number"],
        "source_url": source["url"],
        "source_publisher": source["publisher"],
        "source_published_on": source["published_on"],
        "grade": source["grade"],
        "grade_label": source["grade_label"],
    }
    return row


def build_rows(today: dt.date) -> list[dict[str, Any]]:
    return [
        flat(rule_json(plain_value(row)), status) for row, status in current_and_scheduled(today)
    ]


def rows(today: dt.date) -> list[dict[str, Any]]:
    """The rows for ``today``, built again after any content change or a new day."""
    by_day: dict[dt.date, list[dict[str, Any]]] = generation.memo("policies:open-data", dict)
    found = by_day.get(today)
    if found is None:
        found = build_rows(today)
        by_day.clear()  # yesterday's rows
        by_day[today] = found
    return found


def brackets_text(brackets: list[dict[str, Any]]) -> str:
    parts = []
    for b in brackets:
        low = "" if b["min_age"] is None else b["min_age"]
        high = "" if b["max_age"] is None else b["max_age"]
        figure = f"{b['rate_percent']}%" if b["rate_percent"] is not None else b["amount"]
        parts.append(f"{low}-{high}:{figure}")
    return ";".join(parts)


def deductions_text(deductions: list[dict[str, Any]]) -> str:
    """ "大病互助:3.00" joined by ";" (the sources are in the JSON)."""
    return ";".join(f"{d['label']}:{d['amount']}" for d in deductions)
