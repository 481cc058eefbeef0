"""/calculator/: the full page without JavaScript and the fragment htmx swaps in."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from policies.models import Region, RegionNote
from policies.terms import Category, Method, Topic
from tests.factories import NoteFactory, SourceFactory, city, rule, unchecked_yearly_steps_city

pytestmark = pytest.mark.django_db
URL = "/calculator/"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "calc-dynamic"}
PUBLISHED = dt.date(2025, 4, 25)
WEB_TITLE = "测试市退休人员个人账户每年划入多少？（2025/04/25）"


@pytest.fixture
def home() -> Region:
    """A city whose retirees get a yearly amount in two age steps (1620 元 up to 74, 1830 元
    from 75), from a web page that gave no start date and that no editor has checked; its
    employees get a share of their contribution base."""
    home = unchecked_yearly_steps_city(WEB_TITLE, PUBLISHED)
    rule(home, category=Category.EMPLOYEE, method=Method.PERCENT_BASE, rate=Decimal("2"))
    return home


def retiree(home: Region, **query: str) -> dict[str, str]:
    return {"region": home.code, "category": "retiree", **query}


def result_attrs(html: str) -> dict[str, str]:
    match = re.search(r'<section id="calc-result"([^>]*)>', html)
    assert match, "no result element"
    return dict(re.findall(r'(data-[a-z]+)="([^"]*)"', match.group(1)))


def test_full_page_shows_amount_working_source_and_summary(client: Client, home: Region) -> None:
    response = client.get(URL, retiree(home, age="75"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1 and "<html" in html
    assert result_attrs(html) == {
        "data-status": "ok",
        "data-monthly": "152.50",
        "data-yearly": "1830.00",
        "data-precision": "exact",
        "data-scope": "region",
    }
    assert "每年定额 1830 元 ÷ 12 = 152.50 元/月。" in html
    assert WEB_TITLE in html
    assert "网络资料（待核实）" in html
    # from a web page never checked by an editor: no verification date
    assert "待核实" in html and "核实于" not in html
    assert "至少自 2025-04-25 起" in html
    assert "仅供参考" in html
    # the answers the result was worked out from, each with a link back to its question
    assert f'href="?region={home.code}&amp;category=retiree&amp;age=75#id_age"' in html
    assert f'href="?region={home.code}&amp;category=retiree&amp;age=75#id_region"' in html


def test_htmx_request_gets_only_the_fragment(client: Client, home: Region) -> None:
    response = client.get(URL, retiree(home, age="74"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<h1" not in html
    assert result_attrs(html)["data-monthly"] == "135.00"
    assert "年满75周岁后每月152.50元。" in html
    assert 'id="error-summary-slot" hx-swap-oob="true"' in html
    assert "HX-Request" in response["Vary"]


def test_boosted_and_history_restore_requests_get_the_full_page(
    client: Client, home: Region
) -> None:
    query = retiree(home, age="74")
    boosted = client.get(URL, query, HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true")
    restore = client.get(URL, query, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in boosted.content.decode()
    assert "<html" in restore.content.decode()


def test_plain_page_varies_on_htmx_headers(client: Client, home: Region) -> None:
    response = client.get(URL, retiree(home, age="74"))
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("category", "made", "asked", "not_asked"),
    [
        ("retiree", {"amount": Decimal("120")}, [], ["age", "base", "pension"]),
        (
            "retiree",
            {
                "method": Method.FIXED_YEARLY,
                "brackets": [(None, 74, None, Decimal("1620")), (75, None, None, Decimal("1830"))],
            },
            ["age"],
            ["base", "pension"],
        ),
        (
            "retiree",
            {"method": Method.PERCENT_OWN_PENSION, "rate": Decimal("3"), "amount": None},
            ["pension"],
            ["age", "base"],
        ),
        (
            "employee",
            {"method": Method.PERCENT_BASE, "rate": Decimal("2"), "amount": None},
            ["base"],
            ["age", "pension"],
        ),
        ("resident", {"method": Method.NONE, "amount": None}, [], ["age", "base", "pension"]),
    ],
    ids=["fixed", "age-steps", "own-pension", "percent-of-base", "none"],
)
def test_only_the_questions_the_rule_needs_are_asked(
    client: Client, category: str, made: dict, asked: list[str], not_asked: list[str]
) -> None:
    home = city()
    rule(home, category=category, **made)
    html = client.get(URL, {"region": home.code, "category": category}).content.decode()
    for name in asked:
        assert f'name="{name}"' in html
    for name in not_asked:
        assert f'name="{name}"' not in html


def test_missing_answer_is_asked_for_not_an_error(client: Client, home: Region) -> None:
    html = client.get(URL, retiree(home)).content.decode()
    assert result_attrs(html)["data-status"] == "needs_input"
    assert "还需要填写：年龄" in html
    assert "请修改以下内容" not in html


def test_arriving_with_only_a_region_preselects_it_without_errors(client: Client) -> None:
    home = city()
    html = client.get(URL, {"region": home.code}).content.decode()
    assert re.search(rf'<option value="{home.code}" selected[ >]', html)
    assert "请修改以下内容" not in html
    assert result_attrs(html)["data-status"] == "empty"


def test_no_rule_says_so_with_the_national_principle(client: Client) -> None:
    home = city()
    html = client.get(URL, {"region": home.code, "category": "retiree"}).content.decode()
    attrs = result_attrs(html)
    assert attrs["data-status"] == "no_rule" and "data-monthly" not in attrs
    assert f"我们还没有收录{home.name}退休人员" in html
    # A city with no local rule is shown the national principle: the seeded national notes
    # (国办发〔2021〕14号), which nobody has checked against the document yet.
    assert "国办发〔2021〕14号" in html and "待核实" in html and "核实于" not in html


def test_region_notes_are_shown_with_source(client: Client) -> None:
    home = city()
    source = SourceFactory(title="测试省退休人员账户说明的来源")
    NoteFactory(
        region=home.parent,
        category=Category.RETIREE,
        text="测试省退休人员60周岁和70周岁划入金额相同。",
        source=source,
    )
    html = client.get(URL, {"region": home.code, "category": "retiree"}).content.decode()
    assert "测试省退休人员60周岁和70周岁划入金额相同。" in html
    # the city has no rule, so the source's title can only come from the province's note
    assert source.title in html


def test_city_following_its_province_says_so(client: Client) -> None:
    home = city()
    rule(home.parent, amount=Decimal("70"))
    html = client.get(URL, {"region": home.code, "category": "retiree"}).content.decode()
    assert f"{home.name}没有单独标准，沿用{home.parent.name}" in html


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"age": "abc"}, "age", "年龄请填整数周岁"),
        ({"age": "-3"}, "age", "年龄不能是负数"),
        ({"age": "999999999999999999999"}, "age", "年龄不能超过 130 周岁"),
        ({"age": "65.5"}, "age", "年龄请填整数周岁"),
        ({"category": "employee", "base": "-100"}, "base", "金额不能是负数"),
        ({"category": "employee", "base": "1e400"}, "base", "金额"),
        ({"category": "employee", "base": "50000000"}, "base", "不能超过 1,000,000"),
        ({"category": "employee", "base": "五千"}, "base", "请输入数字金额"),
        ({"category": "employee", "base": "NaN"}, "base", "请输入数字金额"),
        ({"on": "2026-02-30"}, "on", "真实存在的日期"),
        ({"on": "1800-01-01"}, "on", "1990 年到 2100 年"),
        ({"region": "999999"}, "region", "没有找到这个地区代码"),
        ({"region": "<script>alert(1)</script>"}, "region", "没有找到这个地区代码"),
        ({"category": "robot"}, "category", "参保身份只能是"),
    ],
)
def test_bad_input_gets_a_chinese_message_beside_the_field(
    client: Client, home: Region, query: dict[str, str], field: str, message: str
) -> None:
    response = client.get(URL, retiree(home, **query))
    html = response.content.decode()
    assert response.status_code == 200
    error = re.search(rf'<p class="error-message" id="id_{field}_error">([^<]*)</p>', html)
    assert error and message in error.group(1)
    assert f'href="#id_{field}' in html  # the error summary links to the field
    assert "<script>alert(1)</script>" not in html
    assert result_attrs(html)["data-status"] == "invalid"


def test_bad_input_in_a_fragment_still_answers_200_with_the_message(
    client: Client, home: Region
) -> None:
    response = client.get(URL, retiree(home, age="x"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "年龄请填整数周岁" in html
    assert 'href="#id_age"' in html


def test_repeated_parameters_use_the_last_value(client: Client, home: Region) -> None:
    response = client.get(f"{URL}?region={home.code}&category=retiree&age=70&age=75")
    assert result_attrs(response.content.decode())["data-monthly"] == "152.50"


def test_post_is_not_allowed(client: Client, home: Region) -> None:
    assert client.post(URL, {"region": home.code}).status_code == 405


def test_home_page_asks_the_first_question(client: Client) -> None:
    # the national facts on the home page are rows, each with source, grade and verification
    checked = NoteFactory(region=None, topic=Topic.ACCOUNT, text="测试全国说明：已核实的一条。")
    unchecked = NoteFactory(
        region=None, topic=Topic.ACCOUNT, text="测试全国说明：待核实的一条。", verified_on=None
    )
    html = client.get("/").content.decode()
    assert html.count("<h1") == 1
    assert 'action="/calculator/"' in html and 'name="region"' in html
    assert '<html lang="zh-CN">' in html
    facts = RegionNote.objects.filter(region__isnull=True, topic="account")
    assert {checked, unchecked} <= set(facts)
    for fact in facts:
        assert fact.text in html and fact.source.title in html
    assert f"（{checked.source.document_number}）" in html
    assert html.count("待核实") >= facts.filter(verified_on__isnull=True).count()
    assert html.count("核实于") == facts.filter(verified_on__isnull=False).count()
    assert "核实于 2026-11-01" in html  # the one an editor checked, on its day


def test_head_requests_are_answered_for_monitoring_and_link_checkers(
    client: Client, home: Region
) -> None:
    response = client.head(URL, retiree(home, age="74"))
    assert response.status_code == 200 and response.content == b""
