"""The report form: what a reader knows about their local figure, and where it is written."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import URLValidator

from policies.terms import Category
from reports.models import Report, Unit
from yibao_site.lib.forms import (
    EARLIEST,
    LATEST,
    MIN_RETIREE_AGE,
    TOO_YOUNG_TO_RETIRE,
    MonthField,
    age_field,
    date_field,
    money_field,
)

HONEYPOT = "website"
WEB_URL = URLValidator(schemes=["http", "https"], message="来源链接请以 http:// 或 https:// 开头。")


class ReportForm(forms.ModelForm):
    category = forms.ChoiceField(
        label="参保身份",
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择参保身份。",
            "invalid_choice": "请从列表中选择参保身份。",
        },
    )
    amount = forms.DecimalField(
        label="金额或比例",
        min_value=Decimal("0"),
        max_value=Decimal("1000000"),
        max_digits=9,
        decimal_places=2,
        help_text="只填数字，如 120；单位在下一题选。",
        error_messages={
            "required": "请填写金额或比例。",
            "invalid": "请填数字，如 120 或 2.5。",
            "min_value": "不能是负数。",
            "max_value": "数字太大了，请检查是否多输了位数。",
            "max_digits": "数字太长了，请检查是否多输了位数。",
            "max_whole_digits": "数字太大了，请检查是否多输了位数。",
            "max_decimal_places": "最多保留两位小数。",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    unit = forms.ChoiceField(
        label="单位",
        choices=Unit.choices,
        error_messages={"required": "请选择单位。", "invalid_choice": "请从列表中选择单位。"},
    )
    effective_from = date_field("从哪天开始执行（知道的话）", "不知道可以不填。")
    source_url = forms.CharField(
        label="文件或报道的链接",
        required=False,
        max_length=500,
        help_text="医保局网站上的通知、政府文件或新闻报道的网址。",
        error_messages={"max_length": "链接太长了（最多 500 个字符）。"},
        widget=forms.URLInput(attrs={"autocomplete": "off"}),
    )
    document_number = forms.CharField(
        label="文号",
        required=False,
        max_length=100,
        help_text="没有链接时填文件的文号，如“沪医保规〔2023〕5号”。链接和文号至少填一项。",
        error_messages={"max_length": "文号太长了（最多 100 个字）。"},
    )
    note = forms.CharField(
        label="补充说明（可不填）",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "补充说明最多 1000 个字。"},
    )
    contact = forms.CharField(
        label="联系方式（可不填）",
        required=False,
        max_length=100,
        help_text="只用于编辑向您核实，不会公开。",
        error_messages={"max_length": "联系方式最多 100 个字。"},
    )
    website = forms.CharField(
        label="请不要填写这一项",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = Report
        fields = [
            "category",
            "amount",
            "unit",
            "effective_from",
            "source_url",
            "document_number",
            "note",
            "contact",
        ]

    @property
    def is_spam(self) -> bool:
        """The hidden field only a robot fills in."""
        return bool(self.data.get(HONEYPOT))

    def clean_source_url(self) -> str:
        value = (self.cleaned_data.get("source_url") or "").strip()
        if value:
            WEB_URL(value)
        return value

    def clean_effective_from(self) -> Any:
        value = self.cleaned_data.get("effective_from")
        if value is not None and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError("请填写 1990 年到 2100 年之间的日期。")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        no_source = not data.get("source_url") and not (data.get("document_number") or "").strip()
        if no_source and "source_url" not in self.errors:
            self.add_error("source_url", "请填写文件或报道的链接，或者文件的文号（至少一项）。")
        if data.get("unit") == Unit.PERCENT and (data.get("amount") or 0) > 100:
            self.add_error("amount", "比例不能超过 100。")
        return data


# Readers share what arrived only where the amount is the same for everyone in a group:
# an in-service worker's credit is a share of their own contribution base.
SHARED_CATEGORIES = (Category.RETIREE, Category.RESIDENT)


class ArrivedForm(forms.Form):
    """What arrived in the reader's account in one month: no document, no name."""

    category = forms.ChoiceField(
        label="参保身份",
        choices=[(c.value, c.label) for c in SHARED_CATEGORIES],
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择参保身份。",
            "invalid_choice": "目前只收集退休人员和城乡居民的到账金额，请从列表中选择。",
        },
    )
    age = age_field("年龄（周岁）", "退休人员填到账那个月的周岁。")
    month = MonthField(label="到账月份", help_text="格式：2026-11。")
    amount = money_field("这个月实际到账多少元", "划入明细里这个月的金额，没有到账填 0。")
    website = forms.CharField(
        label="请不要填写这一项",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].required = True
        self.fields["amount"].error_messages["required"] = "请填写这个月实际到账的金额。"

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("category") == Category.RETIREE and "age" not in self.errors:
            age = data.get("age")
            if age is None:
                self.add_error("age", "请填写年龄（周岁）。")
            elif age < MIN_RETIREE_AGE:
                self.add_error("age", TOO_YOUNG_TO_RETIRE)
        return data
