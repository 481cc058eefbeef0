"""App configurations for third-party apps whose admin headings need Chinese names."""

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
