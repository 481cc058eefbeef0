"""App configurations for third-party apps whose admin headings need Chinese names."""

from axes.apps import AppConfig as AxesAppConfig


class ChineseAxesConfig(AxesAppConfig):
    """django-axes (admin login protection), named in Chinese on the admin index."""

    verbose_name = "登录保护"
