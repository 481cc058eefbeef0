"""``/calculator/``: the monthly personal-account credit, as a page and as fragments."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from calculator.engines.monthly import INPUT_LABELS, Result
from calculator.forms.monthly import DEFAULT_NEEDS, CalculatorForm
from calculator.lookup.monthly import calculate_for
from policies import preview
from policies.describe import describe
from policies.lookup import notes_for
from policies.remembered import region_query, remember_answer
from policies.terms import Category, Topic
from yibao_site.lib.htmx import HtmxHttpRequest, vary_on_htmx, wants_fragment

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
    """Only the questions the answer uses: the rule's inputs (none without a rule).

    Before there is an answer, the category's usual questions; a question with an error
    is always shown, next to its message.
    """
    if result is not None:
        asked = ("subgroup",) if result.subgroups else ()
        return asked + (result.rule.required_inputs() if result.rule is not None else ())
    category = (form.data.get("category") if form.is_bound else "") or ""
    needs = DEFAULT_NEEDS.get(category, ())
    return needs + tuple(n for n in CalculatorForm.PRESERVED if n in form.errors and n not in needs)


def answers_summary(form: CalculatorForm, result: Result) -> list[tuple[str, str, str]]:
    """(question, answer, field id) for every answer the result was worked out from."""
    data = form.cleaned_data
    rows = [
        ("参保地", data["region"].full_name, "id_region"),
        ("参保身份", Category(data["category"]).label, "id_category_0"),
    ]
    if data.get("subgroup") in result.subgroups:
        rows.append(("参保情况", data["subgroup"], "id_subgroup_0"))
    units = {"age": "周岁", "base": "元/月", "pension": "元/月"}
    for name in result.rule.required_inputs() if result.rule else ():
        value = data.get(name)
        if value is not None:
            rows.append((INPUT_LABELS[name], f"{value} {units[name]}", f"id_{name}"))
    rows.append(("计算日期", f"{data['on']:%Y-%m-%d}", "id_on"))
    return rows


def projection_url(form: CalculatorForm, result: Result) -> str:
    """The projection calculator, pre-filled with this answer's inputs."""
    inputs = result.inputs
    query = {"region": form.cleaned_data["region"].code, "category": inputs.category}
    for name in ("age", "base", "pension"):
        value = getattr(inputs, name)
        if value is not None:
            query[name] = str(value)
    return f"{reverse('calculator:projection')}?{urlencode(query)}"


@require_safe
def monthly(request: HtmxHttpRequest) -> HttpResponse:
    query, from_cookie = region_query(request)
    form = build_form(query)
    result = region = None
    drafts = preview.wants_drafts(request)  # an editor's preview includes draft rules
    if form.is_bound and form.is_valid():
        region = form.cleaned_data["region"]
        result = calculate_for(region, form.inputs(), drafts=drafts)
        form.offer_subgroups(result.subgroups)
        form.check_subgroup(result.subgroups)
    needs = needed_fields(form, result)
    category = result.inputs.category if result else None
    notes, principles = notes_for(region, category, Topic.ACCOUNT) if result else ([], [])
    context = {
        "form": form,
        "region": region,
        "result": result,
        "detail_fields": [form[name] for name in needs],
        "category_label": Category(category).label if category else "",
        "summary": answers_summary(form, result) if result else [],
        "notes": notes,
        "principles": principles,
        "projection_url": projection_url(form, result) if result and result.has_amount else "",
        # A formula with no amount, in a few words for the answer bar.
        "formula_text": describe(result.rule) if result and result.status == "formula" else "",
        "query": query.urlencode(),
        "preview": drafts,
    }
    template = "calculator/monthly.html"
    if wants_fragment(request) and request.htmx.target == "calc-dynamic":
        template += "#dynamic"
        context["oob"] = True
    response = render(request, template, context)
    remember_answer(request, response, region, from_cookie=from_cookie)
    response = vary_on_htmx(response)
    return preview.keep_private(response) if drafts else response
