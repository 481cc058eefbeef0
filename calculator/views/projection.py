"""``/calculator/projection/``: how the account grows month by month over N years."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from calculator.engines.monthly import INPUT_LABELS
from calculator.engines.projection import Projection
from calculator.forms.monthly import DEFAULT_NEEDS
from calculator.forms.projection import ProjectionForm
from calculator.lookup.projection import projection_from
from policies.remembered import region_query, remember_answer
from policies.terms import Category
from yibao_site.lib.charts import Datum, line_chart
from yibao_site.lib.htmx import HtmxHttpRequest, vary_on_htmx, wants_fragment

ANSWER_KEYS = frozenset({"category", "age", "base", "pension", "balance", "years", "subgroup"})


def chart(result: Projection) -> str:
    points = [Datum(f"{result.start:%Y-%m}", result.opening)] + [
        Datum(f"{m.month:%Y-%m}", m.balance) for m in result.months[11::12]
    ]
    return line_chart(
        "chart-projection",
        f"账户余额累计（{result.start:%Y-%m} 起 {result.years} 年）",
        "折线表示每年年末的账户余额（只累计划入、不计支出），数字与下方“每年合计”表相同。",
        points,
        "元",
    )


def month_rows(result: Projection) -> list[tuple[str, str, str, str, str]]:
    """The month table as plain strings: up to 360 rows render fast without lookups."""
    return [
        (
            f"{m.month:%Y-%m}",
            "" if m.age is None else str(m.age),
            "" if m.credit is None else f"{m.credit:.2f}",
            f"{m.balance:.2f}",
            m.change,
        )
        for m in result.months
    ]


def needed_inputs(form: ProjectionForm, result: Projection | None) -> tuple[str, ...]:
    """The questions the projection uses: every input of the rules in force over the period.

    Before there is a projection, the category's usual questions; a question with an
    error is always shown, next to its message.
    """
    if result is not None and (result.rules_used or result.subgroups):
        found = dict.fromkeys(name for rule in result.rules_used for name in rule.required_inputs())
        if result.subgroups:
            found["subgroup"] = None
        return tuple(name for name in ProjectionForm.DETAILS if name in found)
    category = (form.data.get("category") if form.is_bound else "") or ""
    needs = DEFAULT_NEEDS.get(category, ()) if result is None else ()
    return needs + tuple(n for n in ProjectionForm.DETAILS if n in form.errors and n not in needs)


@require_safe
def projection(request: HtmxHttpRequest) -> HttpResponse:
    query, from_cookie = region_query(request)
    if any(key in query for key in ANSWER_KEYS):
        form = ProjectionForm(query)
    else:
        form = ProjectionForm(initial={k: query[k] for k in ("region", "on") if query.get(k)})
    context: dict[str, object] = {"form": form, "result": None, "missing": []}
    region = result = None
    if form.is_bound and form.is_valid():
        region = form.cleaned_data["region"]
        result, level = projection_from(form.cleaned_data, region)
        form.offer_subgroups(result.subgroups)
        if not form.check_subgroup(result.subgroups):
            result = None
    if result is not None:
        needs = needed_inputs(form, result)
        missing = [INPUT_LABELS[n] for n in needs if form.cleaned_data.get(n) in (None, "")]
        context["missing"] = missing
        context["region"] = region
        context["category_label"] = Category(form.cleaned_data["category"]).label
    if result is not None and not context["missing"]:
        context |= {
            "region": region,
            "result": result,
            "month_rows": month_rows(result),
            "level": level,
            "follows": bool(level) and level != region.name,
            "chart": chart(result),
        }
    context["detail_fields"] = [form[name] for name in needed_inputs(form, result)]
    template = "calculator/projection.html"
    if wants_fragment(request):
        template += "#app"
        context["oob"] = True
    response = render(request, template, context)
    remember_answer(request, response, region, from_cookie=from_cookie)
    return vary_on_htmx(response)
