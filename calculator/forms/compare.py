"""The comparison's questions; the form owns every check and message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms

from policies.forms import RegionsField
from policies.models import Region
from yibao_site.lib.forms import (
    MIN_RETIREE_AGE,
    TOO_YOUNG_TO_RETIRE,
    age_field,
    checked_date,
    date_field,
    money_field,
)

DEFAULT_AGE = 65
DEFAULT_BASE = Decimal("5000")
MAX_EXTRA_REGIONS = 10


class CompareForm(forms.Form):
    # The reader's own numbers: an answer using any of them is private (never cached).
    personal_fields: tuple[str, ...] = ("age", "base")
    age = age_field(
        "退休人员年龄（周岁）", f"按年龄分档的地区按这个年龄比较，默认 {DEFAULT_AGE} 周岁。"
    )
    base = money_field(
        "在职职工缴费基数（元/月）", f"在职职工按这个缴费基数比较，默认 {DEFAULT_BASE} 元。"
    )
    on = date_field("比较日期", "默认今天。格式：2026-01-01。")
    regions = RegionsField(
        label="再加几个地区（可选）",
        required=False,
        help_text="比如父母或子女所在的城市；没有本地标准的地区按所在省或全国标准显示。",
    )
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[("amount", "按金额从高到低"), ("region", "按地区代码")],
        error_messages={"invalid_choice": "排序只能按金额或按地区。"},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regions"].widget.attrs["size"] = "6"

    def clean_age(self) -> int:
        value = self.cleaned_data.get("age")
        if value is not None and value < MIN_RETIREE_AGE:
            raise forms.ValidationError(TOO_YOUNG_TO_RETIRE)
        return DEFAULT_AGE if value is None else value

    def clean_base(self) -> Decimal:
        value = self.cleaned_data.get("base")
        return DEFAULT_BASE if value is None else value

    def clean_on(self) -> dt.date:
        return checked_date(self.cleaned_data.get("on"))

    def clean_regions(self) -> list[Region]:
        regions = list(self.cleaned_data.get("regions") or [])
        if len(regions) > MAX_EXTRA_REGIONS:
            raise forms.ValidationError(f"最多再加 {MAX_EXTRA_REGIONS} 个地区。")
        return regions

    def clean_sort(self) -> str:
        return self.cleaned_data.get("sort") or "amount"
