"""余额累计: month-by-month credits for the next N years (pure).

Each month's credit is the monthly answer (``calculator.engines.monthly.answer``) for the
first day of that month, net of deductions, so scheduled changes and the reform date
take effect in their month and the projection never disagrees with the monthly answer.
The reader is assumed to turn one year older every 12 months from the start month, and
to spend nothing from the account.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from calculator.engines.monthly import Inputs, Result, Status, answer
from policies.values import Resolved, RuleValue, shown, weakest
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
    # Months with no figure, and why (the first month's reason).
    unknown: list[dt.date] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    # The sub-groups the region's rule distinguishes (the reader picks one, as in the
    # monthly calculator).
    subgroups: tuple[str, ...] = ()

    @property
    def estimable(self) -> bool:
        return not self.unknown

    @property
    def unknown_text(self) -> str:
        """The months with no figure, as ranges: "2026-12 至 2027-03"."""
        return _ranges(self.unknown)

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


def _ranges(months: Sequence[dt.date]) -> str:
    """ "2026-12 至 2027-03、2030-01": consecutive months joined."""
    spans: list[list[dt.date]] = []
    for month in months:
        if spans and add_months(spans[-1][-1], 1) == month:
            spans[-1].append(month)
        else:
            spans.append([month])
    return "、".join(
        f"{s[0]:%Y-%m}" if len(s) == 1 else f"{s[0]:%Y-%m} 至 {s[-1]:%Y-%m}" for s in spans
    )


def project(
    resolved: Resolved,
    *,
    start: dt.date,
    years: int,
    balance: Decimal,
    age: int | None = None,
    base: Decimal | None = None,
    pension: Decimal | None = None,
    subgroup: str = "",
) -> Projection:
    """Credits for ``years`` × 12 months from the month of ``start``: each month exactly
    what the monthly answer gives for that month and age, net of deductions (what arrives).

    Months the monthly answer cannot give a figure for are listed in ``unknown``, with the
    first reason; a projection with any such month has no balance (``estimable`` False).
    """
    first = start.replace(day=1)
    result = Projection(start=first, years=years, opening=money(balance))
    result.subgroups = resolved.subgroups
    result.assumptions = [
        f"从 {first:%Y-%m} 起算，共 {years * 12} 个月；每月按当月 1 日适用的标准计算，"
        "和每月划入计算器的答案相同（有扣除项的，按实际到账计）。",
        "账户里的钱不花，只累计划入（不计利息）。",
    ]
    if age is not None:
        result.assumptions.append(f"从 {age} 周岁起，每满 12 个月按大一岁计算。")
    running = money(balance)
    previous: tuple[RuleValue | None, Decimal | None] | None = None
    for index in range(years * 12):
        month = add_months(first, index)
        month_age = None if age is None else age + index // 12
        outcome = answer(
            resolved, Inputs(resolved.category, month, month_age, base, pension, subgroup)
        )
        credit = _arrives(outcome)
        rule = outcome.rule
        if credit is None:
            result.unknown.append(month)
            if not result.reasons:
                result.reasons.append(outcome.message or "这个月没有可用的标准。")
        change = ""
        if previous is not None and (rule, credit) != previous and credit is not None:
            old_credit = previous[1]
            was = "无数据" if old_credit is None else f"{yuan(old_credit)} 元"
            why = "新标准生效" if rule is not previous[0] else f"年满 {month_age} 周岁"
            change = f"{why}：每月由 {was} 变为 {yuan(credit)} 元"
            result.changes.append(f"{month:%Y-%m} {change}。")
        previous = (rule, credit)
        if credit is not None:
            running = money(running + credit)
        result.months.append(Month(month, month_age, credit, running, rule, change))
    if result.unknown:
        result.warnings.append(
            f"这些月份没有可用的标准，无法估算：{_ranges(result.unknown)}。所以这里不给出累计余额。"
        )
        return result
    for year in range(years):
        chunk = result.months[year * 12 : (year + 1) * 12]
        credited = money(sum((m.credit or Decimal("0")) for m in chunk))
        label = f"第 {year + 1} 年（{chunk[0].month:%Y-%m} 至 {chunk[-1].month:%Y-%m}）"
        result.year_totals.append(YearTotal(label, credited, chunk[-1].balance))
    return result


def _arrives(outcome: Result) -> Decimal | None:
    """What arrives that month (net of deductions), or None when there is no figure."""
    if outcome.status not in (Status.OK, Status.NO_ACCOUNT):
        return None
    return outcome.net_monthly if outcome.net_monthly is not None else outcome.monthly
