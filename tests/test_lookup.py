"""Rule lookup: city → province → national, at a date. Each test states its own rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from calculator.engines.monthly import Inputs, Scope, Status
from calculator.lookup.monthly import calculate_for
from policies.lookup import rule_book
from tests.factories import BaseLimitFactory, city, province, rule

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


def test_city_without_own_rule_follows_its_province() -> None:
    home = city()
    rule(home.parent, amount=Decimal("85"))
    result = calculate_for(home, Inputs("retiree", TODAY))
    assert f"{result.monthly:.2f}" == "85.00"
    assert result.rule.region_name == home.parent.name and result.scope == Scope.PROVINCE


def test_city_rule_shadows_its_province() -> None:
    home = city()
    rule(home.parent, amount=Decimal("85"))
    rule(home, amount=Decimal("95"))
    result = calculate_for(home, Inputs("retiree", TODAY))
    assert f"{result.monthly:.2f}" == "95.00" and result.scope == Scope.REGION


def test_a_region_with_no_value_at_any_level_gets_no_answer() -> None:
    result = calculate_for(city(), Inputs("flexible", TODAY, base=Decimal("5000")))
    assert result.status == Status.NO_RULE and result.monthly is None
    assert "还没有收录" in result.message


def test_before_the_first_date_says_so_instead_of_guessing() -> None:
    home = city()
    rule(home, effective_from=dt.date(2023, 2, 1), amount=Decimal("83"))
    result = calculate_for(home, Inputs("retiree", dt.date(2022, 6, 1)))
    assert result.monthly is None
    assert "2023-02-01" in result.message and "不作估算" in result.message
    on_the_day = calculate_for(home, Inputs("retiree", dt.date(2023, 2, 1)))
    assert f"{on_the_day.monthly:.2f}" == "83.00"


def test_city_rule_shadows_its_province_even_before_it_starts() -> None:
    """A city with its own history is not answered from its province for earlier dates."""
    home = city()
    rule(home.parent, effective_from=dt.date(2020, 1, 1))
    rule(home, effective_from=dt.date(2023, 2, 1))
    found = rule_book().resolve(home, "retiree", dt.date(2021, 1, 1))
    assert found.level == home and found.first is not None and found.current is None


def test_next_dated_value_ends_the_previous_one() -> None:
    home = city()
    rule(home, effective_from=dt.date(2023, 2, 1), amount=Decimal("83"))
    rule(home, effective_from=dt.date(2027, 1, 1), amount=Decimal("90"))
    before = calculate_for(home, Inputs("retiree", dt.date(2026, 12, 31)))
    after = calculate_for(home, Inputs("retiree", dt.date(2027, 1, 1)))
    assert f"{before.monthly:.2f}" == "83.00"
    assert before.upcoming == ["2027-01-01 起每月90.00元（按新标准）。"]
    assert f"{after.monthly:.2f}" == "90.00"


def test_age_brackets_both_ends_included() -> None:
    home = province()
    rule(home, brackets=[(None, 69, None, Decimal("100")), (70, None, None, Decimal("110"))])
    assert f"{calculate_for(home, Inputs('retiree', TODAY, age=69)).monthly:.2f}" == "100.00"
    assert f"{calculate_for(home, Inputs('retiree', TODAY, age=70)).monthly:.2f}" == "110.00"


def test_base_limits_of_the_province_apply_to_its_cities() -> None:
    home = city()
    rule(home.parent, category="employee", method="percent_base", amount=None, rate=Decimal("2"))
    BaseLimitFactory(region=home.parent, year=2026, floor=Decimal("4000"))
    result = calculate_for(home, Inputs("employee", TODAY, base=Decimal("3000")))
    assert f"{result.monthly:.2f}" == "80.00"
    assert any("低于当地 2026 年下限 4000 元" in w for w in result.warnings)
    other_year = calculate_for(home, Inputs("employee", dt.date(2025, 6, 1), base=Decimal("3000")))
    assert f"{other_year.monthly:.2f}" == "60.00"
