"""Answers as JSON for ``/api/v1/``: one function per result type."""

from __future__ import annotations

from typing import Any

from calculator.engines import critical_illness, lapse, monthly, projection
from policies.models import Region
from policies.serializers import deduction_json, rule_json, source_json
from yibao_site.lib.formatting import amount
from yibao_site.lib.wording import DISCLAIMER


def region_json(region: Region | None) -> dict[str, str] | None:
    return {"code": region.code, "name": region.full_name} if region else None


def _verified(value: Any) -> str | None:
    return value.isoformat() if value else None


def monthly_json(region: Region, result: monthly.Result) -> dict[str, Any]:
    inputs = result.inputs
    return {
        "status": str(result.status),
        "region": region_json(region),
        "category": inputs.category,
        "on": inputs.on.isoformat(),
        "inputs": {
            "age": inputs.age,
            "base": amount(inputs.base),
            "pension": amount(inputs.pension),
            "subgroup": inputs.subgroup or None,
        },
        # ``monthly`` is what is credited; ``net_monthly`` what arrives after ``deductions``.
        "monthly": amount(result.monthly),
        "yearly": amount(result.yearly),
        "precision": str(result.precision),
        "monthly_text": result.monthly_text,
        "yearly_text": result.yearly_text,
        "deductions": [deduction_json(d) for d in result.deductions],
        "net_monthly": amount(result.net_monthly),
        "net_monthly_text": result.net_monthly_text,
        "subgroups": list(result.subgroups),
        "scope": str(result.scope) if result.scope else None,
        "steps": result.steps,
        "warnings": result.warnings,
        "upcoming": result.upcoming,
        "missing": list(result.missing),
        "message": result.message,
        "rule": rule_json(result.rule) if result.rule else None,
        "disclaimer": DISCLAIMER,
    }


def critical_illness_json(region: Region | None, result: critical_illness.Result) -> dict[str, Any]:
    rule, inputs = result.rule, result.inputs
    worked = {
        "over_threshold": result.over,
        "excess": amount(result.excess),
        "reimbursement": amount(result.reimbursement),
        "self_paid": amount(result.self_paid),
        "steps": result.steps,
    }
    # Someone else's example is never this region's answer: it goes under "example".
    answer = dict.fromkeys(worked) if result.is_example else worked
    return {
        "status": str(result.status),
        "region": region_json(region),
        "year": inputs.year,
        "group": inputs.group,
        "costs": amount(inputs.costs),
        **answer,
        "example": worked if result.is_example else None,
        "warnings": result.warnings,
        "message": result.message,
        "rule": None
        if rule is None
        else {
            "applies_to": rule.region_name,
            "is_example": rule.is_example,
            "threshold": amount(rule.threshold),
            "cap": amount(rule.cap),
            "source": source_json(rule.source),
            "verified_on": _verified(rule.verified_on),
            "bands": [
                {
                    "lower": amount(b.lower),
                    "upper": amount(b.upper),
                    "rate_percent": str(b.rate),
                    "source": source_json(b.source),
                    "verified_on": _verified(b.verified_on),
                }
                for b in rule.bands
            ],
        },
        "disclaimer": DISCLAIMER,
    }


def lapse_json(region: Region | None, result: lapse.Result) -> dict[str, Any]:
    rule = result.rule
    return {
        "outcome": str(result.outcome),
        "region": region_json(region),
        "scheme": result.inputs.scheme,
        "headline": result.headline,
        "waiting_months": result.waiting_months,
        "resumes_on": result.resumes_on.isoformat() if result.resumes_on else None,
        "steps": result.steps,
        "warnings": result.warnings,
        "rule": None
        if rule is None
        else {
            "applies_to": rule.region_name,
            "situation": rule.situation_label,
            "retro_months": rule.retro_months,
            "retroactive": rule.retroactive,
            "effective_from": rule.effective_from.isoformat() if rule.effective_from else None,
            "waiting_months": rule.waiting_months,
            "waiting_is_maximum": rule.waiting_is_maximum,
            "note": rule.note,
            "source": source_json(rule.source),
            "verified_on": _verified(rule.verified_on),
        },
        "disclaimer": DISCLAIMER,
    }


def projection_json(
    region: Region, category: str, result: projection.Projection, level: str
) -> dict[str, Any]:
    return {
        "region": region_json(region),
        "category": category,
        "rules_from": level,
        "start": f"{result.start:%Y-%m}",
        "years": result.years,
        "opening": amount(result.opening),
        # No balance unless every month has a figure (never a 0.00 made of missing months).
        "estimable": result.estimable,
        "unknown_months": [f"{m:%Y-%m}" for m in result.unknown],
        "unknown_reasons": result.reasons,
        "closing": amount(result.closing) if result.estimable else None,
        "total_credited": amount(result.total_credited) if result.estimable else None,
        "precision": str(result.precision),
        "assumptions": result.assumptions,
        "warnings": result.warnings,
        "changes": result.changes,
        "months": [
            {
                "month": f"{m.month:%Y-%m}",
                "age": m.age,
                "credit": amount(m.credit),
                "balance": amount(m.balance) if result.estimable else None,
            }
            for m in result.months
        ],
        "year_totals": [
            {"label": y.label, "credited": amount(y.credited), "balance": amount(y.balance)}
            for y in result.year_totals
        ],
        "sources": [
            {"effective_from": v.effective_from.isoformat(), "source": source_json(v.source)}
            for v in result.rules_used
        ],
        "disclaimer": DISCLAIMER,
    }
