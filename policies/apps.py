from django.apps import AppConfig
from django.db.models import signals


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = "地区与划入标准"

    def ready(self) -> None:
        from policies import regions
        from policies.models import Region

        signals.pre_save.connect(regions.fill_pinyin, sender=Region, dispatch_uid="region-pinyin")
