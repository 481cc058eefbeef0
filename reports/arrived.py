"""Readers' "what arrived" reports and the figures editors publish from them.

- ``/regions/<code>/arrived/``: a reader shares one month's amount, anonymously (the end
  of a 对账 posts here; no-figure and formula answers link here). Honeypot, the reports'
  hourly limit per client address, the address kept only as a keyed hash.
- ``/data/reader-figures.csv`` and ``/api/v1/reader-figures``: the published reader
  figures, their own kind (grade 读者反馈), never mixed with the rules' open data.
- ``published_figures()``: every published figure, loaded once per content generation;
  the template tags (``reports/templatetags/reader_figures.py``) show them on answers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_safe

from ops import generation
from policies.forms import RegionField
from policies.lookup import resolve
from policies.models import Region
from policies.terms import READER_GRADE, READER_GRADE_LABEL, Category, Precision
from reports import figures
from reports.forms import SHARED_CATEGORIES, ArrivedForm
from reports.models import ArrivedReport, ReaderFigure, age_band, hash_address
from reports.views import address_of, over_the_limit, reporting_region, too_many
from yibao_site.lib.formatting import amount
from yibao_site.lib.json import errors_response, json_response
from yibao_site.lib.spreadsheet import neutralise

MAX_AGE = 3600
PREFILL = ("category", "age", "month", "amount")


def rule_brackets(
    region: Region, category: str, on: dt.date
) -> list[tuple[int | None, int | None]]:
    current = resolve(region, category).history.at(on)
    if current is None:
        return []
    return [(b.min_age, b.max_age) for b in current.brackets]


@require_http_methods(["GET", "HEAD", "POST"])
def share(request: HttpRequest, code: str) -> HttpResponse:
    region = reporting_region(code)
    if request.method == "POST":
        form = ArrivedForm(request.POST)
        sender = hash_address(address_of(request))
        with transaction.atomic():
            if over_the_limit("arrived", ArrivedReport, sender):
                return too_many(request)
            if form.is_spam:  # a robot learns nothing
                return redirect("reports:arrived_thanks", code=region.code)
            if form.is_valid():
                data = form.cleaned_data
                age = data.get("age") if data["category"] == Category.RETIREE else None
                low, high = age_band(age, rule_brackets(region, data["category"], data["month"]))
                ArrivedReport.objects.create(
                    region=region,
                    category=data["category"],
                    age=age,
                    age_min=low,
                    age_max=high,
                    month=data["month"],
                    amount=data["amount"],
                    address_hash=sender,
                )
                return redirect("reports:arrived_thanks", code=region.code)
    else:
        initial = {k: request.GET[k] for k in PREFILL if request.GET.get(k)}
        if initial.get("category") not in Category.values:
            initial.pop("category", None)
        form = ArrivedForm(initial=initial)
    context = {"region": region, "form": form, "limit": settings.REPORTS_PER_HOUR}
    return render(request, "reports/arrived.html", context)


@require_safe
def thanks(request: HttpRequest, code: str) -> HttpResponse:
    region = reporting_region(code)
    return render(request, "reports/arrived_thanks.html", {"region": region})


# --- published figures -----------------------------------------------------------------


def _load() -> dict[int, list[ReaderFigure]]:
    by_region: dict[int, list[ReaderFigure]] = defaultdict(list)
    rows = ReaderFigure.objects.select_related("region", "region__parent").order_by(
        "region__code", "category", "-year", "age_min"
    )
    for row in rows:
        by_region[row.region_id].append(row)
    return dict(by_region)


def published_figures() -> dict[int, list[ReaderFigure]]:
    """Region id → its published reader figures, once per content generation."""
    return generation.memo("reports:reader-figures", _load)


def figures_for(region: Region | None, category: str = "") -> list[ReaderFigure]:
    if region is None:
        return []
    rows = published_figures().get(region.pk, [])
    return [r for r in rows if not category or r.category == category]


def figures_in_force(
    region: Region | None, category: str, age: int | None, year: int
) -> list[ReaderFigure]:
    """The newest year's figures up to ``year``: the one for the reader's age range when the
    age is known, else every age range of that year (each says whose it is)."""
    rows = [r for r in figures_for(region, category) if r.year <= year]
    if not rows:
        return []
    newest = max(r.year for r in rows)
    rows = [r for r in rows if r.year == newest]
    if age is None:
        return rows
    return [r for r in rows if r.covers(age)][:1]


FIELDS = [
    "region_code",
    "region_name",
    "category",
    "category_label",
    "age_min",
    "age_max",
    "year",
    "monthly_median",
    "low",
    "high",
    "readers",
    "first_month",
    "last_month",
    "published_on",
    "grade",
    "grade_label",
    "note",
]


def figure_row(row: ReaderFigure) -> dict[str, Any]:
    return {
        "region_code": row.region.code,
        "region_name": row.region.name,
        "category": row.category,
        "category_label": row.get_category_display(),
        "age_min": row.age_min,
        "age_max": row.age_max,
        "year": row.year,
        "monthly_median": amount(row.amount),
        "low": amount(row.low),
        "high": amount(row.high),
        "readers": row.readers,
        "first_month": f"{row.first_month:%Y-%m}",
        "last_month": f"{row.last_month:%Y-%m}",
        "published_on": f"{timezone.localtime(row.published_at):%Y-%m-%d}",
        "grade": READER_GRADE,
        "grade_label": READER_GRADE_LABEL,
        "note": row.note,
    }


def all_rows() -> list[dict[str, Any]]:
    return [figure_row(row) for rows in published_figures().values() for row in rows]


@require_safe
def figures_csv(request: HttpRequest) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for row in all_rows():
        writer.writerow([neutralise("" if row[f] is None else row[f]) for f in FIELDS])
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="reader-figures.csv"'
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


class FiguresQuery(forms.Form):
    region = RegionField(required=False)
    category = forms.ChoiceField(
        label="参保身份",
        required=False,
        choices=[("", "全部"), *Category.choices],
        error_messages={
            "invalid_choice": "参保身份只能是在职职工、退休人员、灵活就业人员或城乡居民。"
        },
    )


@require_safe
def figures_api(request: HttpRequest) -> JsonResponse:
    form = FiguresQuery(request.GET)
    if not form.is_valid():
        return errors_response(form)
    region, category = form.cleaned_data["region"], form.cleaned_data["category"]
    rows = all_rows() if region is None else [figure_row(r) for r in figures_for(region)]
    rows = [r for r in rows if not category or r["category"] == category]
    return json_response(
        {
            "kind": "reader_figures",
            "grade": READER_GRADE,
            "grade_label": READER_GRADE_LABEL,
            "note": "读者反馈的实际到账金额，经编辑汇总发布；不是当地医保部门公布的标准。",
            "fields": FIELDS,
            "figures": rows,
        }
    )


# --- the editors' queue -----------------------------------------------------------------


def groups() -> list[figures.Group]:
    """Every report, grouped by region × category × age range × year."""
    rows = ArrivedReport.objects.values_list(
        "region_id",
        "category",
        "age_min",
        "age_max",
        "month",
        "amount",
        "address_hash",
        "created_at",
    )
    return figures.group(
        (
            figures.Key(region_id, category, low, high, month.year),
            figures.Entry(reader, value, month, created),
        )
        for region_id, category, low, high, month, value, reader, created in rows
    )


def rule_amounts(region: Region, key: figures.Key) -> tuple[list[Decimal], bool, str]:
    """What the published rule in force mid-year gives this group, every way it may arrive
    (what arrives, the credit before deduction, a yearly lump sum), whether it is an
    approximation, and the rule in words; no amounts when the rule is a formula, a share
    of a personal base, or missing."""
    rule = resolve(region, key.category).history.at(dt.date(key.year, 7, 1))
    if rule is None:
        return [], False, ""
    age = key.age_min if key.age_min is not None else key.age_max
    rate, value = rule.figures(rule.bracket_for(age))
    method = rule.spec
    words = f"{rule.region_name} {rule.method_label}（{rule.start_label}）"
    # Only what needs no reader's own figure: a fixed amount, a recorded average, none.
    if method.reader_input or method.missing_figure(rate, value) or rule.is_formula_only:
        return [], False, words
    monthly = method.monthly(rate, value, rule.reference_base)
    amounts = [monthly, monthly - rule.deducted]
    if method.per_year and value is not None:
        amounts += [value, Decimal("0")]
    return amounts, rule.precision != Precision.EXACT, words


def shared_categories() -> tuple[str, ...]:
    return tuple(c.value for c in SHARED_CATEGORIES)
