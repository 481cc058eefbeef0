"""/api/v1/calculate: the same answer as JSON; bad input is a 400 with Chinese field errors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from policies.models import Region
from tests.factories import city, unchecked_yearly_steps_city

pytestmark = pytest.mark.django_db
URL = "/api/v1/calculate"
PUBLISHED = dt.date(2025, 4, 25)


@pytest.fixture
def home() -> Region:
    """A city whose retirees get 1620 元 a year up to 74 and 1830 元 from 75, from a web
    page that gave no start date and that no editor has checked."""
    return unchecked_yearly_steps_city("测试市退休人员个人账户每年划入多少？", PUBLISHED)


def test_answer_as_json_with_amounts_as_two_decimal_strings(client: Client, home: Region) -> None:
    response = client.get(URL, {"region": home.code, "category": "retiree", "age": "75"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["status"] == "ok"
    assert data["monthly"] == "152.50" and data["yearly"] == "1830.00"
    assert data["steps"][-1] == "每年定额 1830 元 ÷ 12 = 152.50 元/月。"
    assert data["rule"]["method"] == "fixed_yearly"
    assert data["rule"]["source"]["grade"] == "web"
    assert data["rule"]["source"]["title"] == "测试市退休人员个人账户每年划入多少？"
    # a web copy never checked against its source by an editor
    assert data["rule"]["verified_on"] is None
    assert data["rule"]["brackets"][1] == {
        "min_age": 75,
        "max_age": None,
        "label": "75周岁及以上",
        "rate_percent": None,
        "amount": "1830.00",
    }
    assert any("发布日期" in w for w in data["warnings"])


def test_employee_json_names_the_official_source(client: Client) -> None:
    # A city with no local employee rule follows the national one: the seeded 全国 rule,
    # at most 2% of the contribution base (国办发〔2021〕14号).
    home = city()
    data = client.get(URL, {"region": home.code, "category": "employee", "base": "5000"}).json()
    assert data["monthly"] == "100.00" and data["yearly"] == "1200.00"
    assert data["rule"]["source"]["document_number"] == "国办发〔2021〕14号"
    assert data["rule"]["region"] == "全国"
    assert data["inputs"]["base"] == "5000.00"


def test_no_rule_is_a_200_with_no_amount_and_a_reason(client: Client) -> None:
    home = city()
    data = client.get(URL, {"region": home.code, "category": "retiree"}).json()
    assert data["status"] == "no_rule" and data["monthly"] is None and data["rule"] is None
    assert home.name in data["message"]


def test_missing_answers_are_listed(client: Client, home: Region) -> None:
    data = client.get(URL, {"region": home.code, "category": "retiree"}).json()
    assert data["status"] == "needs_input" and data["missing"] == ["age"]


HOME = "<the test's own city>"


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({}, {"region": "请选择参保地。", "category": "请选择参保身份。"}),
        ({"region": "12", "category": "retiree"}, {"region": "没有找到这个地区代码"}),
        ({"region": HOME, "category": "x"}, {"category": "参保身份只能是"}),
        ({"region": HOME, "category": "retiree", "age": "-1"}, {"age": "年龄不能是负数。"}),
        ({"region": HOME, "category": "employee", "base": "1e9"}, {"base": "不能超过"}),
        ({"region": HOME, "category": "retiree", "on": "2026-13-01"}, {"on": "年-月-日"}),
    ],
)
def test_bad_input_is_400_with_chinese_field_errors(
    client: Client, home: Region, query: dict[str, str], errors: dict[str, str]
) -> None:
    if query.get("region") == HOME:
        query = {**query, "region": home.code}
    response = client.get(URL, query)
    assert response.status_code == 400
    body = response.json()["errors"]
    assert set(body) == set(errors)
    for field, text in errors.items():
        assert text in body[field][0]


def test_only_get_is_allowed(client: Client) -> None:
    assert client.post(URL, {}).status_code == 405
