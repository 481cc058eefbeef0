"""The monthly calculator for many regions at once, on rows loaded once (``RuleBook``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from calculator.engines.monthly import Inputs, Result, Status
from calculator.lookup.monthly import answer
from policies.lookup import RuleBook, base_limits
from policies.models import Region
from policies.terms import NATIONAL, Pool

# What a row without an amount says instead, by the answer's status.
NO_AMOUNT = {Status.FORMULA: "按比例，金额未收录"}


@dataclass
class Row:
    region: Region | None
    result: Result
    # The sub-group this row is for, where the region's rule has sub-groups (深圳 …).
    subgroup: str = ""

    @property
    def name(self) -> str:
        name = self.region.name if self.region else NATIONAL
        if self.subgroup:
            return f"{name}（{self.subgroup}）"
        rule = self.result.rule
        if rule is not None and rule.pool == Pool.PROVINCIAL_UNITS:
            return f"{name}（省直单位）"
        return name

    @property
    def shown(self) -> str:
        """The amount as precisely as its source says, or why there is none."""
        if self.result.monthly is not None:
            return self.result.monthly_text
        if self.result.status == Status.NEEDS_INPUT:
            return "需按" + "、".join(self.result.missing_labels) + "计算"
        return NO_AMOUNT.get(self.result.status, "暂无数据")

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

    def calculate(self, region: Region | None, inputs: Inputs) -> Result:
        found = self.book.resolve(region, inputs.category, inputs.on, inputs.subgroup)
        # The limits in force on the day (dated, as in the monthly answer; issue 19).
        return answer(region, inputs, found, lambda: base_limits(region, inputs.on))


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
    rows = []
    for region in compared_regions(calc.book, category, extra):
        result = calc.calculate(region, inputs)
        if not result.subgroups:
            rows.append(Row(region, result))
            continue
        for label in result.subgroups:  # one row per sub-group the region distinguishes
            chosen = calc.calculate(region, replace(inputs, subgroup=label))
            rows.append(Row(region, chosen, subgroup=label))
    if sort == "amount":
        rows.sort(key=lambda row: (row.monthly is None, -(row.monthly or 0), row.code or "999999"))
    else:
        rows.sort(key=lambda row: row.code or "999999")
    return rows
