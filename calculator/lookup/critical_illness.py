"""From the 大病保险 tables to its engine."""

from __future__ import annotations

from calculator.engines import critical_illness as engine
from policies import lookup
from policies.models import CriticalIllnessRule, Region
from policies.plain import source_ref
from policies.terms import InsuredGroup


def plain_rule(row: CriticalIllnessRule) -> engine.Rule:
    return engine.Rule(
        year=row.year,
        group=row.group,
        group_label=row.get_group_display(),
        threshold=row.threshold,
        bands=tuple(
            engine.Band(b.lower, b.upper, b.rate, source_ref(b.source), b.verified_on)
            for b in row.bands.all()
        ),
        source=source_ref(row.source),
        verified_on=row.verified_on,
        region_name=row.applies_to,
        is_example=row.is_example,
        cap=row.cap,
        note=row.note,
    )


def critical_illness_for(region: Region | None, inputs: engine.Inputs) -> engine.Result:
    row = lookup.critical_illness_rule(region, inputs.year, inputs.group)
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
            reason += "目前收录的年度：" + "、".join(str(y) for y in years) + "。"
    return engine.calculate(inputs, plain_rule(row) if row else None, no_rule_reason=reason)


def latest_year() -> int | None:
    return CriticalIllnessRule.objects.order_by("-year").values_list("year", flat=True).first()
