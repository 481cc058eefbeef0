"""Region pages: the list marks regions with rules; a region page shows each category's rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from policies.lookup import resolve
from policies.models import AccountRule, Region, Source
from policies.terms import Category, Method
from tests.factories import city, province, rule

pytestmark = pytest.mark.django_db


def test_region_list_marks_regions_with_their_own_rules(client: Client) -> None:
    verified, unverified, bare = city(), city(), province()
    rule(verified, verified_on=dt.date(2026, 11, 1))
    rule(unverified, verified_on=None)
    response = client.get("/regions/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1

    def mark(region: Region) -> str:
        return html.split(f'<a href="/regions/{region.code}/">{region.name}</a>')[1].split("</li>")[
            0
        ]

    assert "有本地标准 · 核实于" in mark(verified) and "2026-11-01" in mark(verified)
    assert "有本地标准 · 待核实" in mark(unverified) and "核实于" not in mark(unverified)
    # A province without its own values promises no fallback.
    assert "暂无本地标准" in html.split(f'<a href="/regions/{bare.code}/">')[1].split("</li>")[0]


def test_region_url_is_the_region_page() -> None:
    assert Region.objects.get(code="420100").get_absolute_url() == "/regions/420100/"


def test_wuhan_page_shows_rule_source_grade_and_history(client: Client) -> None:
    html = client.get("/regions/420100/").content.decode()
    retirees = html.split('id="category-retiree"')[1].split("</section>")[0]
    assert "83 元/月" in retirees
    assert "路透社" in retirees and "媒体报道" in retirees
    assert "待核实" in retirees and "核实于" not in retirees
    assert "2023-02 起 为 约 83 元/月" in retirees
    assert 'href="/calculator/?region=420100&amp;category=retiree"' in retirees
    assert 'href="/guides/balance/?region=420100"' in html


def test_a_new_value_reads_as_a_change_from_the_old_one(client: Client) -> None:
    home = city()
    rule(home, effective_from=dt.date(2023, 2, 1), amount=Decimal("83"))
    rule(home, effective_from=dt.date(2026, 1, 1), amount=Decimal("90"))
    html = client.get(home.get_absolute_url()).content.decode()
    assert "2026-01 起 由 83 元/月 调整为 90 元/月" in html
    assert "现行标准：<strong>90 元/月</strong>" in html
    assert "核实于 2026-11-01" in html


def test_scheduled_change_is_listed_as_upcoming(client: Client) -> None:
    home = province()
    rule(home, effective_from=dt.date(2024, 1, 1), amount=Decimal("120"))
    rule(home, effective_from=dt.date(2099, 1, 1), amount=Decimal("130"))
    html = client.get(home.get_absolute_url()).content.decode()
    upcoming = html.split("<h4>已公布的调整</h4>")[1].split("</ul>")[0]
    assert "2099-01 起 改为 130 元/月" in upcoming
    # A 2024 value read in 2026 says how old its evidence is (issue 19).
    as_of = '现行标准（<span class="as-of">据 2024 年资料</span>）'
    assert as_of + "：<strong>120 元/月</strong>" in html


def test_city_without_own_rule_says_it_follows_its_province(client: Client) -> None:
    home = city()
    rule(home.parent, amount=Decimal("70"))
    html = client.get(home.get_absolute_url()).content.decode()
    assert f"{home.name}没有单独的退休人员标准，沿用{home.parent.name}的标准。" in html
    retirees = html.split('id="category-retiree"')[1].split("</section>")[0]
    assert "<strong>70 元/月</strong>" in retirees.split("现行标准")[1]


def test_city_follows_the_nation_where_nothing_local_is_recorded(client: Client) -> None:
    home = city()
    html = client.get(home.get_absolute_url()).content.decode()
    assert f"{home.name}没有单独的在职职工标准，沿用全国的标准。" in html


def test_brackets_are_described_with_inclusive_ages(client: Client) -> None:
    html = client.get("/regions/110000/").content.decode()
    assert "69周岁及以下 100 元/月；70周岁及以上 110 元/月" in html


@pytest.mark.parametrize("code", ["999999", "abc", "%3Cscript%3E", "1100001"])
def test_unknown_region_is_404(client: Client, code: str) -> None:
    assert client.get(f"/regions/{code}/").status_code == 404


def test_in_memory_lookup_agrees_with_the_queryset_lookup() -> None:
    from policies.lookup import RuleBook

    wuhan = Region.objects.get(code="420100")
    AccountRule.objects.create(
        region=wuhan,
        category=Category.RETIREE,
        effective_from=dt.date(2099, 1, 1),
        method=Method.FIXED_MONTHLY,
        amount=Decimal("95"),
        source=Source.objects.get(title__startswith="路透社"),
        verified_on=dt.date(2026, 11, 1),
    )
    book = RuleBook.load(Category.values)
    regions = [
        None,
        *Region.objects.select_related("parent").filter(code__regex=r"^(11|31|42|44|62)"),
    ]
    for region in regions:
        for category in Category.values:
            # The chain's rows read fresh (an editor's preview path) and the whole book.
            want = resolve(region, category, drafts=True)
            got = book.resolved(region, category)
            assert got == want, (region, category)
            for day in (dt.date(2023, 1, 31), dt.date(2023, 2, 1), dt.date(2026, 11, 22)):
                assert got.history.at(day) == want.history.at(day)


def test_province_page_lists_its_cities_with_marks(client: Client) -> None:
    html = client.get("/regions/420000/").content.decode()
    cities = html.split('id="h-children"')[1]
    assert '<a href="/regions/420100/">武汉市</a> <span class="rule-mark rule-mark-own">' in cities


def test_region_pages_lead_with_retirees(client: Client) -> None:
    """Most readers are retired: their figure comes first, before 在职职工."""
    html = client.get("/regions/110000/").content.decode()
    assert html.index('id="category-retiree"') < html.index('id="category-employee"')
