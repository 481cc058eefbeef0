"""How much of the map has rules: every province and city × category, for editors.

A cell says where a reader's answer would come from today: the region's own rule, its
province's (inherited), the national default, or nothing; with the grade of its source
and whether an editor verified it (and how long ago). Drafts are counted apart: they are
work in progress, not coverage.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings

from policies.lookup import RuleBook
from policies.models import AccountRule, Region
from policies.terms import Category

OWN, INHERITED, NATIONAL_DEFAULT, NONE = "own", "inherited", "national", "none"
STATE_LABELS = {
    OWN: "本地",
    INHERITED: "沿用省级",
    NATIONAL_DEFAULT: "全国",
    NONE: "无",
}
VERIFIED, UNVERIFIED, STALE = "verified", "unverified", "stale"
CHECK_LABELS = {VERIFIED: "已核实", UNVERIFIED: "待核实", STALE: "核实已过期"}
FILTER_STATES = {**STATE_LABELS, UNVERIFIED: "待核实", STALE: "核实已过期", "draft": "有草稿"}


@dataclass
class Cell:
    region: Region
    category: str
    state: str
    rule: AccountRule | None = None
    source_region: str = ""
    check: str = ""
    has_draft: bool = False

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def check_label(self) -> str:
        return CHECK_LABELS.get(self.check, "")

    @property
    def grade_label(self) -> str:
        return self.rule.source.get_grade_display() if self.rule else ""

    def matches(self, state: str) -> bool:
        if state in STATE_LABELS:
            return self.state == state
        if state == "draft":
            return self.has_draft
        return bool(self.rule) and self.check == state


@dataclass
class Row:
    region: Region
    cells: list[Cell]


@dataclass
class Coverage:
    rows: list[Row]
    categories: list[str]
    totals: dict[str, Counter] = field(default_factory=dict)
    checks: dict[str, Counter] = field(default_factory=dict)
    drafts: Counter = field(default_factory=Counter)

    def total_line(self, category: str) -> str:
        counts = self.totals[category]
        parts = [f"{counts[state]} {label}" for state, label in STATE_LABELS.items()]
        return f"{Category(category).label}：" + " · ".join(parts)


def verification(rule: AccountRule, today: dt.date) -> str:
    if rule.verified_on is None:
        return UNVERIFIED
    if (today - rule.verified_on).days > settings.STALE_AFTER_DAYS:
        return STALE
    return VERIFIED


def cell_for(book: RuleBook, region: Region, category: str, today: dt.date) -> Cell:
    found = book.resolve(region, category, today)
    if not found.found_any:
        return Cell(region, category, NONE)
    rule = found.current or found.first
    if found.level is None:
        state, where = NATIONAL_DEFAULT, "全国"
    elif found.level.pk == region.pk:
        state, where = OWN, region.name
    else:
        state, where = INHERITED, found.level.name
    return Cell(region, category, state, rule, where, verification(rule, today))


def coverage(
    today: dt.date,
    *,
    province: str = "",
    category: str = "",
    state: str = "",
) -> Coverage:
    """Every in-system province and city (optionally one province), every category."""
    categories = [category] if category in Category.values else list(Category.values)
    book = RuleBook(AccountRule.objects.for_display())
    drafts = set(AccountRule.all_objects.drafts().values_list("region_id", "category"))
    regions = Region.objects.filter(in_system=True).select_related("parent").order_by("code")
    if province:
        regions = regions.filter(code__startswith=province[:2])
    result = Coverage(rows=[], categories=categories)
    for cat in categories:
        result.totals[cat] = Counter({s: 0 for s in STATE_LABELS})
        result.checks[cat] = Counter()
    for region in regions:
        cells = []
        for cat in categories:
            cell = cell_for(book, region, cat, today)
            cell.has_draft = (region.pk, cat) in drafts
            result.totals[cat][cell.state] += 1
            if cell.state == OWN:
                result.checks[cat][cell.check] += 1
            if cell.has_draft:
                result.drafts[cat] += 1
            cells.append(cell)
        if not state or any(c.matches(state) for c in cells):
            result.rows.append(Row(region, cells))
    return result
