"""The monthly personal-account calculator: plain inputs in, an explained result out.

Nothing here touches requests or the database. ``policies`` turns its rows into the
plain ``RuleValue`` objects below (``calculator.lookup``), so the arithmetic and
wording can be tested on their own, table-driven.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from policies.models import (
    FIXED_METHODS,
    PERCENT_METHODS,
    Category,
    Method,
    age_range_label,
)

CENT = Decimal("0.01")
MONTHS = Decimal("12")


class Status(enum.StrEnum):
    OK = "ok"
    NO_ACCOUNT = "no_account"
    NO_RULE = "no_rule"
    NEEDS_INPUT = "needs_input"


# Field names the calculator may ask for, with the words used in messages.
INPUT_LABELS = {"age": "年龄", "base": "缴费基数", "pension": "本人养老金"}


@dataclass(frozen=True)
class Bracket:
    min_age: int | None
    max_age: int | None
    rate: Decimal | None = None
    amount: Decimal | None = None

    def covers(self, age: int) -> bool:
        if self.min_age is not None and age < self.min_age:
            return False
        return not (self.max_age is not None and age > self.max_age)

    @property
    def label(self) -> str:
        return age_range_label(self.min_age, self.max_age)


@dataclass(frozen=True)
class SourceRef:
    title: str
    grade: str
    grade_label: str
    url: str = ""
    document_number: str = ""
    publisher: str = ""


@dataclass(frozen=True)
class RuleValue:
    """One dated value of a rule, as plain data."""

    method: str
    effective_from: dt.date
    source: SourceRef
    verified_on: dt.date
    region_name: str = "全国默认"
    category: str = ""
    rate: Decimal | None = None
    amount: Decimal | None = None
    reference_base: Decimal | None = None
    brackets: tuple[Bracket, ...] = ()
    approximate: bool = False
    start_is_publication_date: bool = False
    note: str = ""
    pk: int | None = None

    @property
    def method_label(self) -> str:
        return Method(self.method).label

    @property
    def start_label(self) -> str:
        start = f"{self.effective_from:%Y-%m-%d}"
        if self.start_is_publication_date:
            return f"至少自 {start} 起(来源发布日期,实际生效日期待核实)"
        return f"{start} 起"

    def required_inputs(self) -> tuple[str, ...]:
        needed: list[str] = []
        if self.brackets:
            needed.append("age")
        if self.method == Method.PERCENT_BASE:
            needed.append("base")
        elif self.method == Method.PERCENT_OWN_PENSION:
            needed.append("pension")
        return tuple(needed)


@dataclass(frozen=True)
class BaseLimits:
    year: int
    floor: Decimal
    ceiling: Decimal
    source: SourceRef
    verified_on: dt.date


@dataclass(frozen=True)
class Inputs:
    category: str
    on: dt.date
    age: int | None = None
    base: Decimal | None = None
    pension: Decimal | None = None


@dataclass
class Result:
    status: Status
    inputs: Inputs
    rule: RuleValue | None = None
    monthly: Decimal | None = None
    yearly: Decimal | None = None
    steps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    upcoming: list[str] = field(default_factory=list)
    missing: tuple[str, ...] = ()
    message: str = ""
    bracket: Bracket | None = None
    limits: BaseLimits | None = None

    @property
    def has_amount(self) -> bool:
        return self.monthly is not None

    @property
    def missing_labels(self) -> list[str]:
        return [INPUT_LABELS[name] for name in self.missing]


def money(value: Decimal) -> Decimal:
    """Round to the fen, half up, as the bureaus' statements do."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def num(value: Decimal | int) -> str:
    """A figure as people write it: 5000, 2.5, 157.5 (no trailing zeros)."""
    text = format(Decimal(value).normalize(), "f")
    return text


def yuan(value: Decimal) -> str:
    return f"{money(value):.2f}"


@dataclass
class _Working:
    monthly: Decimal | None
    steps: list[str]
    warnings: list[str]
    missing: tuple[str, ...] = ()
    bracket: Bracket | None = None
    yearly: Decimal | None = None


def _figures(
    rule: RuleValue, age: int | None
) -> tuple[Decimal | None, Decimal | None, Bracket | None]:
    """The rate and amount that apply at an age (brackets first)."""
    if not rule.brackets:
        return rule.rate, rule.amount, None
    if age is None:
        return None, None, None
    for bracket in rule.brackets:
        if bracket.covers(age):
            return bracket.rate, bracket.amount, bracket
    return None, None, None


def _work_out(
    rule: RuleValue, inputs: Inputs, limits: BaseLimits | None, *, explain: bool = True
) -> _Working:
    steps: list[str] = []
    warnings: list[str] = []
    missing = tuple(name for name in rule.required_inputs() if getattr(inputs, name) is None)
    if missing:
        return _Working(None, steps, warnings, missing)

    if rule.method == Method.NONE:
        steps.append("该类别不设个人账户,每月划入 0.00 元。")
        return _Working(money(Decimal("0")), steps, warnings, yearly=money(Decimal("0")))

    rate, amount, bracket = _figures(rule, inputs.age)
    if rule.brackets:
        if bracket is None:
            ranges = "、".join(b.label for b in rule.brackets)
            warnings.append(
                f"这条标准只分了这些年龄段:{ranges};{inputs.age} 周岁不在其中,无法计算。"
            )
            return _Working(None, steps, warnings)
        steps.append(f"年龄 {inputs.age} 周岁,适用“{bracket.label}”这一档。")

    if rule.method in PERCENT_METHODS and rate is None:
        warnings.append("这条标准缺少比例,暂时无法计算,请以当地医保部门公布为准。")
        return _Working(None, steps, warnings, bracket=bracket)
    if rule.method in FIXED_METHODS and amount is None:
        warnings.append("这条标准缺少金额,暂时无法计算,请以当地医保部门公布为准。")
        return _Working(None, steps, warnings, bracket=bracket)

    monthly: Decimal
    if rule.method == Method.FIXED_MONTHLY:
        assert amount is not None
        monthly = money(amount)
        steps.append(f"每月定额划入 {yuan(monthly)} 元。")
    elif rule.method == Method.FIXED_YEARLY:
        assert amount is not None
        monthly = money(amount / MONTHS)
        steps.append(f"每年定额 {num(amount)} 元 ÷ 12 = {yuan(monthly)} 元/月。")
    else:
        assert rate is not None
        if rule.method == Method.PERCENT_BASE:
            assert inputs.base is not None
            base = inputs.base
            if limits is not None:
                if base < limits.floor:
                    warnings.append(
                        f"缴费基数 {num(base)} 元低于当地 {limits.year} 年下限 "
                        f"{num(limits.floor)} 元,按下限计算。"
                    )
                    steps.append(f"缴费基数按 {limits.year} 年下限 {num(limits.floor)} 元计。")
                    base = limits.floor
                elif base > limits.ceiling:
                    warnings.append(
                        f"缴费基数 {num(base)} 元高于当地 {limits.year} 年上限 "
                        f"{num(limits.ceiling)} 元,按上限计算。"
                    )
                    steps.append(f"缴费基数按 {limits.year} 年上限 {num(limits.ceiling)} 元计。")
                    base = limits.ceiling
            label = "缴费基数"
        elif rule.method == Method.PERCENT_AVG_PENSION:
            assert rule.reference_base is not None
            base = rule.reference_base
            label = "当地平均养老金"
        else:
            assert inputs.pension is not None
            base = inputs.pension
            label = "本人养老金"
        monthly = money(base * rate / Decimal("100"))
        steps.append(f"{label} {num(base)} 元 × {num(rate)}% = {yuan(monthly)} 元/月。")

    if rule.method == Method.FIXED_YEARLY:
        assert amount is not None
        yearly = money(amount)
    else:
        yearly = money(monthly * MONTHS)
        steps.append(f"全年 {yuan(monthly)} × 12 = {yuan(yearly)} 元。")
    if rule.approximate:
        warnings.append("来源给出的是约数,实际金额以当地医保部门公布为准。")
    return _Working(monthly, steps, warnings, bracket=bracket, yearly=yearly)


def _next_bracket(rule: RuleValue, bracket: Bracket | None) -> Bracket | None:
    if bracket is None or bracket.max_age is None:
        return None
    following = [b for b in rule.brackets if b.min_age is not None and b.min_age > bracket.max_age]
    return min(following, key=lambda b: b.min_age or 0, default=None)


def _upcoming(
    rule: RuleValue,
    inputs: Inputs,
    working: _Working,
    later: Sequence[RuleValue],
    limits: BaseLimits | None,
) -> list[str]:
    notes: list[str] = []
    following = _next_bracket(rule, working.bracket)
    if following is not None and following.min_age is not None:
        aged = Inputs(inputs.category, inputs.on, following.min_age, inputs.base, inputs.pension)
        result = _work_out(rule, aged, limits)
        if result.monthly is not None and result.monthly != working.monthly:
            notes.append(f"年满{following.min_age}周岁后每月{yuan(result.monthly)}元。")
    if later:
        nxt = later[0]
        if nxt.method == Method.NONE:
            notes.append(f"{nxt.start_label}不再划入个人账户。")
        else:
            result = _work_out(nxt, inputs, limits)
            if result.monthly is not None:
                notes.append(f"{nxt.start_label}每月{yuan(result.monthly)}元(按新标准)。")
            else:
                notes.append(f"{nxt.start_label}改为{nxt.method_label}。")
    return notes


def calculate(
    inputs: Inputs,
    rule: RuleValue | None,
    *,
    later: Sequence[RuleValue] = (),
    limits: BaseLimits | None = None,
    no_rule_reason: str = "",
) -> Result:
    """Work out the monthly and yearly credit under ``rule`` for ``inputs``."""
    if rule is None:
        return Result(
            Status.NO_RULE,
            inputs,
            message=no_rule_reason or "我们没有这个地区、这个类别在该日期适用的标准。",
        )

    working = _work_out(rule, inputs, limits)
    result = Result(
        Status.OK,
        inputs,
        rule=rule,
        steps=working.steps,
        warnings=working.warnings,
        missing=working.missing,
        bracket=working.bracket,
        limits=limits if rule.method == Method.PERCENT_BASE else None,
    )
    if working.missing:
        result.status = Status.NEEDS_INPUT
        result.message = "还需要填写:" + "、".join(result.missing_labels) + "。"
        return result
    if working.monthly is None:
        result.status = Status.NO_RULE
        result.message = working.warnings[0] if working.warnings else ""
        return result

    result.monthly = working.monthly
    result.yearly = working.yearly
    if rule.method == Method.NONE:
        result.status = Status.NO_ACCOUNT
    if rule.start_is_publication_date:
        result.warnings.append(
            "来源没有写明生效日期,我们按来源发布日期记录;更早日期的标准可能不同。"
        )
    if inputs.category == Category.RESIDENT and rule.method != Method.NONE:
        result.warnings.append("城乡居民医保一般不设个人账户,这里是该地区的特别规定。")
    result.upcoming = _upcoming(rule, inputs, working, later, limits)
    return result
