"""``/regions/`` and ``/regions/<code>/``: each region's rules at a glance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from ops import generation
from policies.describe import describe, history_lines
from policies.lookup import RuleBook, regional_notes, rule_book
from policies.models import AccountRule, Region
from policies.plain import rule_value
from policies.regions import region_choices
from policies.terms import NATIONAL, Category
from policies.values import RuleValue


@dataclass
class RuleStats:
    count: int = 0
    verified: dt.date | None = None


def rule_stats() -> dict[int, RuleStats]:
    rows = (
        AccountRule.objects.filter(region__isnull=False)
        .values("region_id")
        .annotate(n=Count("id"), last=Max("verified_on"))
    )
    return {row["region_id"]: RuleStats(row["n"], row["last"]) for row in rows}


def region_tree() -> dict[str, object]:
    """Provinces with their cities, rule marks and page URLs (built once per generation)."""
    stats = rule_stats()
    regions = list(Region.objects.order_by("code").only("id", "code", "name", "level", "parent_id"))
    # One reverse() for ~370 links: the code is the only part that changes.
    pattern = reverse("policies:region", args=["000000"])
    provinces = []
    by_id: dict[int, dict] = {}
    for region in regions:
        entry = {
            "region": region,
            "url": pattern.replace("000000", region.code),
            "stats": stats.get(region.pk),
            "cities": [],
        }
        if region.level == Region.Level.PROVINCE:
            provinces.append(entry)
            by_id[region.pk] = entry
        elif region.parent_id in by_id:
            by_id[region.parent_id]["cities"].append(entry)
    with_rules = sum(1 for r in regions if r.pk in stats)
    return {"provinces": provinces, "with_rules": with_rules}


def region_list_parts() -> tuple[str, int]:
    """The rendered province/city list and the number of regions with their own rules."""
    tree = region_tree()
    html = render_to_string("policies/region_list.html#tree", tree)
    return mark_safe(html), int(tree["with_rules"])  # noqa: S308 - rendered by the template


@require_safe
def region_list(request: HttpRequest) -> HttpResponse:
    # ~370 links and marks, the same for every reader: rendered once per content generation.
    tree_html, with_rules = generation.memo("policies:region-list", region_list_parts)
    return render(
        request,
        "policies/region_list.html",
        {"tree_html": tree_html, "with_rules": with_rules},
    )


@dataclass
class CategoryView:
    category: str
    label: str
    current: RuleValue | None
    current_text: str
    follows: str
    upcoming: list[tuple[str, RuleValue]] = field(default_factory=list)
    history: list[tuple[str, RuleValue]] = field(default_factory=list)
    calculator_url: str = ""
    first: RuleValue | None = None


def category_view(book: RuleBook, region: Region, category: str, today: dt.date) -> CategoryView:
    found = book.resolve(region, category, today)
    label = Category(category).label
    if found.found_any and (found.level is None or found.level.pk != region.pk):
        where = found.level.name if found.level else NATIONAL
        follows = f"{region.name}没有单独的{label}标准,沿用{where}的标准。"
    else:
        follows = ""
    values = [rule_value(v) for v in book.values(found.level, category)] if found.found_any else []
    current = next((v for v in values if found.current and v.pk == found.current.pk), None)
    later = [v for v in values if v.effective_from > today]
    query = urlencode({"region": region.code, "category": category})
    return CategoryView(
        category=category,
        label=label,
        current=current,
        current_text=describe(current) if current else "",
        follows=follows,
        upcoming=[(f"{v.start_month} 改为 {describe(v)}", v) for v in later],
        history=history_lines([v for v in values if v.effective_from <= today]),
        calculator_url=f"{reverse('calculator:monthly')}?{query}",
        first=values[0] if values else None,
    )


def child_regions(region: Region, book: RuleBook) -> list[tuple[dict[str, str], RuleStats | None]]:
    """A province's cities (from the cached region choices) with their own-rule marks."""
    if region.level != Region.Level.PROVINCE:
        return []
    stats: dict[str, RuleStats] = {}
    for (region_id, _category), rows in book.by_level.items():
        if region_id is None or not rows or rows[0].region.parent_id != region.pk:
            continue
        entry = stats.setdefault(rows[0].region.code, RuleStats())
        entry.count += len(rows)
        dates = [d for d in (entry.verified, *(r.verified_on for r in rows)) if d]
        entry.verified = max(dates, default=None)
    for _name, options in region_choices():
        codes = [code for code, _ in options]
        if codes and codes[0] == region.code:
            return [
                (
                    {"code": code, "name": label, "url": reverse("policies:region", args=[code])},
                    stats.get(code),
                )
                for code, label in options[1:]
            ]
    return []


@require_safe
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region.objects.select_related("parent"), code=code)
    today = timezone.localdate()
    # Every rule and note, loaded once per content generation (policies.lookup).
    book = rule_book()
    categories = [category_view(book, region, value, today) for value in Category.values]
    notes = regional_notes(region)
    query = urlencode({"region": region.code})
    return render(
        request,
        "policies/region_detail.html",
        {
            "region": region,
            "categories": categories,
            "notes": notes,
            "children": child_regions(region, book),
            "today": today,
            "links": [
                (reverse(name) + "?" + query, label)
                for name, label in (
                    ("calculator:monthly", "每月划入计算"),
                    ("calculator:projection", "几年后账户里能攒多少"),
                    ("calculator:critical_illness", "大病保险能报多少"),
                    ("calculator:lapse", "断缴、补缴后多久能报销"),
                )
            ]
            + [
                (
                    reverse("guides:guide", args=["balance"]) + "?" + query,
                    f"怎么查{region.name}的医保余额",
                ),
                (
                    reverse("calculator:compare") + "?" + urlencode({"regions": region.code}),
                    "和其他地区比较",
                ),
            ],
        },
    )
