"""The projection's questions: the monthly calculator's, plus balance and years."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from calculator.forms.monthly import CalculatorForm
from yibao_site.lib.forms import money_field


class ProjectionForm(CalculatorForm):
    # The reader's own numbers: an answer using any of them is private (never cached).
    personal_fields: tuple[str, ...] = ("age", "base", "pension", "balance", "years")
    balance = money_field("现在的余额（元）", "不填按 0 元计算。")
    years = forms.IntegerField(
        label="往后算几年",
        required=False,
        min_value=1,
        max_value=30,
        help_text="1 到 30 年，默认 5 年。",
        error_messages={
            "invalid": "年数请填整数，如 5。",
            "min_value": "至少算 1 年。",
            "max_value": "最多算 30 年。",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    PRESERVED = ()
    # Asked only when the region's rules use them (``views.projection.needed_inputs``).
    DETAILS = ("subgroup", "age", "base", "pension")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in ("region", "category"):
            self.fields[name].widget.attrs["class"] = "asks"
        self.fields["on"].label = "从哪天起算"
        self.fields["on"].help_text = "默认今天，从这个月开始逐月计算。格式：2026-01-01。"
        too_much = "余额不能超过 1,000,000 元，请检查是否多输了位数。"
        self.fields["balance"].error_messages["max_value"] = too_much
        self.fields["balance"].error_messages["max_whole_digits"] = too_much

    def clean_balance(self) -> Decimal:
        value = self.cleaned_data.get("balance")
        return Decimal("0") if value is None else value

    def clean_years(self) -> int:
        value = self.cleaned_data.get("years")
        return 5 if value is None else value
