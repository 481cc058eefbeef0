"""Search-engine plumbing: sitemap sections, robots.txt and JSON-LD.

Sitemap sections return lists, not querysets, so the paginator counts without a
``COUNT(*)`` query: the whole sitemap is one query per section.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from faq.models import Article
from guides.models import Guide
from policies.models import Region


class StaticSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> list[str]:
        return [
            "home",
            "calculator:monthly",
            "faq:index",
            "guides:index",
            "guides:withdrawal_check",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class GuideSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.9

    def items(self) -> list[Guide]:
        return list(Guide.objects.annotate(last_change=Max("changes__changed_on")).order_by("pk"))

    def lastmod(self, guide: Guide) -> Any:
        return guide.last_change


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self) -> list[Article]:
        return list(Article.objects.published().only("slug", "updated_on").order_by("pk"))

    def lastmod(self, article: Article) -> Any:
        return article.updated_on


class RegionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self) -> list[Region]:
        return list(Region.objects.order_by("code"))


SITEMAPS = {
    "pages": StaticSitemap,
    "guides": GuideSitemap,
    "faq": ArticleSitemap,
    "regions": RegionSitemap,
}


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def ld_json(data: dict[str, Any]) -> SafeString:
    """A JSON-LD block; <, > and & are escaped so the text can never close the script."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
