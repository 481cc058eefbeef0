"""From the lapse tables to its engine."""

from __future__ import annotations

from calculator.engines import lapse as engine
from policies import lookup
from policies.models import LapseRule, Region
from policies.plain import source_ref


def plain_rule(row: LapseRule) -> engine.Rule:
    return engine.Rule(
        scheme=row.scheme,
        waiting_months=row.waiting_months,
        source=source_ref(row.source),
        verified_on=row.verified_on,
        region_name=row.region_label,
        situation_label=row.get_situation_display(),
        retro_months=row.retro_months,
        retroactive=row.retroactive,
        effective_from=row.effective_from,
        waiting_is_maximum=row.waiting_is_maximum,
        extra_month_per_year=row.extra_month_per_year,
        backpay_reduces=row.backpay_reduces,
        long_gap_years=row.long_gap_years,
        long_gap_min_months=row.long_gap_min_months,
        note=row.note,
    )


def lapse_for(region: Region | None, inputs: engine.Inputs) -> engine.Result:
    row = lookup.lapse_rule(region, inputs.scheme, inputs.moving, inputs.paid_on)
    return engine.calculate(inputs, plain_rule(row) if row else None)
