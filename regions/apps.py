from django.apps import AppConfig


class RegionsConfig(AppConfig):
    """Readers' pages about regions: the list, each region's rules, /changes/ with its
    feeds, and the open data (answers layer: reads ``policies``, never the reverse)."""

    name = "regions"
    verbose_name = "各地标准（读者页面）"
