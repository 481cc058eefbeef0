from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "站内搜索"

    def ready(self) -> None:
        from search import signals  # noqa: F401 - connects the index updaters
