"""Site search: Chinese two-character words, title matches first, highlighting, junk."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from faq.models import Article, Category
from policies.seeding import source
from search.engine import highlight, parse, search
from search.models import Kind

pytestmark = pytest.mark.django_db

# (word, a page that must be found, a page whose title has the word and must rank first)
WORDS = [
    ("共济", "/guides/family-sharing/", "/guides/family-sharing/"),
    ("取出", "/faq/can-i-withdraw/", "/faq/can-i-withdraw/"),
    ("余额", "/guides/balance/", "/guides/balance/"),
    ("流水", "/guides/statements/", "/guides/statements/"),
    ("断缴", "/faq/lapse-back-pay/", "/faq/lapse-back-pay/"),
]


@pytest.mark.parametrize(("word", "must_find", "title_hit"), WORDS)
def test_two_character_words_find_the_right_pages(
    client: Client, word: str, must_find: str, title_hit: str
) -> None:
    response = client.get("/search/", {"q": word})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{must_find}"' in html
    assert f"<mark>{word}</mark>" in html
    results = search(word)
    urls = [hit.document.url for hit in results.hits]
    assert title_hit in urls
    title_matches = [h for h in results.hits if word in h.document.title]
    assert urls[: len(title_matches)] == [h.document.url for h in title_matches]


def test_title_matches_rank_before_text_matches() -> None:
    hits = search("断缴").hits
    in_title = [word_in for word_in in (("断缴" in h.document.title) for h in hits)]
    assert in_title[0] is True
    assert in_title == sorted(in_title, reverse=True)


def test_regions_are_searchable(client: Client) -> None:
    html = client.get("/search/", {"q": "鞍山"}).content.decode()
    assert "<mark>鞍山</mark>" in html
    assert "地区" in html


def test_a_longer_phrase_falls_back_to_its_words() -> None:
    results = search("医保余额怎么查询")
    assert results.hits
    assert "/guides/balance/" in [h.document.url for h in results.hits]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "请输入想找的内容"),
        ("   ", "请输入想找的内容"),
        ("余额怎么查" * 20, "搜索内容太长了"),
        ("!!!@@@###", "没能看懂"),
        ("“”《》,。", "没能看懂"),
        ("zzqqxxyy", "没有找到"),
        ("<script>alert(1)</script>", "没有找到"),
        ("'; DROP TABLE search_searchdocument; --", "没有找到"),
        ("%_%", "没有找到"),
    ],
)
def test_empty_long_and_junk_queries_get_a_friendly_page(
    client: Client, query: str, message: str
) -> None:
    response = client.get("/search/", {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "<script>alert(1)</script>" not in html
    assert html.count("<h1") == 1


def test_percent_and_underscore_are_literal_not_wildcards() -> None:
    assert parse("%_%").ok
    assert search("%").hits == []


def test_highlight_escapes_everything_but_the_mark() -> None:
    assert highlight("<b>余额</b>", ["余额"]) == "&lt;b&gt;<mark>余额</mark>&lt;/b&gt;"


def test_htmx_search_answers_only_the_results(client: Client) -> None:
    response = client.get(
        "/search/", {"q": "余额"}, headers={"HX-Request": "true", "HX-Target": "search-results"}
    )
    html = response.content.decode()
    assert "<h1" not in html and "<mark>余额</mark>" in html
    assert "HX-Request" in response["Vary"]


def test_new_article_is_searchable_once_saved_and_gone_when_unpublished() -> None:
    article = Article.objects.create(
        title="测试用的罕见词语苜蓿",
        slug="test-clover",
        category=Category.objects.first(),
        summary="摘要",
        body="正文",
    )
    article.sources.add(source("seed-000"))
    assert [h.document.url for h in search("苜蓿").hits] == ["/faq/test-clover/"]
    article.published = False
    article.save()
    assert search("苜蓿").hits == []


def test_query_count_does_not_grow_with_articles() -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            search("余额")
        return len(ctx.captured_queries)

    before = queries()
    category = Category.objects.first()
    for n in range(30):
        Article.objects.create(
            title=f"余额问题{n}",
            slug=f"balance-q-{n}",
            category=category,
            summary="余额",
            body="余额",
        )
    assert queries() == before == 1
    assert len(search("余额", kinds=[Kind.ARTICLE]).hits) >= 30
