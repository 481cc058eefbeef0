"""Bridge from the ``policies`` tables to the pure engine: rows in, plain values out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from calculator.engine import BaseLimits, Bracket, Inputs, Result, RuleValue, SourceRef, calculate
from policies.models import (
    AccountRule,
    Category,
    ContributionBaseLimit,
    Method,
    Region,
    RegionNote,
    Resolution,
    Source,
)


def source_ref(source: Source) -> SourceRef:
    return SourceRef(
        title=source.title,
        grade=source.grade,
        grade_label=source.get_grade_display(),
        url=source.url,
        document_number=source.document_number,
        publisher=source.publisher,
    )


def rule_value(row: AccountRule) -> RuleValue:
    return RuleValue(
        method=row.method,
        effective_from=row.effective_from,
        source=source_ref(row.source),
        verified_on=row.verified_on,
        region_name=row.region_label,
        category=row.category,
        rate=row.rate,
        amount=row.amount,
        reference_base=row.reference_base,
        brackets=tuple(Bracket(b.min_age, b.max_age, b.rate, b.amount) for b in row.brackets.all()),
        approximate=row.approximate,
        start_is_publication_date=row.start_is_publication_date,
        note=row.note,
        pk=row.pk,
    )


def base_limits(row: ContributionBaseLimit | None) -> BaseLimits | None:
    if row is None:
        return None
    return BaseLimits(row.year, row.floor, row.ceiling, source_ref(row.source), row.verified_on)


def no_rule_reason(region: Region | None, category: str, on: dt.date, found: Resolution) -> str:
    who = Category(category).label
    where = region.name if region else "全国"
    if found.first is not None:
        level = found.level.name if found.level else "全国默认"
        return (
            f"{level}{who}的标准,我们最早只有 {found.first.effective_from:%Y-%m-%d} 起的记录;"
            f"{on:%Y-%m-%d} 当时的标准我们没有可靠资料,所以不作估算。"
        )
    return (
        f"我们还没有收录{where}{who}的个人账户划入标准,全国也没有统一金额可以套用。"
        "请以当地医保部门公布的标准为准。"
    )


def answer(
    region: Region | None,
    inputs: Inputs,
    found: Resolution,
    limits_of: Callable[[], ContributionBaseLimit | None],
) -> Result:
    """Work out the answer from a lookup; ``limits_of`` is asked only for base-rate rules."""
    current = rule_value(found.current) if found.current else None
    limits = None
    if current is not None and current.method == Method.PERCENT_BASE:
        limits = base_limits(limits_of())
    return calculate(
        inputs,
        current,
        later=[rule_value(row) for row in found.later],
        limits=limits,
        no_rule_reason=no_rule_reason(region, inputs.category, inputs.on, found),
    )


def calculate_for(region: Region | None, inputs: Inputs) -> Result:
    """Look up the rule in force for a region and work out the answer."""
    found = AccountRule.objects.resolve(region, inputs.category, inputs.on)
    return answer(
        region, inputs, found, lambda: ContributionBaseLimit.for_region(region, inputs.on.year)
    )


def notes_for(region: Region | None, category: str) -> list[RegionNote]:
    """Sourced notes about the region (and its province) for a category."""
    if region is None:
        return []
    return list(
        RegionNote.objects.filter(region__in=region.lookup_chain(), category__in=["", category])
        .select_related("source", "region")
        .order_by("region__code", "pk")
    )
