"""Form fields every calculator shares; each carries its own Chinese messages."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from yibao_site.lib.widgets import QuickDateInput, QuickTextInput

MAX_MONEY = Decimal("1000000")
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)


def date_field(label: str, help_text: str) -> forms.DateField:
    """An optional YYYY-MM-DD date (a date picker on phones); see ``checked_date``."""
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text=help_text,
        error_messages={
            "invalid": "日期格式应为 年-月-日，如 2026-01-01，且必须是真实存在的日期。"
        },
        widget=QuickDateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def checked_date(value: dt.date | None) -> dt.date:
    """Today when left empty; otherwise a date within the range the rules can cover."""
    value = value or timezone.localdate()
    if not EARLIEST <= value <= LATEST:
        raise forms.ValidationError("请填写 1990 年到 2100 年之间的日期。")
    return value


class MoneyField(forms.DecimalField):
    """A non-negative amount; "-0" is read as 0 (never shown as "-0.00")."""

    def to_python(self, value: object) -> Decimal | None:
        number = super().to_python(value)
        if number is not None and number.is_zero():
            return number.copy_abs()
        return number


def money_field(label: str, help_text: str) -> forms.DecimalField:
    return MoneyField(
        label=label,
        required=False,
        min_value=Decimal("0"),
        max_value=MAX_MONEY,
        max_digits=9,
        decimal_places=2,
        help_text=help_text,
        error_messages={
            "invalid": "请输入数字金额，如 5000 或 5000.50。",
            "min_value": "金额不能是负数。",
            "max_value": "金额不能超过 1,000,000 元/月，请检查是否多输了位数。",
            "max_digits": "数字太长了，请输入不超过 1,000,000 的金额。",
            "max_decimal_places": "金额最多保留两位小数（分）。",
            "max_whole_digits": "金额不能超过 1,000,000 元/月，请检查是否多输了位数。",
        },
        widget=QuickTextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def count_field(label: str, maximum: int, help_text: str, unit: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=maximum,
        help_text=help_text,
        error_messages={
            "invalid": f"请填整数{unit}数，如 3。",
            "min_value": f"{unit}数不能是负数。",
            "max_value": f"{unit}数不能超过 {maximum}。",
        },
        widget=QuickTextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


# Below these ages an answer would be nonsense (a "retiree" aged 7): the form refuses.
MIN_RETIREE_AGE = 40
MIN_WORKING_AGE = 16
TOO_YOUNG_TO_RETIRE = (
    f"退休人员的年龄不会小于 {MIN_RETIREE_AGE} 周岁，请检查是否填错（按周岁填写，如 65）。"
)
TOO_YOUNG_TO_WORK = f"参加职工医保的在职人员应年满 {MIN_WORKING_AGE} 周岁，请检查是否填错。"


def age_field(label: str, help_text: str) -> forms.IntegerField:
    """An optional age in whole 周岁."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=130,
        help_text=help_text,
        error_messages={
            "invalid": "年龄请填整数周岁，如 65。",
            "min_value": "年龄不能是负数。",
            "max_value": "年龄不能超过 130 周岁。",
        },
        widget=QuickTextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


MONTH = re.compile(r"(\d{4})-(\d{1,2})", re.ASCII)
MONTH_FORMAT = "月份请按 年-月 填写，如 2026-11。"


class MonthField(forms.Field):
    """A month as YYYY-MM, not in the future; ``cleaned_data`` holds its first day."""

    default_error_messages = {"required": "请填写到账的月份。"}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            QuickTextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 8}),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        text = str(value).strip() if value not in self.empty_values else ""
        if not text:
            return None
        found = MONTH.fullmatch(text)
        if not found or not 1 <= int(found.group(2)) <= 12:
            raise forms.ValidationError(MONTH_FORMAT)
        if int(found.group(1)) < EARLIEST.year:
            raise forms.ValidationError("请填写 1990 年以后的月份。")
        month = dt.date(int(found.group(1)), int(found.group(2)), 1)
        if month > timezone.localdate().replace(day=1):
            raise forms.ValidationError("这个月份还没到，请填已经到账的月份。")
        return month

    def prepare_value(self, value: Any) -> Any:
        return f"{value:%Y-%m}" if isinstance(value, dt.date) else value
