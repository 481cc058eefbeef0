"""From the rule tables to the monthly engine: look the rule up, hand plain values over."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from calculator.engines.monthly import Inputs, Place, Result, calculate
from policies.describe import describe
from policies.lookup import Resolution, average_pension, base_limits, reform_from, resolve_rule
from policies.models import AccountRule, ContributionBaseLimit, Region
from policies.plain import base_limits as plain_limits
from policies.plain import rule_value
from policies.terms import NATIONAL, Category, Method
from policies.values import RuleValue


def no_rule_reason(region: Region | None, category: str, on: dt.date, found: Resolution) -> str:
    who = Category(category).label
    where = region.name if region else NATIONAL
    if found.first is not None:
        level = found.level.name if found.level else NATIONAL
        return (
            f"{level}{who}的标准，我们最早只有 {found.first.effective_from:%Y-%m-%d} 起的记录；"
            f"{on:%Y-%m-%d} 当时的标准我们没有可靠资料，所以不作估算。"
        )
    return (
        f"我们还没有收录{where}{who}的个人账户划入标准，全国也没有统一金额可以套用。"
        "请以当地医保部门公布的标准为准。"
    )


def answer(
    region: Region | None,
    inputs: Inputs,
    found: Resolution,
    limits_of: Callable[[], ContributionBaseLimit | None],
) -> Result:
    """Work out the answer from a lookup; ``limits_of`` is asked only for base-rate rules."""
    current = plain(found.current) if found.current else None
    limits = None
    if current is not None and current.method == Method.PERCENT_BASE:
        limits = plain_limits(limits_of())
    result = calculate(
        inputs,
        current,
        later=[plain(row) for row in found.later],
        limits=limits,
        no_rule_reason=no_rule_reason(region, inputs.category, inputs.on, found),
        place=place_of(region),
        subgroups=found.subgroups,
    )
    if found.provincial_pool is not None and region is not None and region.parent:
        pool = plain(found.provincial_pool)
        result.warnings.append(
            f"{region.parent.name}另有一条只适用于省直、省本级单位参保人员的标准"
            f"（{describe(pool)}，{pool.start_label}）：{region.name}的其他参保人不按它计算。"
        )
    return result


def plain(row: AccountRule) -> RuleValue:
    """A rule row as the engine's value, with a recorded regional average pension where the
    rule is a share of one and gives no amount of its own."""
    return rule_value(row, average_pension(row))


def place_of(region: Region | None) -> Place:
    if region is None:
        return Place()
    return Place(code=region.code, name=region.name, reform_from=reform_from(region))


def calculate_for(region: Region | None, inputs: Inputs, *, drafts: bool = False) -> Result:
    """Look up the rule in force for a region and work out the answer (drafts: preview)."""
    found = resolve_rule(
        region, inputs.category, inputs.on, drafts=drafts, subgroup=inputs.subgroup
    )
    return answer(region, inputs, found, lambda: base_limits(region, inputs.on))
