"""``/compare/``: the monthly credit across regions, as a sortable table and a bar chart."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from calculator.engines.monthly import Inputs
from calculator.forms.compare import DEFAULT_AGE, DEFAULT_BASE, CompareForm
from calculator.lookup.compare import Calculator, Row, compare_rows
from policies.lookup import rule_book
from policies.models import Region
from policies.remembered import depends_on_cookie, remembered_region
from policies.terms import Category
from yibao_site.lib.charts import Datum, bar_chart
from yibao_site.lib.htmx import HtmxHttpRequest, vary_on_htmx, wants_fragment


def chart(chart_id: str, title: str, desc: str, rows: list[Row]) -> str:
    data = [Datum(r.name, r.monthly, r.shown) for r in rows]
    return bar_chart(chart_id, title, desc, data, "元")


@require_safe
def compare(request: HtmxHttpRequest) -> HttpResponse:
    # Opened without a query, the comparison includes the reader's remembered region.
    mine = None if request.GET else remembered_region(request)
    form = CompareForm(request.GET or None, initial={"regions": [mine.code] if mine else []})
    context: dict[str, object] = {"form": form, "invalid": False}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        context |= build_context(
            data["age"], data["base"], data["on"], data["regions"], data["sort"]
        )
    elif form.is_bound:
        context["invalid"] = True
    else:
        extra = [mine] if mine else []
        context |= build_context(DEFAULT_AGE, DEFAULT_BASE, timezone.localdate(), extra, "amount")
    context["query_base"] = _query_without_sort(request)
    template = "calculator/compare.html"
    if wants_fragment(request):
        template += "#results"
    response = render(request, template, context)
    if not request.GET:
        depends_on_cookie(request, response)
    return vary_on_htmx(response)


def build_context(
    age: int, base: Decimal, on: dt.date, extra: list[Region], sort: str
) -> dict[str, object]:
    calc = Calculator(rule_book())
    retirees = compare_rows(
        calc, Category.RETIREE, Inputs(Category.RETIREE, on, age=age), extra, sort
    )
    employees = compare_rows(
        calc, Category.EMPLOYEE, Inputs(Category.EMPLOYEE, on, base=base), extra, sort
    )
    day = f"{on:%Y-%m-%d}"
    return {
        "age": age,
        "base": base,
        "on": on,
        "sort": sort,
        "retirees": retirees,
        "employees": employees,
        "retiree_chart": chart(
            "chart-retirees",
            f"{age} 周岁退休人员每月划入金额（{day}）",
            "各地区退休人员医保个人账户每月划入金额的条形图，数字与下方表格相同；"
            "没有标准的地区标为暂无数据，按平均养老金比例、未收录金额的地区另有说明。",
            retirees,
        ),
        "employee_chart": chart(
            "chart-employees",
            f"缴费基数 {base} 元的在职职工每月划入金额（{day}）",
            "各地区在职职工医保个人账户每月划入金额的条形图，数字与下方表格相同。",
            employees,
        ),
    }


def _query_without_sort(request: HtmxHttpRequest) -> str:
    query = request.GET.copy()
    query.pop("sort", None)
    return query.urlencode()
