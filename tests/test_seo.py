"""Around every page: sitemap, robots.txt, titles, descriptions, canonical, OG, JSON-LD."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from faq.models import Article
from guides.models import Guide
from policies.models import Region
from tests import pages

pytestmark = pytest.mark.django_db

PAGES = [
    "/guides/",
    "/guides/balance/",
    "/guides/statements/",
    "/guides/withdrawal/",
    "/guides/family-sharing/",
    "/guides/withdrawal/check/",
    "/guides/withdrawal/check/?scheme=employee&reason=death",
    "/faq/",
    "/faq/balance-zero/",
    "/search/?q=余额",
]


def test_sitemap_lists_guides_articles_regions_and_calculator(client: Client) -> None:
    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response.status_code == 200
    locs = set(re.findall(r"<loc>(.*?)</loc>", xml))
    base = "http://testserver"
    assert f"{base}/calculator/" in locs
    assert f"{base}/guides/withdrawal/check/" in locs
    for guide in Guide.objects.all():
        assert f"{base}{guide.get_absolute_url()}" in locs
    for article in Article.objects.published():
        assert f"{base}{article.get_absolute_url()}" in locs
    regions = list(Region.objects.filter(in_system=True))
    assert len(regions) > 300
    for region in regions:
        assert f"{base}{region.get_absolute_url()}".replace("&", "&amp;") in locs


def test_sitemap_lists_every_public_page_kind_the_site_routes(client: Client) -> None:
    """Found, not listed: every HTML page the resolver and the models know is in the sitemap,
    unless the page itself asks not to be indexed (search results)."""
    locs = set(
        re.findall(
            r"<loc>http://testserver(.*?)</loc>", client.get("/sitemap.xml").content.decode()
        )
    )
    missing = []
    for url in pages.public_pages():
        response = client.get(url)
        if not pages.is_html(response) or response.status_code != 200:
            continue
        if '<meta name="robots" content="noindex' in response.content.decode():
            continue
        if urlsplit(url).path.replace("&", "&amp;") not in locs:
            missing.append(url)
    assert not missing, f"not in the sitemap: {missing}"


def test_sitemap_leaves_out_unpublished_articles(client: Client) -> None:
    Article.objects.filter(slug="anshan-108").update(published=False)
    assert "/faq/anshan-108/" not in client.get("/sitemap.xml").content.decode()


def test_robots_txt_disallows_admin_and_points_at_the_sitemap(client: Client) -> None:
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_its_head_and_one_h1(client: Client, url: str) -> None:
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert '<html lang="zh-CN">' in html
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.strip() and "医保个人账户查询" in title
    assert re.search(r'<meta name="description" content="[^"]{10,}">', html)
    assert '<link rel="canonical" href="http://testserver/' in html
    assert 'property="og:title"' in html and 'property="og:description"' in html
    assert 'property="og:url"' in html
    assert "仅供参考" in html  # the footer disclaimer
    assert 'aria-label="面包屑"' in html


def test_canonical_url_leaves_out_the_region_and_answers() -> None:
    client = Client()
    html = client.get("/guides/balance/?region=310000").content.decode()
    assert '<link rel="canonical" href="http://testserver/guides/balance/">' in html


def jsonld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block, "no JSON-LD"
    return json.loads(block.group(1))


def test_guides_carry_howto_json_ld_with_their_steps(client: Client) -> None:
    data = jsonld(client.get("/guides/balance/").content.decode())
    assert data["@type"] == "HowTo"
    assert data["name"] == "医保个人账户余额怎么查"
    texts = [step["text"] for section in data["step"] for step in section["itemListElement"]]
    assert "拨打 12333，或当地医保服务热线“参保地区号 + 12393”。" in texts


def test_articles_carry_faqpage_json_ld(client: Client) -> None:
    data = jsonld(client.get("/faq/balance-zero/").content.decode())
    assert data["@type"] == "FAQPage"
    assert data["mainEntity"][0]["name"] == "医保余额为什么显示0?"
    assert "账户没有激活" in data["mainEntity"][0]["acceptedAnswer"]["text"]


def test_json_ld_cannot_be_closed_by_content(client: Client) -> None:
    Article.objects.filter(slug="balance-zero").update(title="</script><script>alert(1)</script>")
    html = client.get("/faq/balance-zero/").content.decode()
    head = html.split("</head>")[0]
    assert "<script>alert(1)" not in head
    assert jsonld(html)["mainEntity"][0]["name"] == "</script><script>alert(1)</script>"


def test_no_inline_scripts_other_than_json_ld(client: Client) -> None:
    for url in PAGES:
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script[^>]*>", html):
            assert 'type="application/ld+json"' in tag or "src=" in tag, (url, tag)
        assert not re.search(r"\son[a-z]+=", html), url


def test_print_stylesheet_hides_navigation_and_shows_link_urls(client: Client) -> None:
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text(encoding="utf-8")
    prints = "".join(re.findall(r"@media print\s*{(.*?)\n}", css, re.S))
    assert ".site-header" in prints and "display: none" in prints
    assert "attr(href)" in prints
    assert ".region-picker" in prints or ".no-print" in prints
    html = client.get("/guides/balance/").content.decode()
    assert 'class="region-picker no-print"' in html
