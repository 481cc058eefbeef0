"""``/api/v1/critical-illness``, ``/api/v1/lapse``, ``/api/v1/projection`` as JSON."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from calculator.critical_illness import Inputs as CriticalIllnessInputs
from calculator.forms_more import CriticalIllnessForm, LapseForm, ProjectionForm
from calculator.lookup_more import critical_illness_for, lapse_for
from calculator.views.api import DISCLAIMER, amount, errors_response, json_response, source_json
from calculator.views.lapse import lapse_inputs
from calculator.views.projection import run


def _region(form: Any) -> dict[str, str] | None:
    region = form.region_obj
    return {"code": region.code, "name": region.full_name} if region else None


@require_safe
def critical_illness(request: HttpRequest) -> JsonResponse:
    form = CriticalIllnessForm(request.GET)
    if not form.is_valid():
        return errors_response(form)
    data = form.cleaned_data
    result = critical_illness_for(
        form.region_obj, CriticalIllnessInputs(data["year"], data["group"], data["costs"])
    )
    rule = result.rule
    return json_response(
        {
            "status": str(result.status),
            "region": _region(form),
            "year": data["year"],
            "group": data["group"],
            "costs": amount(data["costs"]),
            "over_threshold": result.over,
            "excess": amount(result.excess),
            "reimbursement": amount(result.reimbursement),
            "self_paid": amount(result.self_paid),
            "steps": result.steps,
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
                "verified_on": rule.verified_on.isoformat(),
                "bands": [
                    {
                        "lower": amount(b.lower),
                        "upper": amount(b.upper),
                        "rate_percent": str(b.rate),
                        "source": source_json(b.source),
                        "verified_on": b.verified_on.isoformat(),
                    }
                    for b in rule.bands
                ],
            },
            "disclaimer": DISCLAIMER,
        }
    )


@require_safe
def lapse(request: HttpRequest) -> JsonResponse:
    form = LapseForm(request.GET)
    if not form.is_valid():
        return errors_response(form)
    result = lapse_for(form.region_obj, lapse_inputs(form))
    rule = result.rule
    return json_response(
        {
            "outcome": str(result.outcome),
            "region": _region(form),
            "scheme": form.cleaned_data["scheme"],
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
                "waiting_months": rule.waiting_months,
                "waiting_is_maximum": rule.waiting_is_maximum,
                "note": rule.note,
                "source": source_json(rule.source),
                "verified_on": rule.verified_on.isoformat(),
            },
            "disclaimer": DISCLAIMER,
        }
    )


@require_safe
def projection(request: HttpRequest) -> JsonResponse:
    form = ProjectionForm(request.GET)
    if not form.is_valid():
        return errors_response(form)
    result, level = run(form)
    return json_response(
        {
            "region": _region(form),
            "category": form.cleaned_data["category"],
            "rules_from": level,
            "start": f"{result.start:%Y-%m}",
            "years": result.years,
            "opening": amount(result.opening),
            "closing": amount(result.closing),
            "total_credited": amount(result.total_credited),
            "assumptions": result.assumptions,
            "warnings": result.warnings,
            "changes": result.changes,
            "months": [
                {
                    "month": f"{m.month:%Y-%m}",
                    "age": m.age,
                    "credit": amount(m.credit),
                    "balance": amount(m.balance),
                }
                for m in result.months
            ],
            "year_totals": [
                {"label": y.label, "credited": amount(y.credited), "balance": amount(y.balance)}
                for y in result.year_totals
            ],
            "sources": [
                {"effective_from": v.effective_from.isoformat(), "source": source_json(v.source)}
                for v in {m.rule: None for m in result.months if m.rule}
            ],
            "disclaimer": DISCLAIMER,
        }
    )
