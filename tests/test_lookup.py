"""Rule lookup against the seeded database: city → province → national, at a date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from calculator.engines.monthly import Inputs, Status
from calculator.lookup.monthly import calculate_for
from policies.lookup import resolve_rule
from policies.models import AccountRule, ContributionBaseLimit, Region
from policies.seeding import source
from policies.terms import Method

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


def region(code: str) -> Region:
    return Region.objects.select_related("parent").get(code=code)


@pytest.mark.parametrize(
    ("code", "category", "on", "kwargs", "status", "monthly"),
    [
        ("420100", "retiree", dt.date(2023, 2, 1), {}, Status.OK, "83.00"),
        ("420100", "retiree", dt.date(2023, 1, 31), {}, Status.NO_RULE, None),
        ("420100", "employee", TODAY, {"base": Decimal("5000")}, Status.OK, "100.00"),
        ("420200", "retiree", TODAY, {}, Status.NO_RULE, None),
        ("440300", "retiree", TODAY, {}, Status.OK, "250.00"),
        ("440100", "retiree", TODAY, {}, Status.NO_RULE, None),
        ("620100", "retiree", TODAY, {}, Status.OK, "120.00"),
        ("310000", "retiree", TODAY, {"age": 75}, Status.OK, "157.50"),
        ("110000", "retiree", TODAY, {"age": 69}, Status.OK, "100.00"),
        (
            "110000",
            "employee",
            dt.date(2021, 4, 21),
            {"base": Decimal("5000")},
            Status.NO_RULE,
            None,
        ),
        (
            "110000",
            "employee",
            dt.date(2021, 4, 22),
            {"base": Decimal("5000")},
            Status.OK,
            "100.00",
        ),
        ("110000", "resident", TODAY, {}, Status.NO_ACCOUNT, "0.00"),
        ("110000", "flexible", TODAY, {"base": Decimal("5000")}, Status.NO_RULE, None),
    ],
)
def test_seeded_answers(code, category, on, kwargs, status, monthly) -> None:  # noqa: ANN001
    result = calculate_for(region(code), Inputs(category, on, **kwargs))
    assert result.status == status
    assert (None if result.monthly is None else f"{result.monthly:.2f}") == monthly


def test_city_without_own_rule_follows_province() -> None:
    result = calculate_for(region("620100"), Inputs("retiree", TODAY))
    assert result.rule is not None and result.rule.region_name == "甘肃省"


def test_before_the_first_date_says_so_instead_of_guessing() -> None:
    result = calculate_for(region("420100"), Inputs("retiree", dt.date(2022, 6, 1)))
    assert result.monthly is None
    assert "2023-02-01" in result.message and "不作估算" in result.message


def test_city_rule_shadows_the_national_default_even_before_it_starts() -> None:
    """Wuhan has its own retiree history, so an earlier date is not answered from elsewhere."""
    assert resolve_rule(region("420100"), "retiree", dt.date(2020, 1, 1)).first


def test_next_dated_value_ends_the_previous_one() -> None:
    wuhan = region("420100")
    AccountRule.objects.create(
        region=wuhan,
        category="retiree",
        effective_from=dt.date(2027, 1, 1),
        method=Method.FIXED_MONTHLY,
        amount=Decimal("90"),
        source=source("reuters-2023-02-15"),
        verified_on=TODAY,
    )
    before = calculate_for(wuhan, Inputs("retiree", dt.date(2026, 12, 31)))
    after = calculate_for(wuhan, Inputs("retiree", dt.date(2027, 1, 1)))
    assert f"{before.monthly:.2f}" == "83.00"
    assert before.upcoming == ["2027-01-01 起每月90.00元(按新标准)。"]
    assert f"{after.monthly:.2f}" == "90.00"


def test_base_limits_of_the_province_apply_to_its_cities() -> None:
    ContributionBaseLimit.objects.create(
        region=region("420000"),
        year=2026,
        floor=Decimal("4000"),
        ceiling=Decimal("20000"),
        source=source("seed-000"),
        verified_on=TODAY,
    )
    result = calculate_for(region("420100"), Inputs("employee", TODAY, base=Decimal("3000")))
    assert f"{result.monthly:.2f}" == "80.00"
    assert any("低于当地 2026 年下限 4000 元" in w for w in result.warnings)
    other_year = calculate_for(
        region("420100"), Inputs("employee", dt.date(2025, 6, 1), base=Decimal("3000"))
    )
    assert f"{other_year.monthly:.2f}" == "60.00"
