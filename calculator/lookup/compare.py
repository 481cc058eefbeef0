"""The monthly calculator for many regions at once, on rows loaded once (``RuleBook``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from calculator.engines.monthly import Inputs, Result
from calculator.lookup.monthly import answer
from policies.lookup import RuleBook, base_limits_for_year, first_level
from policies.models import ContributionBaseLimit, Region
from policies.terms import NATIONAL


@dataclass
class Row:
    region: Region | None
    result: Result

    @property
    def name(self) -> str:
        return self.region.name if self.region else NATIONAL

    @property
    def code(self) -> str:
        return self.region.code if self.region else ""

    @property
    def monthly(self) -> Decimal | None:
        return self.result.monthly


class Calculator:
    def __init__(self, book: RuleBook, year: int) -> None:
        self.book = book
        self.year = year
        self._limits: dict[int | None, list[ContributionBaseLimit]] | None = None

    def limits(self, region: Region | None) -> ContributionBaseLimit | None:
        if region is None:
            return None
        if self._limits is None:
            self._limits = base_limits_for_year(self.year)
        _, rows = first_level(region, self._limits)
        return rows[0] if rows else None

    def calculate(self, region: Region | None, inputs: Inputs) -> Result:
        found = self.book.resolve(region, inputs.category, inputs.on)
        return answer(region, inputs, found, lambda: self.limits(region))


def compared_regions(book: RuleBook, category: str, extra: list[Region]) -> list[Region | None]:
    """Regions with their own values for the category, the national level, and extras."""
    regions: list[Region | None] = list(book.regions_with_values(category))
    if book.values(None, category):
        regions.append(None)
    for region in extra:
        if region not in regions:
            regions.append(region)
    return regions


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
