"""The 大病保险 calculator's questions."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from calculator.engines.critical_illness import Inputs
from policies.forms import RegionField
from policies.terms import InsuredGroup
from yibao_site.lib.widgets import QuickRadioSelect

MAX_COSTS = Decimal("10000000")


class CriticalIllnessForm(forms.Form):
    # The reader's own numbers: an answer using any of them is private (never cached).
    personal_fields: tuple[str, ...] = ("costs",)
    region = RegionField(
        required=False,
        empty_label="全国层面（不选地区）",
        help_text="不选则按全国层面的数字。城市没有单独数字时按所在省。",
    )
    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        help_text="医疗费用发生的年度。",
        error_messages={
            "required": "请填写年度，如 2025。",
            "invalid": "年度请填四位数字，如 2025。",
            "min_value": "年度不能早于 2000 年。",
            "max_value": "年度不能晚于 2100 年。",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    group = forms.ChoiceField(
        label="人群",
        choices=InsuredGroup.choices,
        widget=QuickRadioSelect,
        error_messages={
            "required": "请选择人群。",
            "invalid_choice": "人群只能是普通参保人或特殊群体。",
        },
    )
    costs = forms.DecimalField(
        label="一年内的合规自付医疗费用（元）",
        min_value=Decimal("0"),
        max_value=MAX_COSTS,
        max_digits=10,
        decimal_places=2,
        help_text="基本医保报销后，个人负担的、属于医保目录范围内的费用，全年累计。",
        error_messages={
            "required": "请填写全年合规自付费用。",
            "invalid": "请输入数字金额，如 20000 或 20000.50。",
            "min_value": "金额不能是负数。",
            "max_value": "金额不能超过 10,000,000 元，请检查是否多输了位数。",
            "max_digits": "数字太长了，请输入不超过 10,000,000 的金额。",
            "max_decimal_places": "金额最多保留两位小数（分）。",
            "max_whole_digits": "金额不能超过 10,000,000 元，请检查是否多输了位数。",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    def inputs(self) -> Inputs:
        data = self.cleaned_data
        return Inputs(data["year"], data["group"], data["costs"])
