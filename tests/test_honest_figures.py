"""Every number as precise as its evidence: precision, scope, verification, plausibility.

The cases are the ones a reader met (issue "Honest figures"): the national 2% ceiling shown
as a local rule, approximate figures shown as exact, the seed date shown as a verification
date, a "retiree" aged 7, 香港 offered as a place of insurance.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from calculator.engines.lapse import Inputs as LapseInputs
from calculator.engines.lapse import calculate as lapse
from calculator.engines.monthly import Inputs, Place, Scope, Status, calculate
from calculator.lookup.lapse import plain_rule
from policies.models import LapseRule
from policies.values import RuleValue, SourceRef
from tests.factories import ReformDateFactory, city, rule

pytestmark = pytest.mark.django_db
API = "/api/v1/calculate"
PAGE = "/calculator/"
OFFICIAL = SourceRef("国办发〔2021〕14号", "official", "官方文件")


def result_section(html: str) -> str:
    return html.split('id="calc-result"')[1].split("</section>")[0]


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


# --- Precision and scope: engine, JSON, page and <title> agree --------------------------


def test_hangzhou_employee_gets_the_national_ceiling_said_as_a_ceiling(client: Client) -> None:
    query = {"region": "330100", "category": "employee", "base": "8000"}
    data = client.get(API, query).json()
    assert data["monthly"] == "160.00"
    assert data["precision"] == "at_most" and data["scope"] == "national"
    assert data["monthly_text"] == "最多 160.00"
    assert any("按全国的规定计算" in w for w in data["warnings"])
    assert any("上限" in w for w in data["warnings"])
    html = client.get(PAGE, query).content.decode()
    section = result_section(html)
    assert "最多 160.00" in section and "按全国规定" in section
    assert "最多 160.00" in title(html) and "全国" in title(html)
    assert 'data-precision="at_most"' in section and 'data-scope="national"' in section


def test_an_about_figure_reads_about_in_the_answer_and_the_title(client: Client) -> None:
    home = city()
    rule(home, amount=Decimal("250"), precision="about")
    query = {"region": home.code, "category": "retiree"}
    data = client.get(API, query).json()
    assert data["precision"] == "about" and data["scope"] == "region"
    assert data["monthly_text"] == "约 250"
    html = client.get(PAGE, query).content.decode()
    visible = re.sub(r"<[^>]+>", "", result_section(html).split(">", 1)[1])
    assert "约 250" in visible and "250.00" not in visible
    assert "约 250" in title(html)


def test_shanghai_retiree_at_75_is_exact_and_its_own(client: Client) -> None:
    data = client.get(API, {"region": "310000", "category": "retiree", "age": "75"}).json()
    assert (data["precision"], data["scope"], data["monthly"]) == ("exact", "region", "157.50")
    assert data["monthly_text"] == "157.50"


def test_a_city_following_its_province_says_so(client: Client) -> None:
    home = city()
    rule(home.parent, amount=Decimal("90"))
    query = {"region": home.code, "category": "retiree"}
    data = client.get(API, query).json()
    assert data["scope"] == "province"
    assert any(f"按{home.parent.name}的标准计算" in w for w in data["warnings"])
    assert f"按{home.parent.name}的标准" in title(client.get(PAGE, query).content.decode())


def test_precision_words_on_the_comparison_table_and_chart(client: Client) -> None:
    home = city()
    rule(home, amount=Decimal("250"), precision="about")
    html = client.get("/compare/").content.decode()
    for cell in re.findall(r'<td data-precision="(\w+)">([^<]*)</td>', html):
        precision, text = cell
        if precision == "about":
            assert text.startswith(("约 ", "按比例")), cell
        elif precision == "at_most":
            assert text.startswith("最多 "), cell
    assert "约 250 元" in html.split('id="chart-retirees"')[1].split("</svg>")[0]
    assert "最多 100.00 元" in html.split('id="chart-employees"')[1].split("</svg>")[0]


def test_region_pages_and_open_data_carry_the_precision(client: Client) -> None:
    home = city()
    rule(home, amount=Decimal("250"), precision="about")
    html = client.get(home.get_absolute_url()).content.decode()
    assert "约 250 元/月" in html
    assert "最多为缴费基数的 2%" in html  # the national employee ceiling it follows
    rows = client.get("/data/rules.json").json()["rules"]
    national = next(r for r in rows if r["category"] == "employee" and not r["region_code"])
    assert national["precision"] == "at_most"
    mine = next(r for r in rows if r["region_code"] == home.code)
    assert mine["precision"] == "about" and mine["amount"] == "250.00"


# --- The reform date: no national answer before a region's reform -----------------------


def test_wuhan_before_its_reform_gets_no_national_answer(client: Client) -> None:
    before = client.get(
        API, {"region": "420100", "category": "employee", "base": "8000", "on": "2022-06-01"}
    ).json()
    assert before["status"] == "no_rule" and before["monthly"] is None
    assert "2023-02-01" in before["message"]
    after = client.get(
        API, {"region": "420100", "category": "employee", "base": "8000", "on": "2023-02-01"}
    ).json()
    assert after["monthly"] == "160.00" and after["scope"] == "national"
    assert not any("陆续实施" in w for w in after["warnings"])


def test_a_province_reform_date_covers_its_cities_and_unknown_dates_are_warned() -> None:
    national = RuleValue("percent_base", dt.date(2021, 4, 22), OFFICIAL, None, rate=Decimal("2"))
    inputs = Inputs("employee", dt.date(2022, 1, 1), base=Decimal("5000"))
    known = calculate(inputs, national, place=Place("990100", "某市", dt.date(2023, 1, 1)))
    assert known.status == Status.NO_RULE and "2023-01-01" in known.message
    unknown = calculate(inputs, national, place=Place("990100", "某市", None))
    assert unknown.scope == Scope.NATIONAL and unknown.monthly == Decimal("100.00")
    assert any("2021年至2024年间陆续实施" in w for w in unknown.warnings)
    home = city()
    ReformDateFactory(region=home.parent, effective_from=dt.date(2024, 1, 1))
    from calculator.lookup.monthly import calculate_for

    result = calculate_for(home, Inputs("employee", dt.date(2023, 6, 1), base=Decimal("5000")))
    assert result.status == Status.NO_RULE and "2024-01-01" in result.message


# --- Verification means verified ---------------------------------------------------------


def test_seeded_figures_show_no_verification_date_anywhere(client: Client) -> None:
    for url in (
        "/",
        "/calculator/?region=310000&category=retiree&age=75",
        "/calculator/?region=440100&category=retiree",
        "/regions/420100/",
        "/compare/",
        "/calculator/critical-illness/?region=310000&year=2025&group=ordinary&costs=80000",
        "/calculator/lapse/?scheme=resident&years=3&backpaid_years=1",
        "/guides/family-sharing/",
        "/guides/withdrawal/check/?region=420100&scheme=employee&reason=death",
    ):
        html = client.get(url).content.decode()
        assert "核实于" not in html, url
        assert "待核实" in html, url


def test_an_editors_verification_date_is_shown(client: Client) -> None:
    home = city()
    rule(home, amount=Decimal("88"), verified_on=dt.date(2026, 10, 9))
    html = client.get(PAGE, {"region": home.code, "category": "retiree"}).content.decode()
    assert "核实于 2026-10-09" in result_section(html)
    data = client.get(API, {"region": home.code, "category": "retiree"}).json()
    assert data["rule"]["verified_on"] == "2026-10-09"


# --- Plausible inputs only --------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"region": "110000", "category": "retiree", "age": "7"}, "不会小于 40 周岁"),
        ({"region": "110000", "category": "retiree", "age": "39"}, "不会小于 40 周岁"),
        ({"region": "110000", "category": "employee", "age": "15", "base": "5000"}, "16 周岁"),
        ({"region": "110000", "category": "flexible", "age": "12", "base": "5000"}, "16 周岁"),
    ],
)
def test_implausible_ages_are_refused_beside_the_field(
    client: Client, query: dict[str, str], message: str
) -> None:
    api = client.get(API, query)
    assert api.status_code == 400 and message in api.json()["errors"]["age"][0]
    page = client.get(PAGE, query).content.decode()
    assert message in page and 'id="id_age_error"' in page
    assert "data-monthly" not in page


def test_a_retiree_at_forty_is_answered(client: Client) -> None:
    data = client.get(API, {"region": "110000", "category": "retiree", "age": "40"}).json()
    assert data["monthly"] == "100.00"


@pytest.mark.parametrize("code", ["810000", "820000", "710000"])
def test_hong_kong_macao_taiwan_are_not_places_of_insurance(client: Client, code: str) -> None:
    api = client.get(API, {"region": code, "category": "employee", "base": "5000"})
    assert api.status_code == 400
    assert "不在内地的基本医疗保险体系内" in api.json()["errors"]["region"][0]
    page = client.get(PAGE, {"region": code, "category": "employee", "base": "5000"})
    assert "不在内地的基本医疗保险体系内" in page.content.decode()
    assert "data-monthly" not in page.content.decode()
    assert f'value="{code}"' not in client.get(PAGE).content.decode()
    region_page = client.get(f"/regions/{code}/").content.decode()
    assert "不在内地的基本医疗保险体系内" in region_page and "现行标准" not in region_page


def test_minus_zero_is_zero(client: Client) -> None:
    data = client.get(API, {"region": "110000", "category": "employee", "base": "-0"}).json()
    assert data["inputs"]["base"] == "0.00" and data["monthly"] == "0.00"
    html = client.get(PAGE, {"region": "110000", "category": "employee", "base": "-0"})
    assert "-0.00" not in html.content.decode()


def test_a_base_with_no_recorded_limits_is_used_as_given_and_said_so(client: Client) -> None:
    for base, monthly in (("100", "2.00"), ("1000000", "20000.00")):
        data = client.get(API, {"region": "110000", "category": "employee", "base": base}).json()
        assert data["monthly"] == monthly
        assert any("还没有收录北京市的缴费基数上下限" in w for w in data["warnings"])


# --- Lapse: long gaps ---------------------------------------------------------------------


def test_resident_with_five_years_gap_and_four_back_paid_waits_at_least_six_months() -> None:
    row = LapseRule.objects.get(region__isnull=True, scheme="resident")
    result = lapse(
        LapseInputs("resident", dt.date(2026, 1, 1), years=5, backpaid_years=4), plain_rule(row)
    )
    assert result.waiting_months == 6
    assert any("不少于 6 个月" in step for step in result.steps)
    short = lapse(LapseInputs("resident", dt.date(2026, 1, 1), years=3), plain_rule(row))
    assert short.waiting_months == 5  # 3 fixed + 2 extra years


def test_a_web_grade_waiting_period_is_not_stated_flatly(client: Client) -> None:
    data = client.get("/api/v1/lapse", {"scheme": "employee", "months": "5"}).json()
    assert data["rule"]["source"]["grade"] == "web"
    assert data["headline"].startswith("网络资料称（待核实）")
