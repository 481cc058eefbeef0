from django.apps import AppConfig
from django.db.models import signals


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = "地区与划入标准"

    def ready(self) -> None:
        from policies import open_data, regions
        from policies.models import AccountRule, AgeBracket, Region, Source

        signals.pre_save.connect(regions.fill_pinyin, sender=Region, dispatch_uid="region-pinyin")
        for model in (Region,):
            signals.post_save.connect(regions.forget_region_choices, sender=model)
            signals.post_delete.connect(regions.forget_region_choices, sender=model)
        for model in (AccountRule, AgeBracket, Source, Region):
            signals.post_save.connect(open_data.forget, sender=model)
            signals.post_delete.connect(open_data.forget, sender=model)
