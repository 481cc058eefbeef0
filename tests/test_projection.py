"""余额累计: age-bracket steps and scheduled changes inside the projection, chart = table."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.test import Client

from tests.factories import city, rule

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def api(client: Client, query: str) -> dict:
    response = client.get(f"/api/v1/projection?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def credits(data: dict) -> dict[str, str]:
    return {m["month"]: m["credit"] for m in data["months"]}


@pytest.mark.parametrize(
    ("age", "first_year", "second_year", "closing"),
    [
        # 北京 credits 100/110 and takes 3 元 大病互助: 97/107 arrive each month.
        (68, "1164.00", "1164.00", "7180.00"),  # turns 70 at the start of year 3
        (69, "1164.00", "1284.00", "7300.00"),  # steps to 107 in month 13
        (70, "1284.00", "1284.00", "7420.00"),  # 70 is inside "70周岁及以上" from the start
    ],
)
def test_age_bracket_steps_inside_projection(
    client: Client, age: int, first_year: str, second_year: str, closing: str
) -> None:
    data = api(client, f"region=110000&category=retiree&age={age}&balance=1000&on=2026-11-22")
    assert len(data["months"]) == 60
    assert [y["credited"] for y in data["year_totals"][:2]] == [first_year, second_year]
    assert data["closing"] == closing


def test_the_step_happens_in_the_thirteenth_month(client: Client) -> None:
    data = api(client, "region=110000&category=retiree&age=69&on=2026-11-01")
    by_month = credits(data)
    assert by_month["2027-10"] == "97.00"
    assert by_month["2027-11"] == "107.00"
    assert any("年满 70 周岁" in c for c in data["changes"])


def test_scheduled_rule_change_takes_effect_in_its_month(client: Client) -> None:
    home = city()
    rule(home.parent, amount=Decimal("120"), effective_from=dt.date(2023, 1, 1))
    rule(home.parent, amount=Decimal("130"), effective_from=dt.date(2027, 7, 1))
    data = api(client, f"region={home.code}&category=retiree&on=2026-11-22&years=1")
    by_month = credits(data)
    assert by_month["2027-06"] == "120.00"
    assert by_month["2027-07"] == "130.00"
    assert data["rules_from"] == home.parent.name
    assert data["closing"] == f"{8 * 120 + 4 * 130:.2f}"
    assert any("新标准生效" in c for c in data["changes"])


def test_employee_projection_uses_base(client: Client) -> None:
    data = api(client, "region=420100&category=employee&base=5000&years=2")
    assert set(credits(data).values()) == {"100.00"}
    assert data["closing"] == "2400.00"


def test_missing_age_is_reported_not_guessed(client: Client) -> None:
    data = api(client, "region=310000&category=retiree&years=1")
    assert data["estimable"] is False and data["closing"] is None
    assert data["total_credited"] is None
    assert {m["balance"] for m in data["months"]} == {None}
    assert any("年龄" in r for r in data["unknown_reasons"])


def test_chart_title_and_points_match_the_year_table(client: Client) -> None:
    html = client.get(
        "/calculator/projection/?region=310000&category=retiree&age=74&balance=500&on=2026-11-22"
    ).content.decode()
    root = ET.fromstring(re.search(r'<svg class="chart".*?</svg>', html, re.S).group(0))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "账户余额累计（2026-11 起 5 年）"
    points = [c.get("data-value") for c in root.iter(f"{SVG}circle")]
    table = html.split('id="projection-years"')[1].split("</table>")[0]
    assert points == re.findall(r'data-value="([^"]+)"', table)
    assert points[:3] == ["500.00", "2180.00", "4070.00"]  # 140 × 12, then 157.5 × 12 at 75
    assert html.count("<h1") == 1
    assert "每满 12 个月按大一岁计算" in html


def test_monthly_answer_links_to_projection_with_inputs(client: Client) -> None:
    html = client.get("/calculator/?region=110000&category=retiree&age=69").content.decode()
    link = re.search(r'id="projection-link" href="([^"]+)"', html).group(1)
    assert link.startswith("/calculator/projection/?region=110000&amp;category=retiree&amp;age=69")
    page = client.get(link.replace("&amp;", "&")).content.decode()
    assert 'id="projection-result"' in page


def test_htmx_and_plain_paths(client: Client) -> None:
    url = "/calculator/projection/?region=620000&category=retiree&years=1"
    plain = client.get(url).content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert "<html" in plain and 'data-closing="1440.00"' in plain
    assert "<html" not in fragment.content.decode()
    assert 'data-closing="1440.00"' in fragment.content.decode()
    assert "HX-Request" in fragment["Vary"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("category=retiree", "region", "请选择参保地。"),
        ("region=620000&category=retiree&years=0", "years", "至少算 1 年。"),
        ("region=620000&category=retiree&years=31", "years", "最多算 30 年。"),
        ("region=620000&category=retiree&years=x", "years", "年数请填整数"),
        ("region=620000&category=retiree&balance=-1", "balance", "金额不能是负数。"),
        ("region=620000&category=retiree&balance=1e12", "balance", "余额不能超过"),
        ("region=620000&category=retiree&age=200", "age", "年龄不能超过 130 周岁。"),
        ("region=620000&category=boss", "category", "参保身份只能是"),
        ("region=620000&category=retiree&on=1900-01-01", "on", "1990 年到 2100 年"),
    ],
)
def test_bad_input(client: Client, query: str, field: str, message: str) -> None:
    response = client.get(f"/api/v1/projection?{query}")
    assert response.status_code == 400
    assert message in response.json()["errors"][field][0]
    for headers in ({}, {"HX-Request": "true"}):
        page = client.get(f"/calculator/projection/?{query}", headers=headers)
        assert page.status_code == 200 and message in page.content.decode()
