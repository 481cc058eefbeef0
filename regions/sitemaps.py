from django.contrib.sitemaps import Sitemap

from policies.models import Region
from yibao_site.lib.sitemaps import NamedPages


class RegionPages(NamedPages):
    names = ("regions:regions", "regions:data", "regions:changes")


class RegionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self) -> list[Region]:
        # A list, not a queryset: the paginator counts it without a COUNT(*) query.
        return list(Region.objects.filter(in_system=True).order_by("code"))


SITEMAPS = {"region-pages": RegionPages, "regions": RegionSitemap}
