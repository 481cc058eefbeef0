"""Answers in words (issue 20): no account says so; an answer without a figure tells the
reader how to see their own credit and how to tell us."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client

from policies.terms import ChannelKind, Method
from tests.factories import LocalChannelFactory, city, rule, yearly_steps_rule

pytestmark = pytest.mark.django_db


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def answer_bar(html: str) -> str:
    return re.search(r'<p id="answer-text"[^>]*>(.*?)</p>', html, re.S).group(1)


def test_no_account_says_so_instead_of_zero(client: Client) -> None:
    home = city(name="无账户市")
    rule(home, method=Method.NONE, amount=None)
    html = page(client, f"/calculator/?region={home.code}&category=retiree")
    assert "不设个人账户" in answer_bar(html)
    assert "0.00" not in answer_bar(html)
    assert "<title>无账户市退休人员不设个人账户" in html
    assert '<p class="amount amount-none"><strong>不设个人账户</strong></p>' in html
    assert "0.00</strong> 元/月" not in html


def test_a_yearly_credit_says_it_is_yearly(client: Client) -> None:
    home = city()
    yearly_steps_rule(home)
    html = page(client, f"/calculator/?region={home.code}&category=retiree&age=70")
    assert "全年 <strong>1620.00</strong> 元（按年定额划入" in html


def test_a_formula_answer_shows_how_to_see_ones_own_credit(client: Client) -> None:
    home = city(name="公式市")
    rule(home, method=Method.PERCENT_AVG_PENSION, amount=None, rate=Decimal("2.8"))
    html = page(client, f"/calculator/?region={home.code}&category=retiree")
    assert 'data-status="formula"' in html
    assert f'href="/guides/balance/?region={home.code}"' in html
    assert f'href="/regions/{home.code}/report/?category=retiree"' in html


def test_no_figure_names_the_local_app_and_hotline_where_known(client: Client) -> None:
    home = city(name="无数市")
    LocalChannelFactory(region=home, kind=ChannelKind.APP, value="无数医保")
    LocalChannelFactory(region=home, kind=ChannelKind.HOTLINE, value="0999-12393")
    html = page(client, f"/calculator/?region={home.code}&category=flexible")
    assert 'data-status="no_rule"' in html
    assert "查一查自己每月实际到账多少" in html
    assert "“无数医保”" in html and "“0999-12393”" in html
    assert f'href="/guides/balance/?region={home.code}"' in html
    assert f'href="/regions/{home.code}/report/?category=flexible"' in html


def test_the_balance_guide_link_opens_for_that_region(client: Client) -> None:
    home = city(name="无数市")
    html = page(client, f"/calculator/?region={home.code}&category=flexible")
    link = re.search(r'href="(/guides/balance/\?region=\d+)"', html).group(1)
    assert "无数市" in page(client, link)
