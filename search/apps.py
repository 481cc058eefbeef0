from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "站内搜索"

    def ready(self) -> None:
        # Each app's ``search_index`` module registers what it contributes to the index.
        autodiscover_modules("search_index")
