"""Bridge from the ``policies`` tables to the 大病保险, lapse and projection engines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q

from calculator import critical_illness, lapse, projection
from calculator.lookup import base_limits, rule_value, source_ref
from policies.models import (
    AccountRule,
    ContributionBaseLimit,
    CriticalIllnessRule,
    InsuredGroup,
    LapseRule,
    Method,
    Region,
)
from policies.resolver import RuleBook


def critical_illness_rule(row: CriticalIllnessRule) -> critical_illness.Rule:
    return critical_illness.Rule(
        year=row.year,
        group=row.group,
        group_label=row.get_group_display(),
        threshold=row.threshold,
        bands=tuple(
            critical_illness.Band(b.lower, b.upper, b.rate, source_ref(b.source), b.verified_on)
            for b in row.bands.all()
        ),
        source=source_ref(row.source),
        verified_on=row.verified_on,
        region_name=row.region_label,
        is_example=row.is_example,
        cap=row.cap,
        note=row.note,
    )


def critical_illness_for(
    region: Region | None, inputs: critical_illness.Inputs
) -> critical_illness.Result:
    row = CriticalIllnessRule.objects.resolve(region, inputs.year, inputs.group)
    reason = ""
    if row is None:
        years = sorted(
            set(
                CriticalIllnessRule.objects.filter(group=inputs.group).values_list(
                    "year", flat=True
                )
            )
        )
        reason = f"我们没有 {inputs.year} 年{InsuredGroup(inputs.group).label}的大病保险起付线。"
        if years:
            reason += "目前收录的年度:" + "、".join(str(y) for y in years) + "。"
    return critical_illness.calculate(
        inputs,
        critical_illness_rule(row) if row else None,
        no_rule_reason=reason,
    )


def latest_critical_illness_year() -> int | None:
    return CriticalIllnessRule.objects.order_by("-year").values_list("year", flat=True).first()


def lapse_rule(row: LapseRule) -> lapse.Rule:
    return lapse.Rule(
        scheme=row.scheme,
        waiting_months=row.waiting_months,
        source=source_ref(row.source),
        verified_on=row.verified_on,
        region_name=row.region_label,
        situation_label=row.get_situation_display(),
        retro_months=row.retro_months,
        waiting_is_maximum=row.waiting_is_maximum,
        extra_month_per_year=row.extra_month_per_year,
        backpay_reduces=row.backpay_reduces,
        note=row.note,
    )


def lapse_for(region: Region | None, inputs: lapse.Inputs) -> lapse.Result:
    row = LapseRule.objects.resolve(region, inputs.scheme, inputs.moving, inputs.paid_on)
    return lapse.calculate(inputs, lapse_rule(row) if row else None)


def projection_for(
    region: Region,
    *,
    category: str,
    start: dt.date,
    years: int,
    balance: Decimal,
    age: int | None,
    base: Decimal | None,
    pension: Decimal | None,
) -> tuple[projection.Projection, str]:
    """The projection and the name of the level whose values it used."""
    chain_ids = [r.pk for r in region.lookup_chain()]
    book = RuleBook(
        AccountRule.objects.filter(category=category)
        .filter(Q(region_id__in=chain_ids) | Q(region__isnull=True))
        .select_related("region", "source")
        .prefetch_related("brackets")
    )
    found = book.resolve(region, category, start)
    values = book.values(found.level, category) if found.found_any else []
    plain = [rule_value(v) for v in values]
    limits_cache: dict[int, object] = {}

    def limits_for(year: int):  # noqa: ANN202 - small closure
        if not any(v.method == Method.PERCENT_BASE for v in plain):
            return None
        if year not in limits_cache:
            limits_cache[year] = base_limits(ContributionBaseLimit.for_region(region, year))
        return limits_cache[year]

    result = projection.project(
        category=category,
        start=start,
        years=years,
        balance=balance,
        values=plain,
        age=age,
        base=base,
        pension=pension,
        limits_for=limits_for,
    )
    level = "" if not found.found_any else (found.level.name if found.level else "全国默认")
    return result, level
