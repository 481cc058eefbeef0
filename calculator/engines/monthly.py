"""The monthly personal-account credit: plain inputs in, an explained result out.

Nothing here touches requests, Django or the database. ``calculator.lookup.monthly``
turns rows into the plain ``RuleValue`` objects of ``policies.values``, so the
arithmetic and wording are tested on their own, table-driven.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from policies.describe import describe
from policies.terms import NATIONAL, Category, Precision, Qualifier
from policies.values import BaseLimits, Bracket, Deduction, Resolved, RuleValue, shown
from yibao_site.lib.formatting import money, num, yuan

MONTHS = Decimal("12")
ZERO = Decimal("0")


class Scope(enum.StrEnum):
    """Whose value the answer used: the region's own, a region above it, or national."""

    REGION = "region"
    PROVINCE = "province"
    NATIONAL = "national"


class Status(enum.StrEnum):
    OK = "ok"
    NO_ACCOUNT = "no_account"
    NO_RULE = "no_rule"
    NEEDS_INPUT = "needs_input"
    # A share of the regional average pension whose value we have not recorded: the rule
    # is stated with its precision, and no amount is given.
    FORMULA = "formula"


# Field names the calculator may ask for, with the words used in messages.
INPUT_LABELS = {
    "age": "年龄",
    "base": "缴费基数",
    "pension": "本人养老金",
    "subgroup": "参保情况",
}


# Categories whose national rules come from the 门诊共济 reform (国办发〔2021〕14号).
REFORM_CATEGORIES = frozenset({Category.EMPLOYEE, Category.RETIREE, Category.FLEXIBLE})


@dataclass(frozen=True)
class Place:
    """The region the reader asked about, as far as the engine needs it."""

    code: str = ""
    name: str = ""
    # When the 门诊共济 reform took effect there (None: we have no record).
    reform_from: dt.date | None = None


@dataclass(frozen=True)
class Inputs:
    category: str
    on: dt.date
    age: int | None = None
    base: Decimal | None = None
    pension: Decimal | None = None
    subgroup: str = ""


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
    scope: Scope | None = None
    deductions: tuple[Deduction, ...] = ()
    net_monthly: Decimal | None = None
    # The sub-groups the deciding region has (asked only where there are some).
    subgroups: tuple[str, ...] = ()

    @property
    def has_amount(self) -> bool:
        return self.monthly is not None

    @property
    def precision(self) -> str:
        return self.rule.precision if self.rule else Precision.EXACT

    @property
    def monthly_text(self) -> str:
        """ "最多 160.00", "约 250", "157.50": the figure as precisely as the source says."""
        return "" if self.monthly is None else shown(self.monthly, self.precision)

    @property
    def yearly_text(self) -> str:
        return "" if self.yearly is None else shown(self.yearly, self.precision)

    @property
    def net_monthly_text(self) -> str:
        return "" if self.net_monthly is None else shown(self.net_monthly, self.precision)

    @property
    def scope_phrase(self) -> str:
        """ "按全国规定", "按湖北省的标准" when the value is not the region's own; else ""."""
        if self.scope == Scope.NATIONAL:
            return "按全国规定"
        if self.scope == Scope.PROVINCE and self.rule is not None:
            return f"按{self.rule.region_name}的标准"
        return ""

    @property
    def missing_labels(self) -> list[str]:
        return [INPUT_LABELS[name] for name in self.missing]


@dataclass
class _Working:
    """What one rule value gives for one set of inputs, before the result is dressed."""

    monthly: Decimal | None = None
    yearly: Decimal | None = None
    steps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    missing: tuple[str, ...] = ()
    bracket: Bracket | None = None
    formula: str = ""


def _pick_bracket(rule: RuleValue, age: int | None, working: _Working) -> bool:
    """Choose the age bracket (if the rule has any); False when none covers the age."""
    if not rule.brackets:
        return True
    bracket = rule.bracket_for(age)
    if bracket is not None:
        working.bracket = bracket
        working.steps.append(f"年龄 {age} 周岁，适用“{bracket.label}”这一档。")
        return True
    ranges = "、".join(b.label for b in rule.brackets)
    working.warnings.append(f"这条标准只分了这些年龄段：{ranges}；{age} 周岁不在其中，无法计算。")
    return False


def _clamped_base(base: Decimal, limits: BaseLimits | None, working: _Working) -> Decimal:
    """The contribution base within the region's floor and ceiling for the year."""
    if limits is None:
        return base
    if base < limits.floor:
        side, bound = "低于", limits.floor
        label = "下限"
    elif base > limits.ceiling:
        side, bound = "高于", limits.ceiling
        label = "上限"
    else:
        return base
    working.warnings.append(
        f"缴费基数 {num(base)} 元{side}当地 {limits.year} 年{label} {num(bound)} 元，"
        f"按{label}计算。"
    )
    working.steps.append(f"缴费基数按 {limits.year} 年{label} {num(bound)} 元计。")
    return bound


def _basis(
    rule: RuleValue, inputs: Inputs, limits: BaseLimits | None, working: _Working
) -> Decimal | None:
    """What a percentage rule's rate applies to (None for other methods)."""
    method = rule.spec
    if not method.is_percent:
        return None
    if method.needs_base_limits:
        assert inputs.base is not None
        return _clamped_base(inputs.base, limits, working)
    if method.needs_average:
        return rule.reference_base
    value = getattr(inputs, method.reader_input or "")
    assert value is not None
    return value


def _basis_label(rule: RuleValue) -> str:
    """What the rate applies to, in the source's own words where it gives them."""
    if rule.spec.needs_average and rule.base_words:
        return rule.base_words
    return rule.spec.basis_label


def _no_account(rule: RuleValue, working: _Working) -> _Working:
    if not rule.qualifier:
        working.steps.append("该类别不设个人账户，没有钱划入个人账户。")
        working.monthly = working.yearly = money(ZERO)
    # else "一般不设个人账户": a rule of thumb, not a figure of 0.00 (see ``_without_amount``)
    return working


def _formula(rule: RuleValue, rate: Decimal) -> str:
    """The rule in the source's own words: its base, and its qualifier (一般/约/左右) if any."""
    year = f"{rule.reference_year}年" if rule.reference_year else ""
    base = rule.base_words or f"当地{year}退休人员月平均基本养老金"
    figure = f"{base}的{num(rate)}%"
    if rule.qualifier:
        return Qualifier(rule.qualifier).around(figure)
    return f"{rule.precision_word}为{figure}"


def _work_out(rule: RuleValue, inputs: Inputs, limits: BaseLimits | None) -> _Working:
    working = _Working()
    working.missing = tuple(n for n in rule.required_inputs() if getattr(inputs, n) is None)
    if working.missing:
        return working
    method = rule.spec
    if method.credits_nothing:
        return _no_account(rule, working)
    if not _pick_bracket(rule, inputs.age, working):
        return working
    rate, amount = rule.figures(working.bracket)
    missing = method.missing_figure(rate, amount)
    if missing:
        what = "比例" if missing == "rate" else "金额"
        working.warnings.append(f"这条标准缺少{what}，暂时无法计算，请以当地医保部门公布为准。")
        return working
    if rule.is_formula_only:
        working.formula = _formula(rule, rate)
        return working

    word = f"{rule.precision_word} " if rule.precision_word else ""
    basis = _basis(rule, inputs, limits, working)
    working.monthly = method.monthly(rate, amount, basis)
    per_month = shown(working.monthly, rule.precision)
    if method.is_fixed and method.per_year:
        working.steps.append(f"每年定额 {word}{num(amount)} 元 ÷ 12 = {per_month} 元/月。")
    elif method.is_fixed:
        working.steps.append(f"每月定额划入 {per_month} 元。")
    else:
        working.steps.append(
            f"{_basis_label(rule)} {num(basis)} 元 × {word}{num(rate)}% = {per_month} 元/月。"
        )
    working.yearly = method.yearly(amount, working.monthly)
    if not method.per_year:
        working.steps.append(
            f"全年 {per_month} × 12 = {shown(working.yearly, rule.precision)} 元。"
        )
    if rule.precision == Precision.ABOUT:
        working.warnings.append("来源给出的是约数，实际金额以当地医保部门公布为准。")
    elif rule.precision == Precision.AT_MOST:
        working.warnings.append(
            "来源规定的是上限（“原则上不超过”），各地可以定得更低，实际划入可能少于这个数。"
        )
    return working


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
            figure = shown(result.monthly, rule.precision)
            notes.append(f"年满{following.min_age}周岁后每月{figure}元。")
    if later:
        nxt = later[0]
        if nxt.spec.credits_nothing:
            notes.append(f"{nxt.start_label}不再划入个人账户。")
        else:
            result = _work_out(nxt, inputs, limits)
            if result.monthly is not None:
                figure = shown(result.monthly, nxt.precision)
                notes.append(f"{nxt.start_label}每月{figure}元（按新标准）。")
            else:
                notes.append(f"{nxt.start_label}改为{nxt.method_label}。")
    return notes


def scope_of(region_code: str, rule: RuleValue | None) -> Scope | None:
    """Whose value ``rule`` is, seen from the region the reader chose."""
    if rule is None:
        return None
    if not rule.region_code:
        return Scope.NATIONAL
    return Scope.REGION if rule.region_code == region_code else Scope.PROVINCE


def _before_reform(inputs: Inputs, place: Place) -> str:
    """Why the national rule cannot answer for a date before the region's reform ("" if it can)."""
    if place.reform_from is None or inputs.on >= place.reform_from:
        return ""
    return (
        f"{place.name}从 {place.reform_from:%Y-%m-%d} 起实施门诊共济改革；"
        f"{inputs.on:%Y-%m-%d} 当时适用当地原来的规定，我们没有收录，所以不作估算。"
    )


def _fallback_warnings(result: Result, place: Place) -> list[str]:
    """Say in words whose value the answer used when it is not the region's own."""
    rule, where = result.rule, place.name or "这个地区"
    assert rule is not None
    if result.scope == Scope.PROVINCE:
        return [f"我们没有收录{where}单独的标准，这里按{rule.region_name}的标准计算。"]
    if result.scope != Scope.NATIONAL:
        return []
    warnings = [f"我们没有收录{where}的本地标准，这里按全国的规定计算，不是{where}公布的数字。"]
    if result.inputs.category in REFORM_CATEGORIES and place.reform_from is None:
        warnings.append(
            f"各地在2021年至2024年间陆续实施门诊共济改革，{where}的实施日期我们还没有收录；"
            "实施之前适用当地原来的规定。"
        )
    return warnings


def _apply_deductions(result: Result, rule: RuleValue) -> None:
    """Credited, each deduction, and what arrives: "为什么只到账97?"."""
    if not rule.deductions or result.monthly is None:
        return
    result.deductions = rule.deductions
    result.net_monthly = money(result.monthly - rule.deducted)
    for deduction in rule.deductions:
        result.steps.append(f"每月扣除{deduction.label} {yuan(deduction.amount)} 元。")
    result.steps.append(f"实际每月到账 {shown(result.net_monthly, rule.precision)} 元。")


def _without_amount(result: Result, rule: RuleValue, working: _Working, place: Place) -> bool:
    """A rule stated in words with no amount: a formula whose average we lack, or "一般不设
    个人账户" (residents: the source's words, never "0.00 元"). True when it applies."""
    if rule.spec.credits_nothing and rule.qualifier:
        result.status = Status.NO_ACCOUNT
        result.message = rule.note or f"{rule.region_name}：{rule.qualifier}不设个人账户。"
    elif working.formula:
        result.status = Status.FORMULA
        result.message = (
            f"{rule.region_name}的标准是：每月{working.formula}。我们还没有收录这个平均数，"
            "所以不给出金额；具体金额以当地医保部门公布的为准。"
        )
    else:
        return False
    result.warnings[:0] = _fallback_warnings(result, place)
    return True


def calculate(
    inputs: Inputs,
    rule: RuleValue | None,
    *,
    later: Sequence[RuleValue] = (),
    limits: BaseLimits | None = None,
    no_rule_reason: str = "",
    place: Place | None = None,
    subgroups: Sequence[str] = (),
) -> Result:
    """Work out the monthly and yearly credit under ``rule`` for ``inputs``.

    ``place`` is the region the reader asked about: the result's ``scope`` says whether the
    rule is that region's own, a region above it, or national, and the warnings say so
    (without a place, as in the engine's own tests, there is no scope).
    """
    scope = scope_of(place.code, rule) if place else None
    place = place or Place()
    if rule is not None and scope == Scope.NATIONAL and inputs.category in REFORM_CATEGORIES:
        reason = _before_reform(inputs, place)
        if reason:
            rule, no_rule_reason = None, reason
    if rule is None:
        return Result(
            Status.NO_RULE,
            inputs,
            message=no_rule_reason or "我们没有这个地区、这个类别在该日期适用的标准。",
        )

    working = _work_out(rule, inputs, limits)
    if subgroups and inputs.subgroup not in subgroups:
        working.missing = ("subgroup", *working.missing)
    result = Result(
        Status.OK,
        inputs,
        rule=rule,
        steps=working.steps,
        warnings=working.warnings,
        missing=working.missing,
        bracket=working.bracket,
        limits=limits if rule.spec.needs_base_limits else None,
        scope=scope,
        subgroups=tuple(subgroups),
    )
    if working.missing:
        result.status = Status.NEEDS_INPUT
        result.message = "还需要填写：" + "、".join(result.missing_labels) + "。"
        return result
    if _without_amount(result, rule, working, place):
        return result
    if working.monthly is None:
        result.status = Status.NO_RULE
        result.message = working.warnings[0] if working.warnings else ""
        return result

    result.monthly = working.monthly
    result.yearly = working.yearly
    _apply_deductions(result, rule)
    result.warnings[:0] = _fallback_warnings(result, place)
    if rule.spec.needs_base_limits and limits is None:
        where = place.name or "当地"
        result.warnings.append(
            f"我们还没有收录{where}的缴费基数上下限，按您填写的基数 "
            f"{num(inputs.base)} 元计算；超出当地上下限的部分，实际会按上下限计。"
        )
    if rule.spec.credits_nothing:
        result.status = Status.NO_ACCOUNT
    if rule.start_is_publication_date:
        result.warnings.append(
            "来源没有写明生效日期，我们按来源发布日期记录；更早日期的标准可能不同。"
        )
    if inputs.category == Category.RESIDENT and not rule.spec.credits_nothing:
        result.warnings.append("城乡居民医保一般不设个人账户，这里是该地区的特别规定。")
    result.upcoming = _upcoming(rule, inputs, working, later, limits)
    return result


def no_rule_reason(resolved: Resolved, on: dt.date) -> str:
    """Why there is no answer for the date: nothing recorded, or nothing that early."""
    who = Category(resolved.category).label
    first = resolved.history.first
    if first is not None:
        return (
            f"{resolved.level_name}{who}的标准，我们最早只有 {first.effective_from:%Y-%m-%d} "
            f"起的记录；{on:%Y-%m-%d} 当时的标准我们没有可靠资料，所以不作估算。"
        )
    where = resolved.region_name or NATIONAL
    return (
        f"我们还没有收录{where}{who}的个人账户划入标准，全国也没有统一金额可以套用。"
        "请以当地医保部门公布的标准为准。"
    )


def answer(resolved: Resolved, inputs: Inputs) -> Result:
    """The monthly answer for a resolved rule: the value in force on ``inputs.on``, its
    next values, the base limits of that year, the reform date and the 省直 pool named.

    Every page and endpoint that shows a monthly figure calls this (the projection once
    per month), so they cannot disagree.
    """
    history = resolved.history
    current = history.at(inputs.on)
    needs_limits = current is not None and current.spec.needs_base_limits
    result = calculate(
        inputs,
        current,
        later=history.after(inputs.on),
        limits=resolved.limits_on(inputs.on) if needs_limits else None,
        no_rule_reason=no_rule_reason(resolved, inputs.on) if current is None else "",
        place=Place(resolved.region_code, resolved.region_name, resolved.reform_from),
        subgroups=resolved.subgroups,
    )
    pool = resolved.provincial_pool.at(inputs.on)
    if pool is not None:
        result.warnings.append(
            f"{resolved.provincial_pool_of}另有一条只适用于省直、省本级单位参保人员的标准"
            f"（{describe(pool)}，{pool.start_label}）：{resolved.region_name}的其他参保人"
            "不按它计算。"
        )
    return result
