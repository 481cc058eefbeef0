"""``/regions/`` and ``/regions/<code>/``: each region's rules at a glance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from calculator.registry import TOOLS
from ops import generation
from policies import preview
from policies.channels import channels_for
from policies.describe import deductions_text, describe, history_lines
from policies.forms import outside_the_system
from policies.lookup import RuleBook, regional_notes, rule_book, rule_rows
from policies.models import AccountRule, Region, along_chain
from policies.regions import region_choices, region_search_keys
from policies.terms import Category
from policies.values import Resolved, RuleValue


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
    regions = list(
        Region.objects.filter(in_system=True)
        .order_by("code")
        .only("id", "code", "name", "level", "parent_id")
    )
    # One reverse() for ~370 links: the code is the only part that changes.
    pattern = reverse("regions:region", args=["000000"])
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
    html = render_to_string("regions/region_list.html#tree", tree)
    return mark_safe(html), int(tree["with_rules"])  # noqa: S308 - rendered by the template


@require_safe
def region_list(request: HttpRequest) -> HttpResponse:
    # ~370 links and marks, the same for every reader: rendered once per content generation.
    tree_html, with_rules = generation.memo("policies:region-list", region_list_parts)
    return render(
        request,
        "regions/region_list.html",
        {"tree_html": tree_html, "with_rules": with_rules},
    )


@require_safe
def region_keys(request: HttpRequest) -> JsonResponse:
    """Code → pinyin search keys for the region combobox, fetched when a reader first types.

    The same for every reader and rarely changed (a region's name): cached a day."""
    response = JsonResponse(region_search_keys(), json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=24 * 3600)
    return response


@dataclass
class GroupView:
    """The values for one sub-group of a category (or the whole category: ``label`` "")."""

    label: str
    current: RuleValue | None
    current_text: str = ""
    deductions_text: str = ""
    upcoming: list[tuple[str, RuleValue]] = field(default_factory=list)
    history: list[tuple[str, RuleValue]] = field(default_factory=list)


@dataclass
class CategoryView:
    category: str
    label: str
    follows: str
    groups: list[GroupView] = field(default_factory=list)
    # A province's 省直/省本级 value that this city's readers do not inherit.
    provincial_pool: RuleValue | None = None
    provincial_pool_text: str = ""
    calculator_url: str = ""
    first: RuleValue | None = None

    @property
    def current(self) -> RuleValue | None:
        return next((g.current for g in self.groups if g.current), None)


def group_view(resolved: Resolved, today: dt.date) -> GroupView:
    current = resolved.history.at(today)
    return GroupView(
        label=resolved.subgroup,
        current=current,
        current_text=describe(current) if current else "",
        deductions_text=deductions_text(current) if current else "",
        upcoming=[
            (f"{v.start_month} 改为 {describe(v)}", v) for v in resolved.history.after(today)
        ],
        history=history_lines(list(resolved.history.until(today))),
    )


def category_view(book: RuleBook, region: Region, category: str, today: dt.date) -> CategoryView:
    """One category of the region page, from the one resolver (as every answer is)."""
    found = book.resolved(region, category)
    groups = [
        group_view(book.resolved(region, category, label) if label else found, today)
        for label in found.subgroups or ("",)
    ]
    pool = found.provincial_pool.at(today)
    query = urlencode({"region": region.code, "category": category})
    return CategoryView(
        category=category,
        label=Category(category).label,
        follows=found.why,
        groups=groups,
        provincial_pool=pool,
        provincial_pool_text=describe(pool) if pool is not None else "",
        calculator_url=f"{reverse('calculator:monthly')}?{query}",
        first=found.history.first,
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
                    {"code": code, "name": label, "url": reverse("regions:region", args=[code])},
                    stats.get(code),
                )
                for code, label in options[1:]
            ]
    return []


@require_safe
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region.objects.select_related("parent"), code=code)
    if not region.in_system:
        context = {"region": region, "explanation": outside_the_system(region)}
        return render(request, "regions/region_outside.html", context)
    drafts = preview.wants_drafts(request)
    if drafts:
        # An editor's preview: the chain's values and the cities' own, drafts included.
        today = preview.preview_date(request)
        book = RuleBook(
            rule_rows(drafts=True)
            .filter(along_chain(region) | Q(region__parent_id=region.pk))
            .for_display()
        )
    else:
        today = timezone.localdate()
        # Every rule, loaded once per content generation (policies.lookup).
        book = rule_book()
    # Retirees first: most of our readers are retired (issue 20).
    order = [Category.RETIREE, *(c for c in Category.values if c != Category.RETIREE)]
    categories = [category_view(book, region, value, today) for value in order]
    notes = regional_notes(region)
    query = urlencode({"region": region.code})
    response = render(
        request,
        "regions/region_detail.html",
        {
            "region": region,
            "preview": drafts,
            "channels": channels_for(region),
            "categories": categories,
            "notes": notes,
            "children": child_regions(region, book),
            "today": today,
            "links": [
                (f"{tool.url}?{urlencode({tool.region_parameter: region.code})}", tool.link)
                for tool in TOOLS
            ]
            + [
                (
                    reverse("guides:guide", args=["balance"]) + "?" + query,
                    f"怎么查{region.name}的医保余额",
                ),
            ],
        },
    )
    return preview.keep_private(response) if drafts else response
