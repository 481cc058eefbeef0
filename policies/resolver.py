"""Rule lookup over rows already in memory, for pages that resolve many regions at once.

Same rule as ``AccountRuleQuerySet.resolve`` (region, then its province, then the
national default; the first level with any value decides; no value before its first
start), without a query per region. ``tests/test_regions.py`` checks the two agree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from policies.models import AccountRule, ContributionBaseLimit, Region, Resolution, resolve_in


class RuleBook:
    """Every value of some categories, indexed by (region id or None, category)."""

    def __init__(self, rows: Iterable[AccountRule]) -> None:
        self.by_level: dict[tuple[int | None, str], list[AccountRule]] = defaultdict(list)
        for row in sorted(rows, key=lambda r: r.effective_from):
            self.by_level[(row.region_id, row.category)].append(row)

    @classmethod
    def load(cls, categories: Iterable[str]) -> RuleBook:
        """Every value of the categories, for every region and the national default."""
        return cls(
            AccountRule.objects.filter(category__in=list(categories))
            .select_related("region", "region__parent", "source")
            .prefetch_related("brackets")
        )

    def values(self, level: Region | None, category: str) -> list[AccountRule]:
        return self.by_level.get((level.pk if level else None, category), [])

    def regions_with_values(self, category: str) -> list[Region]:
        found = {
            rows[0].region.pk: rows[0].region
            for (region_id, cat), rows in self.by_level.items()
            if cat == category and region_id is not None and rows
        }
        return sorted(found.values(), key=lambda r: r.code)

    def resolve(self, region: Region | None, category: str, on: dt.date) -> Resolution:
        chain: list[Region | None] = [*(region.lookup_chain() if region else []), None]
        return resolve_in(chain, lambda level: self.values(level, category), on)


def base_limits_for_year(year: int) -> dict[int, ContributionBaseLimit]:
    """Every region's contribution-base limits for a year, by region id."""
    return {
        row.region_id: row
        for row in ContributionBaseLimit.objects.filter(year=year).select_related("source")
    }


def limits_in(
    table: dict[int, ContributionBaseLimit], region: Region | None
) -> ContributionBaseLimit | None:
    for level in region.lookup_chain() if region else []:
        if level.pk in table:
            return table[level.pk]
    return None
