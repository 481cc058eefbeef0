"""Words for a rule value, shared by the region pages and the open data."""

from __future__ import annotations

from decimal import Decimal

from calculator.engine import money, num
from policies.models import AccountRule, Method, age_range_label


def _figure(method: str, rate: Decimal | None, amount: Decimal | None, ref: Decimal | None) -> str:
    if method == Method.NONE:
        return "不设个人账户"
    if method == Method.FIXED_MONTHLY and amount is not None:
        return f"{num(amount)} 元/月"
    if method == Method.FIXED_YEARLY and amount is not None:
        return f"{num(amount)} 元/年(月均 {num(money(amount / 12))} 元)"
    if rate is None:
        return "金额或比例未录入"
    if method == Method.PERCENT_BASE:
        return f"缴费基数的 {num(rate)}%"
    if method == Method.PERCENT_AVG_PENSION:
        base = f" {num(ref)} 元" if ref is not None else ""
        return f"当地平均养老金{base}的 {num(rate)}%"
    return f"本人养老金的 {num(rate)}%"


def describe(rule: AccountRule) -> str:
    """E.g. "83 元/月", "69周岁及以下 100 元/月;70周岁及以上 110 元/月"."""
    brackets = list(rule.brackets.all())
    if brackets:
        text = ";".join(
            f"{age_range_label(b.min_age, b.max_age)} "
            f"{_figure(rule.method, b.rate, b.amount, rule.reference_base)}"
            for b in brackets
        )
    else:
        text = _figure(rule.method, rule.rate, rule.amount, rule.reference_base)
    return f"约 {text}" if rule.approximate else text


def start_month(rule: AccountRule) -> str:
    prefix = "至少自 " if rule.start_is_publication_date else ""
    return f"{prefix}{rule.effective_from:%Y-%m} 起"


def history_lines(values: list[AccountRule]) -> list[tuple[str, AccountRule]]:
    """ "2023-02 起 由 … 调整为 83 元/月" for each dated value, oldest first."""
    lines: list[tuple[str, AccountRule]] = []
    previous: AccountRule | None = None
    for value in values:
        if previous is None:
            text = f"{start_month(value)} 为 {describe(value)}"
        else:
            text = f"{start_month(value)} 由 {describe(previous)} 调整为 {describe(value)}"
        lines.append((text, value))
        previous = value
    return lines
