"""余额累计: month-by-month credits for the next N years (pure).

Each month's credit is worked out by ``calculator.engines.monthly.calculate`` with the rule
value in force on the first day of that month, so scheduled changes take effect in
their month. The reader is assumed to turn one year older every 12 months from the
start month, and to spend nothing from the account.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from calculator.engines.monthly import Inputs, calculate
from policies.values import BaseLimits, RuleValue, shown, weakest
from yibao_site.lib.dates import add_months
from yibao_site.lib.formatting import money, yuan


@dataclass(frozen=True)
class Month:
    month: dt.date
    age: int | None
    credit: Decimal | None
    balance: Decimal
    rule: RuleValue | None
    change: str = ""


@dataclass(frozen=True)
class YearTotal:
    label: str
    credited: Decimal
    balance: Decimal


@dataclass
class Projection:
    start: dt.date
    years: int
    opening: Decimal
    months: list[Month] = field(default_factory=list)
    year_totals: list[YearTotal] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    @property
    def closing(self) -> Decimal:
        return self.months[-1].balance if self.months else self.opening

    @property
    def total_credited(self) -> Decimal:
        return money(self.closing - self.opening)

    @property
    def precision(self) -> str:
        """约 if any month used an approximate value, 最多 if any used a ceiling."""
        return weakest([m.rule.precision for m in self.months if m.rule])

    @property
    def closing_text(self) -> str:
        return shown(self.closing, self.precision)

    @property
    def total_credited_text(self) -> str:
        return shown(self.total_credited, self.precision)

    @property
    def rules_used(self) -> list[RuleValue]:
        """Each rule value the months used, once, in the order first used."""
        return list(dict.fromkeys(m.rule for m in self.months if m.rule))


def rule_on(values: Sequence[RuleValue], day: dt.date) -> RuleValue | None:
    current = None
    for value in values:
        if value.effective_from <= day:
            current = value
    return current


def project(
    *,
    category: str,
    start: dt.date,
    years: int,
    balance: Decimal,
    values: Sequence[RuleValue],
    age: int | None = None,
    base: Decimal | None = None,
    pension: Decimal | None = None,
    limits_for: Callable[[int], BaseLimits | None] = lambda year: None,
) -> Projection:
    """Credits for ``years`` × 12 months from the month of ``start``."""
    first = start.replace(day=1)
    result = Projection(start=first, years=years, opening=money(balance))
    result.assumptions = [
        f"从 {first:%Y-%m} 起算，共 {years * 12} 个月；每月按当月 1 日适用的标准计算。",
        "账户里的钱不花，只累计划入（不计利息）。",
    ]
    if age is not None:
        result.assumptions.append(f"从 {age} 周岁起，每满 12 个月按大一岁计算。")
    running = money(balance)
    previous: tuple[RuleValue | None, Decimal | None] | None = None
    missing_noted = False
    ordered = sorted(values, key=lambda v: v.effective_from)
    for index in range(years * 12):
        month = add_months(first, index)
        month_age = None if age is None else age + index // 12
        rule = rule_on(ordered, month)
        credit: Decimal | None = None
        if rule is not None:
            outcome = calculate(
                Inputs(category, month, month_age, base, pension),
                rule,
                limits=limits_for(month.year),
            )
            credit = outcome.monthly
            if outcome.missing and not missing_noted:
                result.warnings.append(outcome.message)
                missing_noted = True
        change = ""
        if previous is not None and (rule, credit) != previous:
            old_credit = previous[1]
            was = "无数据" if old_credit is None else f"{yuan(old_credit)} 元"
            now = "无数据" if credit is None else f"{yuan(credit)} 元"
            why = "新标准生效" if rule is not previous[0] else f"年满 {month_age} 周岁"
            change = f"{why}：每月由 {was} 变为 {now}"
            result.changes.append(f"{month:%Y-%m} {change}。")
        previous = (rule, credit)
        if credit is not None:
            running = money(running + credit)
        result.months.append(Month(month, month_age, credit, running, rule, change))
    if any(m.credit is None for m in result.months):
        result.warnings.append("有些月份没有可用的标准，这些月份按 0 元累计，实际可能更多。")
    for year in range(years):
        chunk = result.months[year * 12 : (year + 1) * 12]
        credited = money(sum((m.credit or Decimal("0")) for m in chunk))
        label = f"第 {year + 1} 年（{chunk[0].month:%Y-%m} 至 {chunk[-1].month:%Y-%m}）"
        result.year_totals.append(YearTotal(label, credited, chunk[-1].balance))
    return result
