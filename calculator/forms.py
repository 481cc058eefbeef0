"""The calculator's questions. The form owns every check on what a reader typed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import timezone

from calculator.engine import Inputs
from policies.models import Category, Region, region_choices
from policies.widgets import RegionSelect

MAX_MONEY = Decimal("1000000")
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)

# Which answers each category needs before any rule is known; once a rule is found,
# the rule itself says what it needs (``RuleValue.required_inputs``).
DEFAULT_NEEDS: dict[str, tuple[str, ...]] = {
    Category.EMPLOYEE: ("base",),
    Category.FLEXIBLE: ("base",),
    Category.RETIREE: ("age",),
    Category.RESIDENT: (),
}


def date_field(label: str, help_text: str) -> forms.DateField:
    """An optional YYYY-MM-DD date (a date picker on phones); see ``checked_date``."""
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text=help_text,
        error_messages={"invalid": "日期格式应为 年-月-日,如 2026-01-01,且必须是真实存在的日期。"},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def checked_date(value: dt.date | None) -> dt.date:
    """Today when left empty; otherwise a date within the range the rules can cover."""
    value = value or timezone.localdate()
    if not EARLIEST <= value <= LATEST:
        raise forms.ValidationError("请填写 1990 年到 2100 年之间的日期。")
    return value


def money_field(label: str, help_text: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("0"),
        max_value=MAX_MONEY,
        max_digits=9,
        decimal_places=2,
        help_text=help_text,
        error_messages={
            "invalid": "请输入数字金额,如 5000 或 5000.50。",
            "min_value": "金额不能是负数。",
            "max_value": "金额不能超过 1,000,000 元/月,请检查是否多输了位数。",
            "max_digits": "数字太长了,请输入不超过 1,000,000 的金额。",
            "max_decimal_places": "金额最多保留两位小数(分)。",
            "max_whole_digits": "金额不能超过 1,000,000 元/月,请检查是否多输了位数。",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class CalculatorForm(forms.Form):
    region = forms.ChoiceField(
        label="参保地",
        required=True,
        widget=RegionSelect,
        help_text="选择医保关系所在的省或城市。城市没有单独标准时,按所在省的标准。",
        error_messages={
            "required": "请选择参保地。",
            "invalid_choice": "没有找到这个地区代码,请从列表中选择参保地。",
        },
    )
    category = forms.ChoiceField(
        label="参保身份",
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择参保身份。",
            "invalid_choice": "参保身份只能是在职职工、退休人员、灵活就业人员或城乡居民。",
        },
    )
    age = forms.IntegerField(
        label="年龄(周岁)",
        required=False,
        min_value=0,
        max_value=130,
        help_text="按计算日期时的周岁填写。",
        error_messages={
            "invalid": "年龄请填整数周岁,如 65。",
            "min_value": "年龄不能是负数。",
            "max_value": "年龄不能超过 130 周岁。",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    base = money_field("缴费基数(元/月)", "单位申报的月缴费基数,通常约等于上年月平均工资。")
    pension = money_field("本人养老金(元/月)", "每月领取的基本养老金。")
    on = date_field("计算日期", "默认今天;填其他日期可查当时或将来的标准。格式:2026-01-01。")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "请选择省或城市"), *region_choices()]
        self.region_obj: Region | None = None
        # The follow-up answers keep their element (value, focus, caret) when htmx
        # swaps the questions and result around them.
        for name in ("age", "base", "pension"):
            self.fields[name].widget.attrs["hx-preserve"] = "true"

    def clean_on(self) -> dt.date:
        return checked_date(self.cleaned_data.get("on"))

    def clean_region(self) -> str:
        code = self.cleaned_data["region"]
        self.region_obj = Region.objects.select_related("parent").filter(code=code).first()
        if self.region_obj is None:
            raise forms.ValidationError("没有找到这个地区代码,请从列表中选择参保地。")
        return code

    def inputs(self) -> Inputs:
        data = self.cleaned_data
        return Inputs(
            category=data["category"],
            on=data["on"],
            age=data.get("age"),
            base=data.get("base"),
            pension=data.get("pension"),
        )
