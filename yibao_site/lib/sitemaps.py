"""A sitemap section of pages known by URL name (each app lists its own)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class NamedPages(Sitemap):
    """Pages without parameters; subclasses set ``names``."""

    changefreq = "weekly"
    priority = 0.8
    names: tuple[str, ...] = ()

    def items(self) -> list[str]:
        return list(self.names)

    def location(self, item: str) -> str:
        return reverse(item)
