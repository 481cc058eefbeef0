"""The cases issue 18 found giving different numbers on different pages, each now one answer.

Built from factories (regions 9xxxxx), so they hold whatever the seed content says.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from policies.models import AveragePension
from policies.terms import Method
from tests.factories import ReformDateFactory, SourceFactory, city, rule

pytestmark = pytest.mark.django_db


def average_rule_city():
    """A city whose retirees get 3 % of its 2022 average pension, recorded as 3000 元."""
    home = city()
    rule(
        home,
        method=Method.PERCENT_AVG_PENSION,
        rate=Decimal("3"),
        amount=None,
        reference_year=2022,
        effective_from=dt.date(2024, 1, 1),
    )
    AveragePension.objects.create(
        region=home, year=2022, amount=Decimal("3000"), source=SourceFactory()
    )
    return home


def test_a_share_of_a_recorded_average_is_one_amount_everywhere(client: Client) -> None:
    home = average_rule_city()
    q = f"region={home.code}&category=retiree&on=2026-01-01"
    assert client.get(f"/api/v1/calculate?{q}").json()["monthly"] == "90.00"
    months = client.get(f"/api/v1/projection?{q}&years=1").json()["months"]
    assert {m["credit"] for m in months} == {"90.00"}
    assert 'data-monthly="90.00"' in client.get(f"/calculator/?{q}").content.decode()
    assert "平均养老金 3000 元的 3%" in client.get(f"/regions/{home.code}/").content.decode()
    rows = [
        r for r in client.get("/data/rules.json").json()["rules"] if r["region_code"] == home.code
    ]
    assert [r["reference_base"] for r in rows] == ["3000.00"]
    feed = client.get("/changes/").content.decode()
    assert "平均养老金 3000 元的 3%" in feed


def test_no_national_answer_before_the_reform_in_the_projection_either(client: Client) -> None:
    """Before a city's 门诊共济 reform the monthly answer gives none; nor does the projection."""
    home = city()
    rule(None, amount=Decimal("83"), effective_from=dt.date(2021, 1, 1))
    ReformDateFactory(region=home, effective_from=dt.date(2023, 2, 1))
    q = f"region={home.code}&category=retiree&age=70"
    before = client.get(f"/api/v1/calculate?{q}&on=2023-01-15").json()
    assert before["monthly"] is None and "不作估算" in before["message"]
    projection = client.get(f"/api/v1/projection?{q}&on=2023-01-01&years=1").json()
    credits = {m["month"]: m["credit"] for m in projection["months"]}
    assert credits["2023-01"] is None and credits["2023-02"] == "83.00"
    assert projection["unknown_months"] == ["2023-01"]
    assert projection["closing"] is None
