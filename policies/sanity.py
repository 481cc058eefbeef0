"""Is a rule value plausible? Warnings an editor must confirm before saving (pure).

Errors (a negative amount, a rate over 100 %) stay errors in the model and forms; these
are figures that are possible but unusual, so a typo such as 99999 元/月 does not go live
unnoticed: amounts far outside a category's usual band, percentages over 12 %, start
dates before the 1998 employee-insurance reform or more than two years ahead, a move of
more than 50 % against the previous value, and numbers in the reader-facing text that
match none of the structured figures.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from policies.methods import MAX_USUAL_RATE, METHODS, spec

EARLIEST_USUAL = dt.date(1998, 1, 1)
AHEAD_DAYS = 2 * 365
MAX_CHANGE = Decimal("0.5")
NOTE_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(元|%|%)")


@dataclass(frozen=True)
class Figures:
    """The structured parts of a rule value that sanity looks at."""

    category: str
    method: str
    effective_from: dt.date | None
    rate: Decimal | None = None
    amount: Decimal | None = None
    reference_base: Decimal | None = None
    brackets: tuple[tuple[Decimal | None, Decimal | None], ...] = ()  # (rate, amount) each
    note: str = ""
    label: str = ""  # how the previous value is named in a message

    def amounts(self) -> list[Decimal]:
        found = [a for _, a in self.brackets if a is not None]
        return found or ([self.amount] if self.amount is not None else [])

    def rates(self) -> list[Decimal]:
        found = [r for r, _ in self.brackets if r is not None]
        return found or ([self.rate] if self.rate is not None else [])

    def headline(self) -> Decimal | None:
        """The largest figure: what a reader would compare year on year."""
        values = self.amounts() if spec(self.method).is_fixed else self.rates()
        return max(values, default=None)


def plain(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def figure_words(figures: Figures, value: Decimal) -> str:
    method = spec(figures.method)
    if method.is_fixed:
        return f"{plain(value)} {method.unit}"
    return f"{plain(value)}%"


def band_warnings(figures: Figures) -> list[str]:
    warnings = []
    method = spec(figures.method)
    limit = method.usual_maximum(figures.category)
    if method.is_fixed and limit is not None:
        for amount in figures.amounts():
            if amount > limit:
                warnings.append(
                    f"金额 {figure_words(figures, amount)} 远高于常见范围"
                    f"（一般不超过 {figure_words(figures, limit)}），请确认没有多输位数、"
                    "没有把每年金额填成每月。"
                )
    if method.is_percent:
        for rate in figures.rates():
            if rate > MAX_USUAL_RATE:
                warnings.append(
                    f"比例 {plain(rate)}% 超过常见范围（一般不超过 {plain(MAX_USUAL_RATE)}%），"
                    "请确认不是把金额填进了比例。"
                )
    return warnings


def date_warnings(figures: Figures, today: dt.date) -> list[str]:
    start = figures.effective_from
    if start is None:
        return []
    if start < EARLIEST_USUAL:
        return [f"生效日期 {start:%Y-%m-%d} 早于 1998 年职工医保制度建立，请确认年份没有输错。"]
    if start > today + dt.timedelta(days=AHEAD_DAYS):
        return [f"生效日期 {start:%Y-%m-%d} 在两年以后，请确认年份没有输错。"]
    return []


def change_warnings(figures: Figures, previous: Figures | None) -> list[str]:
    if previous is None or spec(figures.method).kind != spec(previous.method).kind:
        return []
    new, old = figures.headline(), previous.headline()
    if new is None or old is None or old == 0:
        return []
    change = (new - old) / old
    if abs(change) <= MAX_CHANGE:
        return []
    direction = "高出" if change > 0 else "低了"
    return [
        f"比上一条（{previous.label}:{figure_words(previous, old)}）{direction} "
        f"{abs(change) * 100:.0f}%，变化超过 50%，请对照来源确认。"
    ]


def note_warnings(figures: Figures) -> list[str]:
    """Numbers with 元 or % in the reader-facing text that no structured figure has."""
    known = set(figures.amounts()) | set(figures.rates())
    for amount in list(known):
        if spec(figures.method).per_year:
            known.add((amount / 12).quantize(Decimal("0.01")))
    if figures.reference_base is not None:
        known.add(figures.reference_base)
    strays = []
    for number, _unit in NOTE_NUMBER.findall(figures.note or ""):
        try:
            value = Decimal(number)
        except InvalidOperation:
            continue
        if value not in known and number not in strays:
            strays.append(number)
    if not strays:
        return []
    return [
        f"“给读者的说明”里的数字 {'、'.join(strays)} 和上面填写的金额或比例对不上；"
        "说明可以留空，网站会按数字自动生成。"
    ]


@dataclass
class Check:
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.warnings


def check(figures: Figures, previous: Figures | None, today: dt.date) -> Check:
    if figures.method not in METHODS or (previous and previous.method not in METHODS):
        return Check()  # an unknown method is the form's error, not a warning
    return Check(
        band_warnings(figures)
        + date_warnings(figures, today)
        + change_warnings(figures, previous)
        + note_warnings(figures)
    )
