"""Words for a rule value, shared by the region pages, the open data and the API."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from policies.terms import PERCENT_METHODS, Method, Pool, Precision, Qualifier, age_range_label
from policies.values import RuleValue
from yibao_site.lib.formatting import money, num


def _figure(
    method: str,
    rate: Decimal | None,
    amount: Decimal | None,
    ref: Decimal | None,
    year: int | None = None,
    base_words: str = "",
) -> str:
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
        if base_words:  # the source's own words for its base
            return f"{base_words}{base}的 {num(rate)}%"
        when = f"{year}年" if year else ""
        return f"当地{when}平均养老金{base}的 {num(rate)}%"
    return f"本人养老金的 {num(rate)}%"


def _worded(rule: RuleValue, figure: str) -> str:
    """The figure with its precision word: "约 83 元/月", "最多为缴费基数的 2%"."""
    if rule.method == Method.NONE:
        return f"{rule.qualifier}{figure}" if rule.qualifier else figure
    if rule.qualifier:  # the source's own word: 一般 / 约 / 左右
        return Qualifier(rule.qualifier).around(figure)
    if rule.precision == Precision.EXACT:
        return figure
    if rule.precision == Precision.AT_MOST:
        return f"最多为{figure}"
    if rule.method in PERCENT_METHODS:
        return f"约为{figure}"
    return f"约 {figure}"


def _who(rule: RuleValue) -> str:
    """Whom the value is for, when not everyone (a 省直 pool, a sub-group)."""
    if rule.pool == Pool.PROVINCIAL_UNITS:
        return "（仅省直、省本级单位参保人员）"
    return f"（{rule.subgroup}）" if rule.subgroup else ""


def describe(rule: RuleValue) -> str:
    """E.g. "约 83 元/月", "69周岁及以下 100 元/月；70周岁及以上 110 元/月"."""
    if rule.brackets:
        text = "；".join(
            f"{age_range_label(b.min_age, b.max_age)} "
            + _worded(
                rule,
                _figure(
                    rule.method,
                    b.rate,
                    b.amount,
                    rule.reference_base,
                    rule.reference_year,
                    rule.base_words,
                ),
            )
            for b in rule.brackets
        )
    else:
        figure = _figure(
            rule.method,
            rule.rate,
            rule.amount,
            rule.reference_base,
            rule.reference_year,
            rule.base_words,
        )
        text = _worded(rule, figure)
    return text + _who(rule)


def deductions_text(rule: RuleValue) -> str:
    """ "每月扣除大病互助 3 元，实际到账：69周岁及以下 97 元/月；70周岁及以上 107 元/月"."""
    if not rule.deductions:
        return ""
    taken = sum((d.amount for d in rule.deductions), Decimal("0"))
    text = "每月扣除" + "、".join(f"{d.label} {num(d.amount)} 元" for d in rule.deductions)
    if rule.method != Method.FIXED_MONTHLY:
        return text
    if rule.brackets:
        nets = [
            f"{age_range_label(b.min_age, b.max_age)} {num(b.amount - taken)} 元/月"
            for b in rule.brackets
            if b.amount is not None
        ]
        return f"{text}，实际到账：{'；'.join(nets)}" if nets else text
    if rule.amount is None:
        return text
    return f"{text}，实际到账 {num(rule.amount - taken)} 元/月"


def history_lines(values: Sequence[RuleValue]) -> list[tuple[str, RuleValue]]:
    """ "2023-02 起 由 … 调整为 83 元/月" for each dated value, oldest first; a later
    source that states the same figure reads "仍为"."""
    lines: list[tuple[str, RuleValue]] = []
    previous: RuleValue | None = None
    for value in values:
        if previous is None:
            text = f"{value.start_month} 为 {describe(value)}"
        elif describe(previous) == describe(value):
            text = f"{value.start_month} 仍为 {describe(value)}"
        else:
            text = f"{value.start_month} 由 {describe(previous)} 调整为 {describe(value)}"
        lines.append((text, value))
        previous = value
    return lines
