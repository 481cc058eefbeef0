"""FAQ list and articles: seeded content, sources with grades, sanitised Markdown, admin."""

from __future__ import annotations

import pytest
from django.test import Client

from faq.models import Article, Category
from faq.seeding import ARTICLES
from policies.models import Source

pytestmark = pytest.mark.django_db


def h1_count(html: str) -> int:
    return html.count("<h1")


def test_seed_writes_one_published_article_per_seeded_question() -> None:
    assert len(ARTICLES) >= 20
    assert Article.objects.published().count() == len(ARTICLES)
    for article in Article.objects.prefetch_related("sources"):
        assert article.sources.exists(), f"{article.slug} cites no source"


def test_faq_index_lists_every_category_with_its_articles(client: Client) -> None:
    response = client.get("/faq/")
    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(html) == 1
    for category in Category.objects.all():
        assert category.name in html
    assert "医保余额为什么显示0?" in html
    assert 'href="/faq/balance-zero/"' in html


@pytest.mark.parametrize("spec", ARTICLES, ids=[a["slug"] for a in ARTICLES])
def test_every_seeded_article_renders_with_sources_and_grades(client: Client, spec: dict) -> None:
    response = client.get(f"/faq/{spec['slug']}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(html) == 1
    assert f"<title>{spec['title']}" in html
    assert '"@type":"FAQPage"' in html
    assert 'property="og:title"' in html
    for source in Source.objects.filter(faq_articles__slug=spec["slug"]):
        assert source.title in html
        assert source.get_grade_display() in html


def test_web_sourced_article_is_marked_unverified(client: Client) -> None:
    html = client.get("/faq/anshan-108/").content.decode()
    assert "网络资料（待核实）" in html
    assert "108元" in html


def test_article_links_to_the_guide_and_calculator_it_concerns(client: Client) -> None:
    assert 'href="/guides/balance/"' in client.get("/faq/balance-zero/").content.decode()
    assert 'href="/calculator/"' in client.get("/faq/monthly-credit/").content.decode()


def test_article_shows_related_articles_from_its_category(client: Client) -> None:
    html = client.get("/faq/balance-zero/").content.decode()
    assert "相关问题" in html
    assert 'href="/faq/check-balance/"' in html


def test_unpublished_article_is_not_found(client: Client) -> None:
    Article.objects.filter(slug="anshan-108").update(published=False)
    assert client.get("/faq/anshan-108/").status_code == 404
    assert "108" not in client.get("/faq/").content.decode()


def test_unknown_article_is_404(client: Client) -> None:
    assert client.get("/faq/no-such-thing/").status_code == 404


HOSTILE = """## 标题
<script>alert('x')</script>
<img src="x" onerror="alert(1)">
[点我](javascript:alert(1))
<a href="javascript:alert(2)" onclick="alert(3)">再点</a>
<iframe src="https://evil.example"></iframe>
[正常链接](https://www.nhsa.gov.cn/)
"""


def test_markdown_with_scripts_handlers_and_javascript_links_is_rendered_harmless(
    client: Client,
) -> None:
    article = Article.objects.get(slug="balance-zero")
    article.body = HOSTILE
    article.save()
    html = client.get("/faq/balance-zero/").content.decode()
    body = html.split('class="article-body">', 1)[1].split("</div>", 1)[0]
    assert "<script" not in body
    assert "onerror" not in body and "onclick" not in body
    assert "javascript:" not in body
    assert "<iframe" not in body
    assert "<h2>标题</h2>" in body
    assert '<a href="https://www.nhsa.gov.cn/" rel="noopener nofollow">正常链接</a>' in body


def test_faq_list_filters_with_the_search_engine(client: Client) -> None:
    html = client.get("/faq/", {"q": "共济"}).content.decode()
    assert "医保家庭<mark>共济</mark>怎么绑定" in html
    assert "鞍山" not in html


def test_faq_list_filter_answers_a_fragment_for_htmx(client: Client) -> None:
    response = client.get(
        "/faq/", {"q": "流水"}, headers={"HX-Request": "true", "HX-Target": "faq-results"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" not in html
    assert "<mark>流水</mark>" in html
    assert "HX-Request" in response["Vary"]


def test_admin_pages_render_with_preview(editor_client: Client) -> None:
    article = Article.objects.get(slug="balance-zero")
    for url in (
        "/admin/faq/article/",
        "/admin/faq/article/?published__exact=1&q=余额",
        f"/admin/faq/article/{article.pk}/change/",
        f"/admin/faq/article/{article.pk}/history/",
        "/admin/faq/article/add/",
        "/admin/faq/category/",
    ):
        assert editor_client.get(url).status_code == 200, url
    html = editor_client.get(f"/admin/faq/article/{article.pk}/change/").content.decode()
    assert "faq-preview" in html
    assert "<strong>账户没有激活</strong>" in html


def test_editor_change_is_kept_in_history() -> None:
    article = Article.objects.get(slug="balance-zero")
    article.summary = "编辑改过的回答"
    article.save()
    assert article.history.count() >= 2
    assert article.history.first().summary == "编辑改过的回答"


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("本人缴纳的，\n每月约100元。", "<p>本人缴纳的，每月约100元。</p>"),
        ("## 在职职工\n本人缴纳", "<h2>在职职工</h2>\n<p>本人缴纳</p>"),
        ("第一段\n\n第二段", "<p>第一段</p>\n<p>第二段</p>"),
        ("- 一项\n- 二项", "<ul>\n<li>一项</li>\n<li>二项</li>\n</ul>"),
        ("# 大标题", "<h2>大标题</h2>"),
    ],
)
def test_wrapped_chinese_lines_join_without_a_gap(markdown: str, expected: str) -> None:
    from yibao_site.lib.markdown import render_markdown

    assert str(render_markdown(markdown)) == expected


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("[余额查询指南](/guides/balance/)", '<p><a href="/guides/balance/">余额查询指南</a></p>'),
        (
            "[外站](//evil.example/)",
            '<p><a href="//evil.example/" rel="noopener nofollow">外站</a></p>',
        ),
        (
            "[国家医保局](https://www.nhsa.gov.cn/)",
            '<p><a href="https://www.nhsa.gov.cn/" rel="noopener nofollow">国家医保局</a></p>',
        ),
    ],
)
def test_links_to_our_own_pages_are_followed_and_others_are_not(
    markdown: str, expected: str
) -> None:
    from yibao_site.lib.markdown import render_markdown

    assert str(render_markdown(markdown)) == expected


def test_faq_list_query_count_does_not_grow_with_articles(client: Client, settings) -> None:  # noqa: ANN001
    settings.PAGE_CACHE_SECONDS = 0  # measure the view, not the page cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/faq/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    category = Category.objects.first()
    for n in range(15):
        Article.objects.create(
            title=f"多出来的问题{n}",
            slug=f"extra-{n}",
            category=category,
            summary="摘要",
            body="正文",
        )
    assert count() == before


def test_reseeding_keeps_an_editors_article() -> None:
    import io

    from django.core.management import call_command

    Article.objects.filter(slug="balance-zero").update(title="编辑改过的标题")
    Article.objects.filter(slug="anshan-108").delete()
    call_command("seed", stdout=io.StringIO())
    assert Article.objects.get(slug="balance-zero").title == "编辑改过的标题"
    assert not Article.objects.filter(slug="anshan-108").exists()
