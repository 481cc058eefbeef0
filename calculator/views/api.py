"""``/api/v1/calculate``: the monthly calculator as JSON."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from calculator.engine import Result, RuleValue, SourceRef
from calculator.forms import CalculatorForm
from calculator.lookup import calculate_for
from policies.models import Region

DISCLAIMER = "仅供参考,以参保地医保部门公布的标准为准。"


def json_response(data: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def errors_response(form: forms.Form) -> JsonResponse:
    """400 with every field's messages, in Chinese, as the forms wrote them."""
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    return json_response({"errors": errors}, status=400)


def amount(value: Any) -> str | None:
    """A money figure as a string with two decimals (None stays None)."""
    return None if value is None else f"{value:.2f}"


def source_json(source: SourceRef) -> dict[str, str]:
    return {
        "title": source.title,
        "url": source.url,
        "document_number": source.document_number,
        "grade": source.grade,
        "grade_label": source.grade_label,
    }


def rule_json(rule: RuleValue) -> dict[str, Any]:
    return {
        "region": rule.region_name,
        "category": rule.category,
        "method": rule.method,
        "method_label": rule.method_label,
        "effective_from": rule.effective_from.isoformat(),
        "start_is_publication_date": rule.start_is_publication_date,
        "rate_percent": None if rule.rate is None else str(rule.rate),
        "amount": amount(rule.amount),
        "reference_base": amount(rule.reference_base),
        "brackets": [
            {
                "min_age": b.min_age,
                "max_age": b.max_age,
                "label": b.label,
                "rate_percent": None if b.rate is None else str(b.rate),
                "amount": amount(b.amount),
            }
            for b in rule.brackets
        ],
        "approximate": rule.approximate,
        "verified_on": rule.verified_on.isoformat(),
        "source": source_json(rule.source),
    }


def result_json(region: Region, result: Result) -> dict[str, Any]:
    inputs = result.inputs
    return {
        "status": str(result.status),
        "region": {"code": region.code, "name": region.full_name},
        "category": inputs.category,
        "on": inputs.on.isoformat(),
        "inputs": {
            "age": inputs.age,
            "base": amount(inputs.base),
            "pension": amount(inputs.pension),
        },
        "monthly": amount(result.monthly),
        "yearly": amount(result.yearly),
        "steps": result.steps,
        "warnings": result.warnings,
        "upcoming": result.upcoming,
        "missing": list(result.missing),
        "message": result.message,
        "rule": rule_json(result.rule) if result.rule else None,
        "disclaimer": DISCLAIMER,
    }


@require_safe
def calculate(request: HttpRequest) -> JsonResponse:
    form = CalculatorForm(request.GET)
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse(
            {"errors": errors}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    assert form.region_obj is not None
    result = calculate_for(form.region_obj, form.inputs())
    return JsonResponse(
        result_json(form.region_obj, result), json_dumps_params={"ensure_ascii": False}
    )
