"""The sitemap (each app lists its own pages in ``<app>/sitemaps.py``) and robots.txt."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from yibao_site.lib.sitemaps import NamedPages


class HomePage(NamedPages):
    priority = 1.0
    names = ("home",)


def collect_sitemaps() -> dict[str, type[Sitemap]]:
    """The home page, then every project app's ``SITEMAPS``, in ``INSTALLED_APPS`` order."""
    found: dict[str, type[Sitemap]] = {"home": HomePage}
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)):
            continue
        try:
            module = import_module(f"{config.name}.sitemaps")
        except ModuleNotFoundError:
            continue
        found |= module.SITEMAPS
    return found


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
