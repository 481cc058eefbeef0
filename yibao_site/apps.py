"""App configurations for third-party apps whose admin headings need Chinese names."""

from pathlib import Path

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class ChineseAxesConfig(AxesAppConfig):
    """django-axes (admin login protection), named in Chinese on the admin index."""

    verbose_name = "登录保护"


class SiteConfig(AppConfig):
    """The project itself as an app: its management commands (``seed``, which loads every
    app's seed content) live here, above the apps whose content they load."""

    name = "yibao_site"
    verbose_name = "网站"

    def ready(self) -> None:
        from django.utils.autoreload import file_changed

        file_changed.connect(template_edited, dispatch_uid="yibao-template-edited")


def template_edited(sender: object, file_path: Path, **kwargs: object) -> None:
    """``runserver`` saw a file change: after a template edit, the site furniture and
    template fragments are dropped so the next request shows it (Django itself reloads the
    templates without a restart). Development renders exactly as production otherwise."""
    if file_path.suffix != ".html":
        return
    from django.core.cache import caches

    for alias in ("site_furniture", "template_fragments"):
        caches[alias].clear()
