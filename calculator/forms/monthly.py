"""The monthly calculator's questions. The form owns every check on what a reader typed."""

from __future__ import annotations

from django import forms

from calculator.engines.monthly import Inputs
from policies.forms import RegionField
from policies.terms import Category
from yibao_site.lib.forms import (
    MIN_RETIREE_AGE,
    MIN_WORKING_AGE,
    TOO_YOUNG_TO_RETIRE,
    TOO_YOUNG_TO_WORK,
    age_field,
    checked_date,
    date_field,
    money_field,
)
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
    # The reader's own numbers: an answer using any of them is private (never cached).
    personal_fields: tuple[str, ...] = ("age", "base", "pension")
    region = RegionField(
        help_text="选择医保关系所在的省或城市。城市没有单独标准时，按所在省的标准。"
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
    age = age_field("年龄（周岁）", "按计算日期时的周岁填写。")
    base = money_field("缴费基数（元/月）", "单位申报的月缴费基数，通常约等于上年月平均工资。")
    pension = money_field("本人养老金（元/月）", "每月领取的基本养老金。")
    subgroup = forms.CharField(
        label="参保情况",
        required=False,
        max_length=60,
        widget=forms.RadioSelect,
        help_text="这个地区对不同参保情况的退休人员规定不同，请选择符合您的一项。",
    )
    on = date_field("计算日期", "默认今天；填其他日期可查当时或将来的标准。格式：2026-01-01。")

    # The follow-up answers keep their element (value, focus, caret) when htmx swaps the
    # questions and result around them.
    PRESERVED = ("age", "base", "pension")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in self.PRESERVED:
            self.fields[name].widget.attrs["hx-preserve"] = "true"

    def offer_subgroups(self, labels: tuple[str, ...]) -> None:
        """The sub-groups the region's rule distinguishes, as the choices of ``subgroup``."""
        self.fields["subgroup"].widget.choices = [(label, label) for label in labels]

    def check_subgroup(self, labels: tuple[str, ...]) -> bool:
        """False (with a message next to the field) when the reader's sub-group is not one
        of the region's; the answer then asks for it again."""
        chosen = self.cleaned_data.get("subgroup")
        if chosen and labels and chosen not in labels:
            self.add_error("subgroup", f"参保情况只能从这几项中选：{'、'.join(labels)}。")
            return False
        return True

    def clean_on(self) -> object:
        return checked_date(self.cleaned_data.get("on"))

    def clean(self) -> dict:
        data = super().clean()
        age, category = data.get("age"), data.get("category")
        if age is None or "age" in self.errors:
            return data
        if category == Category.RETIREE and age < MIN_RETIREE_AGE:
            self.add_error("age", TOO_YOUNG_TO_RETIRE)
        elif category in (Category.EMPLOYEE, Category.FLEXIBLE) and age < MIN_WORKING_AGE:
            self.add_error("age", TOO_YOUNG_TO_WORK)
        return data

    def inputs(self) -> Inputs:
        data = self.cleaned_data
        return Inputs(
            category=data["category"],
            on=data["on"],
            age=data.get("age"),
            base=data.get("base"),
            pension=data.get("pension"),
            subgroup=data.get("subgroup") or "",
        )
