from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from guides.models import Guide
from yibao_site.lib.sitemaps import NamedPages


class GuidePages(NamedPages):
    names = ("guides:index", "guides:withdrawal_check")


class GuideSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.9

    def items(self) -> list[Guide]:
        return list(Guide.objects.annotate(last_change=Max("changes__changed_on")).order_by("pk"))

    def lastmod(self, guide: Guide) -> Any:
        return guide.last_change


SITEMAPS = {"guide-pages": GuidePages, "guides": GuideSitemap}
