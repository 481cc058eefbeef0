"""From the rule tables to the 对账 engine: every value that could explain what arrived.

The one place the 对账 touches the rule lookup (the one resolver,
``policies.lookup.resolve``) and the monthly engine's ``Result``; everything it hands on is
plain (``calculator.engines.reconcile``), so a change to the lookup is a change here only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from calculator.engines import reconcile as engine
from calculator.engines.monthly import Inputs, Result, answer, calculate
from policies.describe import describe
from policies.lookup import resolve
from policies.models import ReformDate, Region
from policies.plain import source_ref
from policies.values import Resolved, RuleValue


def credit_of(result: Result) -> engine.Credit | None:
    """The monthly engine's answer as the 对账 engine's plain credit (None: no value)."""
    rule = result.rule
    if rule is None:
        return None
    yearly = result.yearly if rule.spec.per_year else None
    rate = result.bracket.rate if result.bracket and result.bracket.rate else rule.rate
    return engine.Credit(
        method=rule.method,
        source=rule.source,
        verified_on=rule.verified_on,
        monthly=result.monthly,
        precision=rule.precision,
        rate=rate,
        yearly_amount=yearly,
        deductions=tuple(
            engine.DeductionFact(d.label, d.amount, d.source, d.verified_on)
            for d in result.deductions
        ),
        start=rule.effective_from,
        start_label=rule.start_label,
        words=describe(rule),
        region_name=rule.region_name,
        bracket_label=result.bracket.label if result.bracket else "",
        subgroup=rule.subgroup,
    )


def _credit(value: RuleValue, inputs: Inputs) -> engine.Credit | None:
    return credit_of(calculate(inputs, value))


def _crossings(result: Result, inputs: Inputs) -> tuple[engine.AgeCrossing, ...]:
    """The neighbouring age bracket when the reader's age sits at a bracket's edge."""
    bracket, rule, age = result.bracket, result.rule, inputs.age
    if bracket is None or rule is None or age is None:
        return ()
    found = []
    for other_age, boundary, just in ((age - 1, age, True), (age + 1, age + 1, False)):
        at_edge = bracket.min_age == age if just else bracket.max_age == age
        if not at_edge or other_age < 0:
            continue
        other = calculate(replace(inputs, age=other_age), rule)
        credit = credit_of(other)
        if credit is not None and other.bracket != bracket:
            found.append(engine.AgeCrossing(credit, boundary, just))
    return tuple(found)


def _neighbours(
    resolved: Resolved, inputs: Inputs
) -> tuple[engine.Credit | None, engine.Credit | None]:
    """The value before the one in force and the next one (same level, pool and sub-group)."""
    history = resolved.history
    later = history.after(inputs.on)
    following = _credit(later[0], inputs) if later else None
    earlier = history.until(inputs.on)
    previous = _credit(earlier[-2], inputs) if len(earlier) > 1 else None
    return previous, following


def _other_subgroups(resolved: Resolved, region: Region | None, inputs: Inputs) -> tuple:
    found = []
    for label in resolved.subgroups:
        if label == inputs.subgroup:
            continue
        value = resolve(region, inputs.category, label).history.at(inputs.on)
        credit = _credit(value, replace(inputs, subgroup=label)) if value else None
        if credit is not None:
            found.append(credit)
    return tuple(found)


def _reform(region: Region | None) -> engine.ReformFact | None:
    if region is None:
        return None
    chain = [level.pk for level in region.lookup_chain()]
    found = ReformDate.objects.filter(region_id__in=chain).select_related("source")
    rows = {r.region_id: r for r in found}
    for pk in chain:
        if pk in rows:
            row = rows[pk]
            return engine.ReformFact(row.effective_from, source_ref(row.source), row.verified_on)
    return None


def facts_for(region: Region | None, inputs: Inputs) -> engine.Facts:
    """The plain facts the 对账 engine compares what arrived with."""
    resolved = resolve(region, inputs.category, inputs.subgroup)
    result = answer(resolved, inputs)
    previous, following = _neighbours(resolved, inputs) if result.rule else (None, None)
    pool_value = resolved.provincial_pool.at(inputs.on)
    pool = _credit(pool_value, inputs) if pool_value else None
    national = result.rule is None or not result.rule.region_code
    return engine.Facts(
        current=credit_of(result),
        no_rule=result.message if result.rule is None else "",
        crossings=_crossings(result, inputs),
        previous=previous,
        following=following,
        subgroups=_other_subgroups(resolved, region, inputs),
        pool=pool,
        pool_name=resolved.provincial_pool_of if pool else "",
        reform=_reform(region) if national else None,
    )


def subgroups_for(region: Region | None, category: str, on: dt.date) -> tuple[str, ...]:
    """The sub-groups the region's rule distinguishes (asked only where there are some)."""
    return resolve(region, category).subgroups


def reconcile_for(
    region: Region,
    category: str,
    month: dt.date,
    arrived: Decimal,
    *,
    age: int | None = None,
    subgroup: str = "",
) -> engine.Result:
    inputs = Inputs(category=category, on=month, age=age, subgroup=subgroup)
    question = engine.Question(
        region_name=region.name,
        category=category,
        month=month,
        arrived=arrived,
        age=age,
        subgroup=subgroup,
    )
    return engine.reconcile(question, facts_for(region, inputs))
