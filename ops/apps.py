from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "运行与安全"

    def ready(self) -> None:
        from ops import pagecache

        pagecache.connect_invalidation()
