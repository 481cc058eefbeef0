"""对账 (``/calculator/reconcile/``, ``/api/v1/reconcile``) against the seeded rules."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from reports.models import ArrivedReport
from tests import pages

pytestmark = pytest.mark.django_db

PAGE = "/calculator/reconcile/"
API = "/api/v1/reconcile"
BEIJING_69 = {"region": "110000", "category": "retiree", "age": "69", "month": "2026-11"}


def api(client: Client, **params: str) -> dict:
    response = client.get(API, params)
    assert response.status_code == 200, response.content.decode()
    assert "private" in response["Cache-Control"]
    return json.loads(response.content)


def kinds(body: dict) -> list[str]:
    return [reason["kind"] for reason in body["reasons"]]


def test_beijing_97_names_the_3_yuan_critical_illness_deduction(client: Client) -> None:
    body = api(client, **BEIJING_69, arrived="97")
    assert body["outcome"] == "matches"
    assert body["credited"] == "100.00" and body["expected"] == "97.00"
    (reason,) = body["reasons"]
    assert reason["kind"] == "deduction"
    assert "大病互助 3.00 元" in reason["text"]
    assert reason["source"]["grade"] == "web"


def test_beijing_100_matches_the_credit_before_deduction_and_says_so(client: Client) -> None:
    body = api(client, **BEIJING_69, arrived="100")
    assert body["outcome"] == "matches_credit"
    assert "扣除前的划入金额" in body["headline"]
    assert kinds(body) == ["before_deduction"]
    assert "大病互助" in body["reasons"][0]["text"]


def test_shanghai_zero_in_a_month_explains_the_yearly_credit(client: Client) -> None:
    body = api(client, region="310000", category="retiree", age="70", month="2026-11", arrived="0")
    assert body["outcome"] == "explained"
    assert kinds(body) == ["lump_sum"]
    assert "按年定额" in body["reasons"][0]["text"]
    assert "1680" in body["reasons"][0]["text"]
    assert body["reasons"][0]["source"]["title"]


def test_beijing_69_paid_the_70_bracket_names_the_birthday_month(client: Client) -> None:
    body = api(client, **BEIJING_69, arrived="107")
    assert kinds(body) == ["age_bracket", "deduction"]
    assert "70 周岁" in body["reasons"][0]["text"]
    assert "生日所在月份" in body["reasons"][0]["text"]


def test_an_amount_no_rule_explains_is_said_and_the_reader_is_invited_to_share(
    client: Client,
) -> None:
    body = api(client, **BEIJING_69, arrived="55")
    assert body["outcome"] == "unexplained"
    assert body["invite_to_share"] is True
    assert "不猜测" in body["reasons"][0]["text"]
    page = client.get(PAGE, {**BEIJING_69, "arrived": "55"})
    html = page.content.decode()
    assert "解释不了" in html
    assert 'action="/regions/110000/arrived/"' in html
    assert "private" in page["Cache-Control"]


def test_the_page_asks_one_question_a_step_and_keeps_earlier_answers(client: Client) -> None:
    first = client.get(PAGE).content.decode()
    assert 'name="region"' in first and 'name="category"' not in first
    second = client.get(PAGE, {"region": "110000"}).content.decode()
    assert 'type="hidden" name="region" value="110000"' in second
    assert 'name="category"' in second and 'name="arrived"' not in second
    age_step = client.get(PAGE, {"region": "110000", "category": "retiree"}).content.decode()
    assert 'name="age"' in age_step
    employee = client.get(PAGE, {"region": "110000", "category": "employee"}).content.decode()
    assert 'name="age"' not in employee and 'name="month"' in employee


def test_a_region_with_subgroups_asks_which_one(client: Client) -> None:
    query = {"region": "440300", "category": "retiree", "age": "69", "month": "2026-11"}
    html = client.get(PAGE, query).content.decode()
    assert 'name="subgroup"' in html and "一档参保且已停缴的退休人员" in html
    body = api(client, **query, subgroup="一档参保且已停缴的退休人员", arrived="251")
    assert body["outcome"] == "matches"


def test_the_answer_page_names_the_deduction_with_its_source(client: Client) -> None:
    html = client.get(PAGE, {**BEIJING_69, "arrived": "97"}).content.decode()
    assert 'data-outcome="matches"' in html
    assert "大病互助 3.00 元" in html
    assert "source-line" in html


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({**BEIJING_69, "month": "2026-13", "arrived": "97"}, "month", "年-月"),
        ({**BEIJING_69, "month": "2999-01", "arrived": "97"}, "month", "还没到"),
        ({**BEIJING_69, "arrived": "-5"}, "arrived", "负数"),
        ({**BEIJING_69, "arrived": "<script>alert(1)</script>"}, "arrived", "数字"),
        ({**BEIJING_69, "age": "7", "arrived": "97"}, "age", "退休人员"),
        ({**BEIJING_69, "region": "999999", "arrived": "97"}, "region", "地区"),
        ({**BEIJING_69, "category": "boss", "arrived": "97"}, "category", "参保身份"),
        (
            {"region": "440300", "category": "retiree", "age": "69", "month": "2026-11"}
            | {"subgroup": "'; DROP TABLE", "arrived": "1"},
            "subgroup",
            "参保情况",
        ),
    ],
)
def test_hostile_input_gets_a_chinese_message_beside_the_field_and_400_from_the_api(
    client: Client, params: dict, field: str, message: str
) -> None:
    response = client.get(API, params)
    assert response.status_code == 400
    assert "private" in response["Cache-Control"]
    errors = json.loads(response.content)["errors"]
    assert message in " ".join(errors[field])
    page = client.get(PAGE, params)
    assert page.status_code == 200
    html = page.content.decode()
    beside = html.split(f'id="id_{field}_error">')[1].split("</p>")[0]
    assert message in beside
    assert pages.chinese(beside)
    assert "<script>alert(1)</script>" not in html
    assert ArrivedReport.objects.count() == 0


def test_the_api_wants_every_answer(client: Client) -> None:
    response = client.get(API, {"region": "110000"})
    assert response.status_code == 400
    errors = json.loads(response.content)["errors"]
    assert {"category", "month", "arrived"} <= set(errors)


def test_the_monthly_answer_links_to_the_reconcile(client: Client) -> None:
    html = client.get(
        "/calculator/", {"region": "110000", "category": "retiree", "age": "69"}
    ).content.decode()
    assert "到账的不是这个数？" in html
    assert 'href="/calculator/reconcile/?region=110000&amp;category=retiree&amp;age=69"' in html


def test_the_reconcile_is_listed_where_calculators_are(client: Client) -> None:
    assert PAGE in pages.public_pages()
    assert API in pages.api_endpoints()
    assert PAGE in client.get("/").content.decode()
    assert PAGE in client.get("/sitemap.xml").content.decode()
    assert PAGE in client.get("/regions/110000/").content.decode()


def test_a_month_before_the_regions_reform_names_the_reform_date(client: Client) -> None:
    body = api(client, region="420100", category="employee", month="2022-06", arrived="150")
    assert body["outcome"] == "explained"
    assert kinds(body) == ["reform"]
    assert "2023-02-01" in body["reasons"][0]["text"]
    assert body["reasons"][0]["source"]["grade_label"]
    html = client.get(
        PAGE,
        {"region": "420100", "category": "employee", "month": "2022-06", "arrived": "150"},
    ).content.decode()
    assert "门诊共济改革" in html and "source-line" in html


@pytest.mark.slow
def test_every_region_and_category_answers(client: Client) -> None:
    from policies.models import Region

    outcomes = set()
    for code in Region.objects.filter(in_system=True).values_list("code", flat=True):
        for category in ("employee", "retiree", "flexible", "resident"):
            for arrived in ("0", "97"):
                params = {"region": code, "category": category, "age": "70"}
                response = client.get(API, {**params, "month": "2026-11", "arrived": arrived})
                if response.status_code == 400:  # a region with sub-groups asks which one
                    assert "subgroup" in json.loads(response.content)["errors"], code
                    continue
                assert response.status_code == 200, (code, category, arrived)
                outcomes.add(json.loads(response.content)["outcome"])
    assert {"matches", "explained", "unexplained", "no_figure"} <= outcomes


def test_a_formula_region_has_nothing_to_compare_and_invites_the_reader(client: Client) -> None:
    params = {"region": "440100", "category": "retiree", "age": "70", "month": "2026-11"}
    body = api(client, **params, arrived="116")
    assert body["outcome"] == "no_figure" and body["invite_to_share"] is True
    assert "2.8%" in body["reasons"][0]["text"]
    html = client.get(PAGE, {**params, "arrived": "116"}).content.decode()
    assert 'action="/regions/440100/arrived/"' in html
    assert 'name="amount" value="116"' in html and 'name="website"' in html
