"""Words for a rule value, shared by the region pages, the open data and the API."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from policies.terms import Method, Precision, age_range_label
from policies.values import RuleValue
from yibao_site.lib.formatting import money, num


def _figure(method: str, rate: Decimal | None, amount: Decimal | None, ref: Decimal | None) -> str:
    if method == Method.NONE:
        return "不设个人账户"
    if method == Method.FIXED_MONTHLY and amount is not None:
        return f"{num(amount)} 元/月"
    if method == Method.FIXED_YEARLY and amount is not None:
        return f"{num(amount)} 元/年（月均 {num(money(amount / 12))} 元）"
    if rate is None:
        return "金额或比例未录入"
    if method == Method.PERCENT_BASE:
        return f"缴费基数的 {num(rate)}%"
    if method == Method.PERCENT_AVG_PENSION:
        base = f" {num(ref)} 元" if ref is not None else ""
        return f"当地平均养老金{base}的 {num(rate)}%"
    return f"本人养老金的 {num(rate)}%"


def _worded(rule: RuleValue, figure: str) -> str:
    """The figure with its precision word: "约 83 元/月", "最多为缴费基数的 2%"."""
    if rule.method == Method.NONE or rule.precision == Precision.EXACT:
        return figure
    if rule.precision == Precision.AT_MOST:
        return f"最多为{figure}"
    return f"约 {figure}"


def describe(rule: RuleValue) -> str:
    """E.g. "约 83 元/月", "69周岁及以下 100 元/月;70周岁及以上 110 元/月"."""
    if rule.brackets:
        return "；".join(
            f"{age_range_label(b.min_age, b.max_age)} "
            + _worded(rule, _figure(rule.method, b.rate, b.amount, rule.reference_base))
            for b in rule.brackets
        )
    return _worded(rule, _figure(rule.method, rule.rate, rule.amount, rule.reference_base))


def history_lines(values: Sequence[RuleValue]) -> list[tuple[str, RuleValue]]:
    """ "2023-02 起 由 … 调整为 83 元/月" for each dated value, oldest first."""
    lines: list[tuple[str, RuleValue]] = []
    previous: RuleValue | None = None
    for value in values:
        if previous is None:
            text = f"{value.start_month} 为 {describe(value)}"
        else:
            text = f"{value.start_month} 由 {describe(previous)} 调整为 {describe(value)}"
        lines.append((text, value))
        previous = value
    return lines
