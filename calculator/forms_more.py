"""Questions for the 大病保险, lapse and projection calculators. Forms own every check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms

from calculator.forms import CalculatorForm, checked_date, date_field, money_field
from policies.models import InsuredGroup, Region, Scheme, region_choices
from policies.widgets import RegionSelect

MAX_COSTS = Decimal("10000000")


def region_field(required: bool, help_text: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label="参保地",
        required=required,
        help_text=help_text,
        widget=RegionSelect,
        error_messages={
            "required": "请选择参保地。",
            "invalid_choice": "没有找到这个地区代码,请从列表中选择参保地。",
        },
    )


def count_field(label: str, maximum: int, help_text: str, unit: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=maximum,
        help_text=help_text,
        error_messages={
            "invalid": f"请填整数{unit}数,如 3。",
            "min_value": f"{unit}数不能是负数。",
            "max_value": f"{unit}数不能超过 {maximum}。",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class RegionMixin:
    """Resolves the chosen region code into ``self.region_obj`` (None when left empty)."""

    region_obj: Region | None = None

    def setup_region(self, empty_label: str) -> None:
        self.fields["region"].choices = [("", empty_label), *region_choices()]  # type: ignore[attr-defined]
        self.region_obj = None

    def clean_region(self) -> str:
        code = self.cleaned_data.get("region") or ""  # type: ignore[attr-defined]
        if code:
            self.region_obj = Region.objects.select_related("parent").filter(code=code).first()
            if self.region_obj is None:
                raise forms.ValidationError("没有找到这个地区代码,请从列表中选择参保地。")
        return code


class CriticalIllnessForm(RegionMixin, forms.Form):
    region = region_field(False, "不选则按全国层面的数字。城市没有单独数字时按所在省。")
    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        help_text="医疗费用发生的年度。",
        error_messages={
            "required": "请填写年度,如 2025。",
            "invalid": "年度请填四位数字,如 2025。",
            "min_value": "年度不能早于 2000 年。",
            "max_value": "年度不能晚于 2100 年。",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    group = forms.ChoiceField(
        label="人群",
        choices=InsuredGroup.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择人群。",
            "invalid_choice": "人群只能是普通参保人或特殊群体。",
        },
    )
    costs = forms.DecimalField(
        label="一年内的合规自付医疗费用(元)",
        min_value=Decimal("0"),
        max_value=MAX_COSTS,
        max_digits=10,
        decimal_places=2,
        help_text="基本医保报销后,个人负担的、属于医保目录范围内的费用,全年累计。",
        error_messages={
            "required": "请填写全年合规自付费用。",
            "invalid": "请输入数字金额,如 20000 或 20000.50。",
            "min_value": "金额不能是负数。",
            "max_value": "金额不能超过 10,000,000 元,请检查是否多输了位数。",
            "max_digits": "数字太长了,请输入不超过 10,000,000 的金额。",
            "max_decimal_places": "金额最多保留两位小数(分)。",
            "max_whole_digits": "金额不能超过 10,000,000 元,请检查是否多输了位数。",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.setup_region("全国层面(不选地区)")


class LapseForm(RegionMixin, forms.Form):
    region = region_field(False, "有地方规定的按地方规定,否则按全国规定。")
    scheme = forms.ChoiceField(
        label="险种",
        choices=Scheme.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择险种。",
            "invalid_choice": "险种只能是职工医保或城乡居民医保。",
        },
    )
    months = count_field("断缴了几个月(职工医保)", 600, "连续没有缴费的月数。", "月")
    years = count_field(
        "断保了几年(城乡居民医保)", 50, "没有参加居民医保的年数;连续参保填 0。", "年"
    )
    backpaid = forms.BooleanField(label="已经补缴(职工医保)", required=False)
    backpaid_years = count_field(
        "补缴了几年(城乡居民医保)", 50, "每补缴一年可以减少一个月的等待期。", "年"
    )
    moving = forms.BooleanField(label="断缴是因为换了参保地(跨地区转移)", required=False)
    exempt = forms.BooleanField(label="新生儿等免于等待期的人群(城乡居民医保)", required=False)
    paid_on = date_field("补缴或参保缴费的日期", "默认今天。等待期从这一天算起。")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.setup_region("全国规定(不选地区)")

    def clean_paid_on(self) -> dt.date:
        return checked_date(self.cleaned_data.get("paid_on"))

    def clean(self) -> dict:
        data = super().clean()
        scheme = data.get("scheme")
        if scheme == Scheme.EMPLOYEE and data.get("months") is None and "months" not in self.errors:
            self.add_error("months", "请填写断缴了几个月,没有断缴填 0。")
        if scheme == Scheme.RESIDENT:
            if data.get("years") is None and "years" not in self.errors:
                self.add_error("years", "请填写断保了几年,连续参保填 0。")
            elif (data.get("backpaid_years") or 0) > (data.get("years") or 0):
                self.add_error("backpaid_years", "补缴年数不能多于断保年数。")
        return data


class ProjectionForm(CalculatorForm):
    balance = money_field("现在的余额(元)", "不填按 0 元计算。")
    years = forms.IntegerField(
        label="往后算几年",
        required=False,
        min_value=1,
        max_value=30,
        help_text="1 到 30 年,默认 5 年。",
        error_messages={
            "invalid": "年数请填整数,如 5。",
            "min_value": "至少算 1 年。",
            "max_value": "最多算 30 年。",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "从哪天起算"
        self.fields["on"].help_text = "默认今天,从这个月开始逐月计算。格式:2026-01-01。"
        self.fields["balance"].error_messages["max_value"] = (
            "余额不能超过 1,000,000 元,请检查是否多输了位数。"
        )
        self.fields["balance"].error_messages["max_whole_digits"] = (
            "余额不能超过 1,000,000 元,请检查是否多输了位数。"
        )
        for name in ("age", "base", "pension"):
            self.fields[name].widget.attrs.pop("hx-preserve", None)

    def clean_balance(self) -> Decimal:
        value = self.cleaned_data.get("balance")
        return Decimal("0") if value is None else value

    def clean_years(self) -> int:
        value = self.cleaned_data.get("years")
        return 5 if value is None else value
