"""``/api/v1/critical-illness``, ``/api/v1/lapse``, ``/api/v1/projection`` as JSON."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from calculator.engine import SourceRef
from calculator.forms_more import CriticalIllnessForm, LapseForm, ProjectionForm
from calculator.lookup_more import critical_illness_for, lapse_for
from calculator.views.lapse import lapse_inputs
from calculator.views.projection import run

DISCLAIMER = "仅供参考,以参保地医保部门公布的标准为准。"


def _json(data: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _errors(form: forms.Form) -> JsonResponse:
    return _json({"errors": {k: [str(e) for e in v] for k, v in form.errors.items()}}, 400)


def _amount(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


def _source(source: SourceRef) -> dict[str, str]:
    return {
        "title": source.title,
        "url": source.url,
        "document_number": source.document_number,
        "grade": source.grade,
        "grade_label": source.grade_label,
    }


def _region(form: Any) -> dict[str, str] | None:
    region = form.region_obj
    return {"code": region.code, "name": region.full_name} if region else None


@require_safe
def critical_illness(request: HttpRequest) -> JsonResponse:
    form = CriticalIllnessForm(request.GET)
    if not form.is_valid():
        return _errors(form)
    from calculator.critical_illness import Inputs

    data = form.cleaned_data
    result = critical_illness_for(
        form.region_obj, Inputs(data["year"], data["group"], data["costs"])
    )
    rule = result.rule
    return _json(
        {
            "status": str(result.status),
            "region": _region(form),
            "year": data["year"],
            "group": data["group"],
            "costs": _amount(data["costs"]),
            "over_threshold": result.over,
            "excess": _amount(result.excess),
            "reimbursement": _amount(result.reimbursement),
            "self_paid": _amount(result.self_paid),
            "steps": result.steps,
            "warnings": result.warnings,
            "message": result.message,
            "rule": None
            if rule is None
            else {
                "applies_to": rule.region_name,
                "is_example": rule.is_example,
                "threshold": _amount(rule.threshold),
                "cap": _amount(rule.cap),
                "source": _source(rule.source),
                "verified_on": rule.verified_on.isoformat(),
                "bands": [
                    {
                        "lower": _amount(b.lower),
                        "upper": _amount(b.upper),
                        "rate_percent": str(b.rate),
                        "source": _source(b.source),
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
        return _errors(form)
    result = lapse_for(form.region_obj, lapse_inputs(form))
    rule = result.rule
    return _json(
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
                "source": _source(rule.source),
                "verified_on": rule.verified_on.isoformat(),
            },
            "disclaimer": DISCLAIMER,
        }
    )


@require_safe
def projection(request: HttpRequest) -> JsonResponse:
    form = ProjectionForm(request.GET)
    if not form.is_valid():
        return _errors(form)
    result, level = run(form)
    return _json(
        {
            "region": _region(form),
            "category": form.cleaned_data["category"],
            "rules_from": level,
            "start": f"{result.start:%Y-%m}",
            "years": result.years,
            "opening": _amount(result.opening),
            "closing": _amount(result.closing),
            "total_credited": _amount(result.total_credited),
            "assumptions": result.assumptions,
            "warnings": result.warnings,
            "changes": result.changes,
            "months": [
                {
                    "month": f"{m.month:%Y-%m}",
                    "age": m.age,
                    "credit": _amount(m.credit),
                    "balance": _amount(m.balance),
                }
                for m in result.months
            ],
            "year_totals": [
                {"label": y.label, "credited": _amount(y.credited), "balance": _amount(y.balance)}
                for y in result.year_totals
            ],
            "sources": [
                {"effective_from": v.effective_from.isoformat(), "source": _source(v.source)}
                for v in {m.rule: None for m in result.months if m.rule}
            ],
            "disclaimer": DISCLAIMER,
        }
    )
