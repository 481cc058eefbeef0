"""The comparison's questions; the form owns every check and message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms

from calculator.forms import checked_date, date_field, money_field
from policies.models import Region, region_choices

DEFAULT_AGE = 65
DEFAULT_BASE = Decimal("5000")
MAX_EXTRA_REGIONS = 10


class CompareForm(forms.Form):
    age = forms.IntegerField(
        label="退休人员年龄(周岁)",
        required=False,
        min_value=0,
        max_value=130,
        help_text=f"按年龄分档的地区按这个年龄比较,默认 {DEFAULT_AGE} 周岁。",
        error_messages={
            "invalid": "年龄请填整数周岁,如 65。",
            "min_value": "年龄不能是负数。",
            "max_value": "年龄不能超过 130 周岁。",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    base = money_field(
        "在职职工缴费基数(元/月)", f"在职职工按这个缴费基数比较,默认 {DEFAULT_BASE} 元。"
    )
    on = date_field("比较日期", "默认今天。格式:2026-01-01。")
    regions = forms.MultipleChoiceField(
        label="再加几个地区(可选)",
        required=False,
        help_text="比如父母或子女所在的城市;没有本地标准的地区按所在省或全国默认显示。",
        error_messages={"invalid_choice": "没有找到地区代码“%(value)s”,请从列表中选择。"},
    )
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[("amount", "按金额从高到低"), ("region", "按地区代码")],
        error_messages={"invalid_choice": "排序只能按金额或按地区。"},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regions"].choices = region_choices()
        self.fields["regions"].widget.attrs["size"] = "6"

    def clean_age(self) -> int:
        value = self.cleaned_data.get("age")
        return DEFAULT_AGE if value is None else value

    def clean_base(self) -> Decimal:
        value = self.cleaned_data.get("base")
        return DEFAULT_BASE if value is None else value

    def clean_on(self) -> dt.date:
        return checked_date(self.cleaned_data.get("on"))

    def clean_regions(self) -> list[Region]:
        codes = self.cleaned_data.get("regions") or []
        if len(codes) > MAX_EXTRA_REGIONS:
            raise forms.ValidationError(f"最多再加 {MAX_EXTRA_REGIONS} 个地区。")
        return list(Region.objects.filter(code__in=codes).select_related("parent"))

    def clean_sort(self) -> str:
        return self.cleaned_data.get("sort") or "amount"
