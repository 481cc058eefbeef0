from typing import Any

from django.contrib.sitemaps import Sitemap

from faq.models import Article
from yibao_site.lib.sitemaps import NamedPages


class FaqPages(NamedPages):
    names = ("faq:index",)


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self) -> list[Article]:
        return list(Article.objects.published().only("slug", "updated_on").order_by("pk"))

    def lastmod(self, article: Article) -> Any:
        return article.updated_on


SITEMAPS = {"faq-pages": FaqPages, "faq": ArticleSitemap}
