"""Words for a rule value, shared by the region pages, the open data and the API."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from policies.methods import spec
from policies.terms import Pool, Precision, Qualifier, age_range_label
from policies.values import RuleValue
from yibao_site.lib.formatting import num


def _figure(
    method: str,
    rate: Decimal | None,
    amount: Decimal | None,
    ref: Decimal | None,
    year: int | None = None,
    base_words: str = "",
) -> str:
    return spec(method).figure(rate, amount, ref, year, base_words)


def _worded(rule: RuleValue, figure: str) -> str:
    """The figure with its precision word: "约 83 元/月", "最多为缴费基数的 2%"."""
    if spec(rule.method).credits_nothing:
        return f"{rule.qualifier}{figure}" if rule.qualifier else figure
    if rule.qualifier:  # the source's own word: 一般 / 约 / 左右
        return Qualifier(rule.qualifier).around(figure)
    if rule.precision == Precision.EXACT:
        return figure
    if rule.precision == Precision.AT_MOST:
        return f"最多为{figure}"
    if spec(rule.method).is_percent:
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
    taken = rule.deducted
    text = "每月扣除" + "、".join(f"{d.label} {num(d.amount)} 元" for d in rule.deductions)
    if not spec(rule.method).nets_per_month():
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
