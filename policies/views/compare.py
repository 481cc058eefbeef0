"""``/compare/``: the monthly credit across regions, as a sortable table and a bar chart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from calculator.engine import Inputs, Result
from calculator.http import HtmxHttpRequest, vary_on_htmx, wants_fragment
from calculator.lookup import answer
from policies.charts import Datum, bar_chart
from policies.forms import DEFAULT_AGE, DEFAULT_BASE, CompareForm
from policies.models import Category, ContributionBaseLimit, Region
from policies.resolver import RuleBook, base_limits_for_year, limits_in


@dataclass
class Row:
    region: Region | None
    result: Result

    @property
    def name(self) -> str:
        return self.region.name if self.region else "全国默认"

    @property
    def code(self) -> str:
        return self.region.code if self.region else ""

    @property
    def monthly(self) -> Decimal | None:
        return self.result.monthly


def compared_regions(book: RuleBook, category: str, extra: list[Region]) -> list[Region | None]:
    """Regions with their own values for the category, the national default, and extras."""
    regions: list[Region | None] = list(book.regions_with_values(category))
    if book.values(None, category):
        regions.append(None)
    for region in extra:
        if region not in regions:
            regions.append(region)
    return regions


class Calculator:
    """The monthly calculator for many regions, on rows loaded once (see ``RuleBook``)."""

    def __init__(self, book: RuleBook, year: int) -> None:
        self.book = book
        self.year = year
        self._limits: dict[int, ContributionBaseLimit] | None = None

    def limits(self, region: Region | None) -> ContributionBaseLimit | None:
        if self._limits is None:
            self._limits = base_limits_for_year(self.year)
        return limits_in(self._limits, region)

    def calculate(self, region: Region | None, inputs: Inputs) -> Result:
        found = self.book.resolve(region, inputs.category, inputs.on)
        return answer(region, inputs, found, lambda: self.limits(region))


def compare_rows(
    calc: Calculator, category: str, inputs: Inputs, extra: list[Region], sort: str
) -> list[Row]:
    regions = compared_regions(calc.book, category, extra)
    rows = [Row(r, calc.calculate(r, inputs)) for r in regions]
    if sort == "amount":
        rows.sort(key=lambda row: (row.monthly is None, -(row.monthly or 0), row.code or "999999"))
    else:
        rows.sort(key=lambda row: row.code or "999999")
    return rows


def chart(chart_id: str, title: str, desc: str, rows: list[Row]) -> str:
    return bar_chart(chart_id, title, desc, [Datum(r.name, r.monthly) for r in rows], "元")


@require_safe
def compare(request: HtmxHttpRequest) -> HttpResponse:
    form = CompareForm(request.GET or None)
    context: dict[str, object] = {"form": form, "invalid": False}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        context |= build_context(
            data["age"], data["base"], data["on"], data["regions"], data["sort"]
        )
    elif form.is_bound:
        context["invalid"] = True
    else:
        context |= build_context(DEFAULT_AGE, DEFAULT_BASE, timezone.localdate(), [], "amount")
    context["query_base"] = _query_without_sort(request)
    template = "policies/compare.html"
    if wants_fragment(request):
        template += "#results"
    return vary_on_htmx(render(request, template, context))


def build_context(
    age: int, base: Decimal, on: dt.date, extra: list[Region], sort: str
) -> dict[str, object]:
    calc = Calculator(RuleBook.load([Category.RETIREE, Category.EMPLOYEE]), on.year)
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
            f"{age} 周岁退休人员每月划入金额({day})",
            "各地区退休人员医保个人账户每月划入金额的条形图,数字与下方表格相同;"
            "没有标准的地区标为暂无数据。",
            retirees,
        ),
        "employee_chart": chart(
            "chart-employees",
            f"缴费基数 {base} 元的在职职工每月划入金额({day})",
            "各地区在职职工医保个人账户每月划入金额的条形图,数字与下方表格相同。",
            employees,
        ),
    }


def _query_without_sort(request: HtmxHttpRequest) -> str:
    query = request.GET.copy()
    query.pop("sort", None)
    return query.urlencode()
