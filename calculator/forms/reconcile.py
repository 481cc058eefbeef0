"""The 对账 questions: where, who, how old, which month and what arrived."""

from __future__ import annotations

from typing import Any

from django import forms

from calculator.forms.monthly import CalculatorForm
from policies.forms import RegionField
from policies.terms import Category
from yibao_site.lib.forms import (
    MIN_RETIREE_AGE,
    TOO_YOUNG_TO_RETIRE,
    MonthField,
    age_field,
    money_field,
)
from yibao_site.lib.widgets import QuickRadioSelect


class ReconcileForm(forms.Form):
    # The reader's own numbers: an answer using any of them is private (never cached).
    personal_fields: tuple[str, ...] = ("age", "month", "arrived")
    region = RegionField(help_text="医保关系所在的省或城市。")
    category = forms.ChoiceField(
        label="参保身份",
        choices=Category.choices,
        widget=QuickRadioSelect,
        error_messages=CalculatorForm.base_fields["category"].error_messages,
    )
    age = age_field("年龄（周岁）", "按到账那个月的周岁填写。")
    subgroup = forms.CharField(
        label="参保情况",
        required=False,
        max_length=60,
        widget=forms.RadioSelect,
        help_text="这个地区对不同参保情况规定不同，请选择符合您的一项。",
    )
    month = MonthField(
        label="到账月份",
        help_text=(
            "在国家医保服务平台 App 的“个人账户”→“划入明细”里能看到每笔划入的月份。格式：2026-11。"
        ),
    )
    arrived = money_field("这个月实际到账多少元", "填划入明细里这个月的金额，没有到账填 0。")

    # The questions, one a step, in the order they are asked.
    STEPS = ("region", "category", "age", "month", "subgroup", "arrived")

    def __init__(self, *args: Any, subgroups: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subgroups = subgroups
        self.fields["arrived"].required = True
        self.fields["arrived"].error_messages["required"] = (
            "请填写这个月实际到账的金额，没有到账填 0。"
        )
        self.offer_subgroups(subgroups)

    def offer_subgroups(self, labels: tuple[str, ...]) -> None:
        self.subgroups = labels
        self.fields["subgroup"].widget.choices = [(label, label) for label in labels]

    def needs_age(self) -> bool:
        return self.data.get("category") == Category.RETIREE

    def steps(self) -> tuple[str, ...]:
        """The questions this reader is asked (age for retirees; sub-group where there are some)."""
        return tuple(
            name
            for name in self.STEPS
            if (name != "age" or self.needs_age()) and (name != "subgroup" or self.subgroups)
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        category, age = data.get("category"), data.get("age")
        if category == Category.RETIREE and "age" not in self.errors:
            if age is None:
                self.add_error("age", "请填写年龄（周岁）。")
            elif age < MIN_RETIREE_AGE:
                self.add_error("age", TOO_YOUNG_TO_RETIRE)
        if self.subgroups and "subgroup" not in self.errors:
            chosen = data.get("subgroup") or ""
            if chosen not in self.subgroups:
                self.add_error(
                    "subgroup", f"参保情况请从这几项中选一项：{'、'.join(self.subgroups)}。"
                )
        return data
