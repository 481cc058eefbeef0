"""The lapse (断缴) calculator's questions."""

from __future__ import annotations

import datetime as dt

from django import forms

from calculator.engines.lapse import Inputs
from policies.forms import RegionField
from policies.terms import Scheme
from yibao_site.lib.forms import checked_date, count_field, date_field
from yibao_site.lib.widgets import QuickRadioSelect


class LapseForm(forms.Form):
    # The reader's own numbers: an answer using any of them is private (never cached).
    personal_fields: tuple[str, ...] = ("months", "years", "backpaid_years", "paid_on")
    region = RegionField(
        required=False,
        empty_label="全国规定（不选地区）",
        help_text="有地方规定的按地方规定，否则按全国规定。",
    )
    scheme = forms.ChoiceField(
        label="险种",
        choices=Scheme.choices,
        widget=QuickRadioSelect,
        error_messages={
            "required": "请选择险种。",
            "invalid_choice": "险种只能是职工医保或城乡居民医保。",
        },
    )
    months = count_field("断缴了几个月（职工医保）", 600, "连续没有缴费的月数。", "月")
    years = count_field(
        "断保了几年（城乡居民医保）", 50, "没有参加居民医保的年数；连续参保填 0。", "年"
    )
    backpaid = forms.BooleanField(label="已经补缴（职工医保）", required=False)
    backpaid_years = count_field(
        "补缴了几年（城乡居民医保）", 50, "每补缴一年可以减少一个月的等待期。", "年"
    )
    moving = forms.BooleanField(label="断缴是因为换了参保地（跨地区转移）", required=False)
    exempt = forms.BooleanField(label="新生儿等免于等待期的人群（城乡居民医保）", required=False)
    paid_on = date_field("补缴或参保缴费的日期", "默认今天。等待期从这一天算起。")

    def clean_paid_on(self) -> dt.date:
        return checked_date(self.cleaned_data.get("paid_on"))

    # The questions each scheme uses; the page shows only the chosen scheme's.
    SCHEME_FIELDS = {
        Scheme.EMPLOYEE: ("months", "moving", "backpaid"),
        Scheme.RESIDENT: ("years", "backpaid_years", "exempt"),
    }
    REQUIRED = {Scheme.EMPLOYEE: "months", Scheme.RESIDENT: "years"}
    MISSING_LABELS = {"months": "断缴了几个月", "years": "断保了几年"}

    def __init__(self, *args: object, step_by_step: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # On the page, a question not asked yet (the reader just chose the scheme) gets no
        # error but "还差一步"; the JSON API (step_by_step=False) wants every answer at once.
        self.step_by_step = step_by_step
        self.missing: list[str] = []
        for name in ("region", "scheme"):
            self.fields[name].widget.attrs["class"] = "asks"

    @property
    def chosen_scheme(self) -> str:
        """The chosen scheme (employee until the reader picks one)."""
        value = self.data.get("scheme") if self.is_bound else self.initial.get("scheme")
        return Scheme.RESIDENT if value == Scheme.RESIDENT else Scheme.EMPLOYEE

    def clean(self) -> dict:
        data = super().clean()
        scheme = data.get("scheme")
        needed = self.REQUIRED.get(scheme or "")
        if needed and data.get(needed) is None and needed not in self.errors:
            if needed in self.data or not self.step_by_step:
                message = {
                    "months": "请填写断缴了几个月，没有断缴填 0。",
                    "years": "请填写断保了几年，连续参保填 0。",
                }[needed]
                self.add_error(needed, message)
            else:
                self.missing.append(self.MISSING_LABELS[needed])
        years = data.get("years")
        if (
            scheme == Scheme.RESIDENT
            and years is not None
            and (data.get("backpaid_years") or 0) > years
        ):
            self.add_error("backpaid_years", "补缴年数不能多于断保年数。")
        return data

    def inputs(self) -> Inputs:
        data = self.cleaned_data
        return Inputs(
            scheme=data["scheme"],
            paid_on=data["paid_on"],
            months=data.get("months") or 0,
            years=data.get("years") or 0,
            backpaid=data.get("backpaid", False),
            backpaid_years=data.get("backpaid_years") or 0,
            moving=data.get("moving", False),
            exempt=data.get("exempt", False),
        )
