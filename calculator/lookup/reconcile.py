"""From the rule tables to the 对账 engine: every value that could explain what arrived.

The one place the 对账 touches the rule lookup (``calculate_for``, ``resolve_rule``,
``rule_book()``) and the monthly engine's ``Result``; everything it hands on is plain
(``calculator.engines.reconcile``), so a change to the lookup is a change here only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from calculator.engines import reconcile as engine
from calculator.engines.monthly import Inputs, Result, calculate
from calculator.lookup.monthly import calculate_for, plain
from policies.describe import describe
from policies.lookup import resolve_rule, rule_book
from policies.models import AccountRule, ReformDate, Region
from policies.plain import source_ref
from policies.terms import Method


def credit_of(result: Result) -> engine.Credit | None:
    """The monthly engine's answer as the 对账 engine's plain credit (None: no value)."""
    rule = result.rule
    if rule is None:
        return None
    yearly = result.yearly if rule.method == Method.FIXED_YEARLY else None
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


def _credit(row: AccountRule, inputs: Inputs) -> engine.Credit | None:
    return credit_of(calculate(inputs, plain(row)))


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
    region: Region | None, inputs: Inputs, current: AccountRule | None
) -> tuple[engine.Credit | None, engine.Credit | None]:
    """The value before the one in force and the next one, at the same level and sub-group."""
    found = resolve_rule(region, inputs.category, inputs.on, subgroup=inputs.subgroup)
    following = _credit(found.later[0], inputs) if found.later else None
    previous = None
    if current is not None:
        rows = [
            r
            for r in rule_book().values(found.level, inputs.category)
            if r.subgroup == current.subgroup
            and r.pool == current.pool
            and r.effective_from < current.effective_from
        ]
        previous = _credit(rows[-1], inputs) if rows else None
    return previous, following


def _current_row(region: Region | None, inputs: Inputs) -> AccountRule | None:
    return resolve_rule(region, inputs.category, inputs.on, subgroup=inputs.subgroup).current


def _other_subgroups(
    region: Region | None, inputs: Inputs, labels: tuple[str, ...]
) -> tuple[engine.Credit, ...]:
    found = []
    for label in labels:
        if label == inputs.subgroup:
            continue
        row = _current_row(region, replace(inputs, subgroup=label))
        credit = _credit(row, replace(inputs, subgroup=label)) if row else None
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
    result = calculate_for(region, inputs)
    current_row = _current_row(region, inputs) if result.rule is not None else None
    previous, following = _neighbours(region, inputs, current_row)
    found = resolve_rule(region, inputs.category, inputs.on, subgroup=inputs.subgroup)
    pool = _credit(found.provincial_pool, inputs) if found.provincial_pool else None
    national = result.rule is None or not result.rule.region_code
    return engine.Facts(
        current=credit_of(result),
        no_rule=result.message if result.rule is None else "",
        crossings=_crossings(result, inputs),
        previous=previous,
        following=following,
        subgroups=_other_subgroups(region, inputs, result.subgroups),
        pool=pool,
        pool_name=region.parent.name if pool and region and region.parent else "",
        reform=_reform(region) if national else None,
    )


def subgroups_for(region: Region | None, category: str, on: dt.date) -> tuple[str, ...]:
    """The sub-groups the region's rule distinguishes (asked only where there are some)."""
    return tuple(resolve_rule(region, category, on).subgroups)


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
