from django.apps import AppConfig
from django.db.models import signals


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = "地区与划入标准"

    def ready(self) -> None:
        from policies import channels, lookup, open_data, regions
        from policies.models import (
            AccountRule,
            AgeBracket,
            Deduction,
            LocalChannel,
            ReformDate,
            Region,
            Source,
        )

        signals.post_save.connect(lookup.forget_reform_dates, sender=ReformDate)
        signals.post_delete.connect(lookup.forget_reform_dates, sender=ReformDate)
        signals.pre_save.connect(regions.fill_pinyin, sender=Region, dispatch_uid="region-pinyin")
        for model in (AccountRule, AgeBracket, Deduction, Source, Region):
            signals.post_save.connect(open_data.forget, sender=model)
            signals.post_delete.connect(open_data.forget, sender=model)
        for model in (LocalChannel, Source, Region):
            signals.post_save.connect(channels.forget, sender=model)
            signals.post_delete.connect(channels.forget, sender=model)
