"""Rule values as JSON: one shape for the public API and the open data."""

from __future__ import annotations

from typing import Any

from policies.describe import describe
from policies.values import Deduction, RuleValue, SourceRef
from yibao_site.lib.formatting import amount


def source_json(source: SourceRef) -> dict[str, str]:
    """A source as readers may see it: its address only where a reader page would link
    it (``link_safe``: official sites, named media); otherwise publisher, title and date
    name it, and content-farm or mirror addresses stay with the editors."""
    return {
        "title": source.title,
        "url": source.url if source.link_safe else "",
        "document_number": source.document_number,
        "grade": source.grade,
        "grade_label": source.grade_label,
        "publisher": source.publisher,
        "published_on": source.published_on.isoformat() if source.published_on else None,
        "link_safe": source.link_safe,
    }


def deduction_json(deduction: Deduction) -> dict[str, Any]:
    return {
        "label": deduction.label,
        "amount": amount(deduction.amount),
        "source": source_json(deduction.source),
    }


def _percent(value: Any) -> str | None:
    return None if value is None else str(value)


def rule_json(rule: RuleValue) -> dict[str, Any]:
    return {
        "region": rule.region_name,
        "region_code": rule.region_code,
        "category": rule.category,
        "category_label": rule.category_label,
        "method": rule.method,
        "method_label": rule.method_label,
        "effective_from": rule.effective_from.isoformat(),
        "start_is_publication_date": rule.start_is_publication_date,
        "start_precision": rule.start_precision,
        "pool": rule.pool,
        "subgroup": rule.subgroup,
        "rate_percent": _percent(rule.rate),
        "amount": amount(rule.amount),
        "reference_base": amount(rule.reference_base),
        "reference_year": rule.reference_year,
        "brackets": [
            {
                "min_age": b.min_age,
                "max_age": b.max_age,
                "label": b.label,
                "rate_percent": _percent(b.rate),
                "amount": amount(b.amount),
            }
            for b in rule.brackets
        ],
        "precision": rule.precision,
        "summary": describe(rule),
        "deductions": [deduction_json(d) for d in rule.deductions],
        "conflict_note": rule.conflict_note,
        "verified_on": rule.verified_on.isoformat() if rule.verified_on else None,
        "source": source_json(rule.source),
    }
