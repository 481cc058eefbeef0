"""Search in readers' words: the calculators, everyday synonyms, traditional characters,
and a region named together with a topic."""

from __future__ import annotations

import pytest
from django.test import Client

from search.engine import search, simplified, variants

pytestmark = pytest.mark.django_db


def urls(query: str) -> list[str]:
    return [hit.document.url for hit in search(query).hits]


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("计算器", "/calculator/"),
        ("划入", "/calculator/"),
        ("退休", "/calculator/"),
        ("返钱", "/calculator/"),
        ("打钱", "/calculator/"),
        ("大病", "/calculator/critical-illness/"),
        ("断缴", "/calculator/lapse/"),
    ],
)
def test_the_calculators_are_found(query: str, page: str) -> None:
    assert page in urls(query)


def test_searching_calculator_lists_every_calculator_first(client: Client) -> None:
    html = client.get("/search/", {"q": "计算器"}).content.decode()
    assert 'href="/calculator/"' in html and "<mark>计算器</mark>" in html
    kinds = [hit.document.kind for hit in search("计算器").hits]
    assert kinds[:4] == ["tool"] * 4


@pytest.mark.parametrize("query", ["取钱", "提现", "取出", "医保取钱"])
def test_everyday_words_for_withdrawal_find_the_withdrawal_guide(query: str) -> None:
    assert "/guides/withdrawal/" in urls(query)


def test_synonyms_are_highlighted_as_the_site_word(client: Client) -> None:
    html = client.get("/search/", {"q": "取钱"}).content.decode()
    assert "<mark>提取</mark>" in html or "<mark>取钱</mark>" in html
    assert variants("医保取钱") == ("医保取钱", "医保提取")


@pytest.mark.parametrize(
    ("typed", "folded"), [("余額", "余额"), ("醫保卡", "医保卡"), ("提現", "提现")]
)
def test_traditional_characters_are_folded_to_simplified(typed: str, folded: str) -> None:
    assert simplified(typed) == folded
    assert urls(typed) == urls(folded)


def test_traditional_balance_finds_balance_content() -> None:
    assert "/guides/balance/" in urls("余額")


@pytest.mark.parametrize("query", ["上海退休", "上海 退休", "上海市退休人员"])
def test_a_region_and_a_topic_list_the_region_page_first(query: str) -> None:
    found = urls(query)
    assert found[0] == "/regions/310000/"
    assert any(
        "上海" in hit.document.title and hit.document.kind == "article"
        for hit in search(query).hits[1:3]
    )


def test_a_region_with_a_topic_stays_within_the_query_budget(
    client: Client,
    django_assert_max_num_queries,  # noqa: ANN001
) -> None:
    with django_assert_max_num_queries(4):
        response = client.get("/search/", {"q": "广州余额"})
    assert 'href="/regions/440100/"' in response.content.decode()
