"""The monthly calculator's questions. The form owns every check on what a reader typed."""

from __future__ import annotations

from django import forms

from calculator.engines.monthly import Inputs
from policies.forms import RegionField
from policies.terms import Category
from yibao_site.lib.forms import age_field, checked_date, date_field, money_field
from yibao_site.lib.widgets import QuickRadioSelect

# Which answers each category needs before any rule is known; once a rule is found,
# the rule itself says what it needs (``RuleValue.required_inputs``).
DEFAULT_NEEDS: dict[str, tuple[str, ...]] = {
    Category.EMPLOYEE: ("base",),
    Category.FLEXIBLE: ("base",),
    Category.RETIREE: ("age",),
    Category.RESIDENT: (),
}


class CalculatorForm(forms.Form):
    region = RegionField(
        help_text="选择医保关系所在的省或城市。城市没有单独标准时,按所在省的标准。"
    )
    category = forms.ChoiceField(
        label="参保身份",
        choices=Category.choices,
        widget=QuickRadioSelect,
        error_messages={
            "required": "请选择参保身份。",
            "invalid_choice": "参保身份只能是在职职工、退休人员、灵活就业人员或城乡居民。",
        },
    )
    age = age_field("年龄(周岁)", "按计算日期时的周岁填写。")
    base = money_field("缴费基数(元/月)", "单位申报的月缴费基数,通常约等于上年月平均工资。")
    pension = money_field("本人养老金(元/月)", "每月领取的基本养老金。")
    on = date_field("计算日期", "默认今天;填其他日期可查当时或将来的标准。格式:2026-01-01。")

    # The follow-up answers keep their element (value, focus, caret) when htmx swaps the
    # questions and result around them.
    PRESERVED = ("age", "base", "pension")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in self.PRESERVED:
            self.fields[name].widget.attrs["hx-preserve"] = "true"

    def clean_on(self) -> object:
        return checked_date(self.cleaned_data.get("on"))

    def inputs(self) -> Inputs:
        data = self.cleaned_data
        return Inputs(
            category=data["category"],
            on=data["on"],
            age=data.get("age"),
            base=data.get("base"),
            pension=data.get("pension"),
        )
