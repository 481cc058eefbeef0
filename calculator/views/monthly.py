"""``/calculator/``: the monthly personal-account credit, as a page and as fragments."""

from __future__ import annotations

from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from calculator.engine import INPUT_LABELS, Result
from calculator.forms import DEFAULT_NEEDS, CalculatorForm
from calculator.http import HtmxHttpRequest, vary_on_htmx, wants_fragment
from calculator.lookup import calculate_for, notes_for
from policies.models import Category

# Parameters that mean the reader has answered at least the second question.
ANSWER_KEYS = frozenset({"category", "age", "base", "pension"})


def answered(query: QueryDict) -> bool:
    return any(key in query for key in ANSWER_KEYS)


def build_form(query: QueryDict) -> CalculatorForm:
    if answered(query):
        return CalculatorForm(query)
    initial = {key: query[key] for key in ("region", "on") if query.get(key)}
    return CalculatorForm(initial=initial)


def needed_fields(form: CalculatorForm, result: Result | None) -> tuple[str, ...]:
    if result is not None and result.rule is not None:
        return result.rule.required_inputs()
    category = (form.data.get("category") if form.is_bound else "") or ""
    return DEFAULT_NEEDS.get(category, ())


def answers_summary(form: CalculatorForm, result: Result) -> list[tuple[str, str, str]]:
    """(question, answer, field id) for every answer the result was worked out from."""
    data = form.cleaned_data
    rows = [
        ("参保地", form.region_obj.full_name if form.region_obj else "", "id_region"),
        ("参保身份", Category(data["category"]).label, "id_category_0"),
    ]
    units = {"age": "周岁", "base": "元/月", "pension": "元/月"}
    for name in result.rule.required_inputs() if result.rule else ():
        value = data.get(name)
        if value is not None:
            rows.append((INPUT_LABELS[name], f"{value} {units[name]}", f"id_{name}"))
    rows.append(("计算日期", f"{data['on']:%Y-%m-%d}", "id_on"))
    return rows


@require_safe
def monthly(request: HtmxHttpRequest) -> HttpResponse:
    form = build_form(request.GET)
    result = None
    if form.is_bound and form.is_valid():
        result = calculate_for(form.region_obj, form.inputs())
    needs = needed_fields(form, result)
    category = form.cleaned_data.get("category") if form.is_bound and form.is_valid() else None
    context = {
        "form": form,
        "result": result,
        "detail_fields": [form[name] for name in needs],
        "category_label": Category(category).label if category else "",
        "summary": answers_summary(form, result) if result else [],
        "notes": notes_for(form.region_obj, form.cleaned_data["category"]) if result else [],
        "query": request.GET.urlencode(),
    }
    template = "calculator/monthly.html"
    if wants_fragment(request) and request.htmx.target == "calc-dynamic":
        template += "#dynamic"
        context["oob"] = True
    return vary_on_htmx(render(request, template, context))
