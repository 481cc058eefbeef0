"""One rule, one answer: every surface that shows a monthly figure agrees with the others.

For every seeded region (395) and category, with inputs on each side of every age bracket
and on the dates where answers change (today, the day before the region's 门诊共济 reform,
the first day of each dated value), the JSON API, the calculator page's headline, the
projection's month, the compare row, the region page and the open-data row give the same
amount, precision, scope and net — or all say there is no figure.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone

from policies.lookup import resolve
from policies.models import Region
from policies.terms import Category
from policies.values import Resolved

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

BASE = "6000"
PENSION = "3000"
ANSWERED = ("ok", "no_account")
PROVINCES = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
    "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
    "63", "64", "65",
]  # fmt: skip


def attribute(page: str, name: str) -> str | None:
    found = re.search(rf'id="calc-result"[^>]*?\s{name}="([^"]*)"', page)
    return found.group(1) if found else None


def ages_for(resolved: Resolved, category: str) -> list[int]:
    """One usual age, and both sides of every bracket boundary the values have."""
    ages = {70 if category == Category.RETIREE else 40}
    for value in (*resolved.history.values, *resolved.provincial_pool.values):
        for bracket in value.brackets:
            if bracket.min_age is not None:
                ages |= {bracket.min_age - 1, bracket.min_age}
    low = 40 if category == Category.RETIREE else 16
    return sorted(age for age in ages if low <= age <= 120)


def dates_for(resolved: Resolved, today: dt.date) -> list[dt.date]:
    days = {today}
    if resolved.reform_from is not None:
        days.add(resolved.reform_from - dt.timedelta(days=1))
    days |= {value.effective_from for value in resolved.history.values}
    return sorted(day for day in days if dt.date(1998, 1, 1) <= day <= dt.date(2099, 12, 1))


def query(region: Region, category: str, day: dt.date, age: int, subgroup: str) -> dict:
    q = {
        "region": region.code,
        "category": category,
        "on": day.isoformat(),
        "age": age,
        "base": BASE,
        "pension": PENSION,
    }
    return q | ({"subgroup": subgroup} if subgroup else {})


def check_one(client: Client, q: dict[str, Any]) -> dict[str, Any]:
    """The API, the calculator page and the projection's first month for one question."""
    api = client.get("/api/v1/calculate?" + urlencode(q))
    assert api.status_code == 200, (q, api.content[:300])
    data = api.json()
    page = client.get("/calculator/?" + urlencode(q)).content.decode()
    where = (q, data["status"], data["message"][:80])
    assert attribute(page, "data-status") == data["status"], where
    arrives = data["net_monthly"] or data["monthly"]
    if data["status"] in ANSWERED and data["monthly"] is not None:
        assert attribute(page, "data-monthly") == data["monthly"], where
        assert attribute(page, "data-precision") == data["precision"], where
        assert attribute(page, "data-scope") == data["scope"], where
        if data["net_monthly"] is not None:
            assert f'data-net="{data["net_monthly"]}"' in page, where
    else:
        assert attribute(page, "data-monthly") is None, where
        assert data["monthly"] is None and data["net_monthly"] is None, where
    # The projection's first month is the monthly answer for that month (what arrives).
    month_one = dict(q, on=q["on"][:8] + "01", years="1", balance="0")
    projection = client.get("/api/v1/projection?" + urlencode(month_one)).json()
    first_month = client.get("/api/v1/calculate?" + urlencode(month_one)).json()
    expected = first_month["net_monthly"] or first_month["monthly"]
    assert projection["months"][0]["credit"] == (
        expected if first_month["status"] in ANSWERED else None
    ), (month_one, projection.get("unknown_reasons"))
    if projection["months"][0]["credit"] is None:
        assert projection["closing"] is None and projection["estimable"] is False
    data["arrives"] = arrives
    return data


def section(page: str, category: str) -> str:
    parts = page.split(f'id="category-{category}"')
    return parts[1].split('class="region-category"')[0] if len(parts) > 1 else ""


@pytest.mark.parametrize("prefix", PROVINCES)
def test_every_surface_agrees_for_every_region_of_the_province(prefix: str) -> None:
    client = Client()
    today = timezone.localdate()
    rules = client.get("/data/rules.json").json()["rules"]
    open_rows = {
        (r["region_code"], r["category"], r["subgroup"], r["effective_from"]): r
        for r in rules
        if r["status"] == "in_force"
    }
    regions = Region.objects.filter(in_system=True, code__startswith=prefix).select_related(
        "parent"
    )
    checked = 0
    for region in regions:
        region_page = client.get(f"/regions/{region.code}/").content.decode()
        for category in Category.values:
            found = resolve(region, category)
            for subgroup in found.subgroups or ("",):
                resolved = resolve(region, category, subgroup) if subgroup else found
                for day in dates_for(resolved, today):
                    for age in ages_for(resolved, category):
                        data = check_one(client, query(region, category, day, age, subgroup))
                        checked += 1
                        if day == today and age == ages_for(resolved, category)[0]:
                            check_region_page_and_open_data(
                                region_page, open_rows, region, category, subgroup, data
                            )
    assert checked >= regions.count() * len(Category.values)


def check_region_page_and_open_data(
    region_page: str,
    open_rows: dict,
    region: Region,
    category: str,
    subgroup: str,
    data: dict[str, Any],
) -> None:
    part = section(region_page, category)
    rule = data["rule"]
    where = (region.code, category, subgroup, data["status"])
    if rule is None:
        assert "现行标准：" not in part, where
        return
    # The region page states the same value in force today, in the same words (with the
    # age of its evidence, "据 2023 年资料", where the source is old).
    summary = re.escape(html.escape(rule["summary"], quote=False))
    found = re.search(rf"现行标准(?:（[^）]*）)?：<strong>{summary}</strong>", part)
    assert found is not None, where
    if rule["region_code"] == region.code and data["scope"] == "region":
        key = (region.code, category, rule["subgroup"], rule["effective_from"])
        row = open_rows.get(key)
        assert row is not None, where
        for name in ("summary", "precision", "amount", "rate_percent", "reference_base"):
            assert row[name] == rule[name], (where, name)


def test_compare_rows_agree_with_the_api() -> None:
    client = Client()
    today = timezone.localdate()
    tables = (("table-retirees", "retiree"), ("table-employees", "employee"))
    for age in (69, 70):
        page = client.get(f"/compare/?age={age}&base={BASE}&on={today}").content.decode()
        for table_id, category in tables:
            table = page.split(f'id="{table_id}"')[1].split("</table>")[0]
            rows = re.findall(r'<tr data-label="([^"]*)" data-value="([^"]*)">', table)
            assert len(rows) >= 5, table_id
            for label, value in rows:
                label = html.unescape(label)
                name, _, rest = label.partition("（")
                region = Region.objects.filter(name=name, in_system=True).first()
                if region is None or "省直" in rest:
                    continue  # the national row; a province's own 省直 row
                q = {"region": region.code, "category": category, "on": today}
                # compare asks retirees their age and employees their base, nothing else
                q |= {"age": age} if category == "retiree" else {"base": BASE}
                if rest:
                    q["subgroup"] = rest.rstrip("）")
                data = client.get("/api/v1/calculate?" + urlencode(q)).json()
                assert (data["monthly"] or "") == value, (label, category, data["status"])


def test_beijing_projection_credits_what_arrives() -> None:
    """北京 retirees aged 69: 100 credited, 3 元 大病互助 taken, 97.00 arrive each month."""
    data = (
        Client()
        .get("/api/v1/projection?region=110000&category=retiree&age=69&years=1&on=2026-12-01")
        .json()
    )
    assert {m["credit"] for m in data["months"]} == {"97.00"}  # 70 only in month 13
    assert data["estimable"] is True
    assert Decimal(data["closing"]) == Decimal("97.00") * 12


def test_a_city_without_a_figure_gets_no_balance() -> None:
    """张家口 (130700) has no retiree figure: the projection says it cannot estimate."""
    client = Client()
    data = client.get(
        "/api/v1/projection?region=130700&category=retiree&age=69&years=5&balance=1000"
    ).json()
    assert data["estimable"] is False and data["closing"] is None
    assert data["total_credited"] is None and len(data["unknown_months"]) == 60
    page = client.get(
        "/calculator/projection/?region=130700&category=retiree&age=69&years=5&balance=1000"
    ).content.decode()
    assert "无法估算" in page and "0.00" not in page.split('id="projection-result"')[1]
