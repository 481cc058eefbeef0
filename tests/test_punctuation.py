"""Pages read as Chinese: no half-width ,:;?!() touching a Chinese character on any rendered
public page, calculator answer, guide, FAQ article, search result or form error."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client

from faq.models import Article
from guides.models import Guide
from tests import pages
from yibao_site.lib.punctuation import fix_text, halfwidth_marks, page_text

pytestmark = pytest.mark.django_db

ANSWERS = [
    "/calculator/?region=310000&category=retiree&age=80",
    "/calculator/?region=440300&category=retiree",
    "/calculator/?region=420100&category=employee&base=8000",
    "/calculator/?region=310000&category=retiree",
    "/calculator/?region=110000&category=resident",
    "/calculator/projection/?region=310000&category=retiree&age=70&years=5",
    "/calculator/critical-illness/?region=&year=2025&group=ordinary&costs=30000",
    "/calculator/critical-illness/?region=&year=2025&group=special&costs=3000",
    "/calculator/lapse/?region=&scheme=employee&months=5&backpaid=on",
    "/calculator/lapse/?region=&scheme=resident&years=5&backpaid_years=4",
    "/guides/withdrawal/check/?scheme=employee&reason=death",
    "/guides/balance/?region=310000",
    "/compare/?age=75&regions=429004",
    "/search/?q=取钱",
    "/search/?q=上海退休",
    "/faq/?q=余额",
    *(
        "/calculator/reconcile/?" + query
        for query in (
            "region=110000&category=retiree&age=69&month=2026-11&arrived=97",
            "region=110000&category=retiree&age=69&month=2026-11&arrived=100",
            "region=110000&category=retiree&age=69&month=2026-11&arrived=107",
            "region=110000&category=retiree&age=70&month=2026-11&arrived=97",
            "region=110000&category=retiree&age=69&month=2026-11&arrived=55",
            "region=310000&category=retiree&age=70&month=2026-11&arrived=0",
            "region=310000&category=retiree&age=74&month=2026-11&arrived=1890",
            "region=440100&category=retiree&age=70&month=2026-11&arrived=116",
            "region=620100&category=retiree&age=66&month=2026-11&arrived=120",
            "region=420100&category=retiree&age=66&month=2026-11&arrived=80",
            "region=420100&category=employee&month=2022-06&arrived=150",
            "region=110000&category=employee&month=2026-11&arrived=0",
            "region=110000&category=employee&month=2026-11&arrived=160",
            "region=110000&category=retiree&age=69&month=2010-11&arrived=100",
        )
    ),
]


def urls_to_scan(client: Client) -> list[str]:
    urls = [u for u in pages.public_pages() if not u.startswith("/sitemap")]
    urls += [g.get_absolute_url() for g in Guide.objects.all()]
    urls += [a.get_absolute_url() for a in Article.objects.published()]
    urls += ANSWERS
    for form in pages.site_forms(client, urls[:40]):
        if form.method == "get":
            urls.append(f"{form.action}?{urlencode(dict.fromkeys(form.names, ''))}")
    return list(dict.fromkeys(urls))


def test_rendered_pages_use_full_width_punctuation_next_to_chinese(client: Client) -> None:
    problems = []
    for url in urls_to_scan(client):
        response = client.get(url)
        if response.status_code != 200 or not pages.is_html(response):
            continue
        for mark in halfwidth_marks(page_text(response.content.decode())):
            problems.append(f"{url}: {mark}")
    assert not problems, f"{len(problems)} half-width marks:\n" + "\n".join(problems[:80])


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("多少,要看", "多少\uff0c要看"),
        ("格式:2026-01-01", "格式\uff1a2026-01-01"),
        ("(约)", "\uff08约\uff09"),
        ("比例(%)", "比例\uff08%\uff09"),
        ("能取吗?", "能取吗\uff1f"),
        ("1,000,000 元", "1,000,000 元"),
        ("见 https://example.org/a?x=1,2 说明", "见 https://example.org/a?x=1,2 说明"),
        ("Version 2 (beta): ok", "Version 2 (beta): ok"),
        # A Markdown link's target is syntax, not text: "[指南](/guides/)" stays a link.
        (
            "见[余额查询指南](/guides/balance/)。(注)",
            "见[余额查询指南](/guides/balance/)。\uff08注\uff09",
        ),
    ],
)
def test_the_fixer_changes_only_marks_touching_chinese(text: str, fixed: str) -> None:
    assert fix_text(text) == fixed
    assert halfwidth_marks(fixed) == []


def test_code_and_urls_on_a_page_are_not_chinese_text() -> None:
    html = '<p>代码<code>a(b),c</code>见<a href="/x?a=1,2">这里</a></p><pre>中(文)</pre>'
    assert halfwidth_marks(page_text(html)) == []
    assert halfwidth_marks(page_text('<p title="说明,看这里">x</p>'))
