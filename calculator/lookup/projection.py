"""From the rule tables to the projection engine."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from calculator.engines import projection as engine
from policies.lookup import RuleBook, base_limits
from policies.models import Region
from policies.plain import base_limits as plain_limits
from policies.plain import rule_value
from policies.terms import NATIONAL, Method, Pool
from policies.values import BaseLimits


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
) -> tuple[engine.Projection, str]:
    """The projection and the name of the level whose values it used."""
    book = RuleBook.along(region, [category])
    found = book.resolve(region, category, start)
    rows = book.values(found.level, category) if found.found_any else []
    if found.level is not None and found.level.pk != region.pk:
        # A province's 省直/省本级 values are not its cities' (as in the monthly answer).
        rows = [row for row in rows if row.pool != Pool.PROVINCIAL_UNITS]
    unasked = ""
    if found.subgroups:
        # The projection does not ask which sub-group: it never guesses one.
        rows = [row for row in rows if not row.subgroup]
        where = found.level.name if found.level else NATIONAL
        unasked = (
            f"{where}的标准按参保情况分为{len(found.subgroups)}种（{'、'.join(found.subgroups)}），"
            "这里没有按其中任何一种累计；请用每月划入计算器选好参保情况再算。"
        )
    values = [rule_value(v) for v in rows]
    needs_limits = any(v.method == Method.PERCENT_BASE for v in values)
    limits_cache: dict[int, BaseLimits | None] = {}

    def limits_for(year: int) -> BaseLimits | None:
        if not needs_limits:
            return None
        if year not in limits_cache:
            limits_cache[year] = plain_limits(base_limits(region, year))
        return limits_cache[year]

    result = engine.project(
        category=category,
        start=start,
        years=years,
        balance=balance,
        values=values,
        age=age,
        base=base,
        pension=pension,
        limits_for=limits_for,
    )
    if unasked:
        result.warnings.insert(0, unasked)
    level = "" if not found.found_any else (found.level.name if found.level else NATIONAL)
    return result, level


def projection_from(form_data: dict, region: Region) -> tuple[engine.Projection, str]:
    """The projection for a valid ``ProjectionForm``'s cleaned data."""
    return projection_for(
        region,
        category=form_data["category"],
        start=form_data["on"],
        years=form_data["years"],
        balance=form_data["balance"],
        age=form_data.get("age"),
        base=form_data.get("base"),
        pension=form_data.get("pension"),
    )
