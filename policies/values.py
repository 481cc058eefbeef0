"""Rule values as plain data: what the pure engines compute with and the API serialises.

Rows become these in ``policies.plain``; nothing here touches Django, so engines and
their tests use them directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from policies.terms import (
    NATIONAL,
    Category,
    Method,
    Pool,
    Precision,
    StartPrecision,
    age_range_label,
)
from yibao_site.lib.formatting import num, yuan


def shown(value: Decimal, precision: str) -> str:
    """A money figure as precisely as its source states it: "最多 160.00", "约 250", "140.00"."""
    if precision == Precision.ABOUT:
        return f"约 {num(value)}"
    if precision == Precision.AT_MOST:
        return f"最多 {yuan(value)}"
    return yuan(value)


def weakest(precisions: list[str]) -> str:
    """The precision of a figure built from several values: 约 beats 最多 beats exact."""
    for candidate in (Precision.ABOUT, Precision.AT_MOST):
        if candidate in precisions:
            return candidate
    return Precision.EXACT


@dataclass(frozen=True)
class SourceRef:
    title: str
    grade: str
    grade_label: str
    url: str = ""
    document_number: str = ""
    publisher: str = ""
    published_on: dt.date | None = None
    # Readers get a link only to official sites and named media (an editor's call).
    link_safe: bool = False


@dataclass(frozen=True)
class Bracket:
    """Part of a rule value for an age range (周岁, both ends included)."""

    min_age: int | None
    max_age: int | None
    rate: Decimal | None = None
    amount: Decimal | None = None

    def covers(self, age: int) -> bool:
        if self.min_age is not None and age < self.min_age:
            return False
        return not (self.max_age is not None and age > self.max_age)

    @property
    def label(self) -> str:
        return age_range_label(self.min_age, self.max_age)


@dataclass(frozen=True)
class Deduction:
    """A named monthly premium taken from the credited amount (e.g. 北京 3 元 大病互助)."""

    label: str
    amount: Decimal
    source: SourceRef
    verified_on: dt.date | None = None


@dataclass(frozen=True)
class RuleValue:
    """One dated value of a personal-account rule."""

    method: str
    effective_from: dt.date
    source: SourceRef
    verified_on: dt.date | None
    region_name: str = NATIONAL
    region_code: str = ""
    category: str = ""
    rate: Decimal | None = None
    amount: Decimal | None = None
    reference_base: Decimal | None = None
    brackets: tuple[Bracket, ...] = ()
    precision: str = Precision.EXACT
    start_is_publication_date: bool = False
    start_precision: str = StartPrecision.DAY
    # The year of the regional average pension a percent_avg_pension rule names.
    reference_year: int | None = None
    pool: str = Pool.REGION_WIDE
    # Empty: everyone in the category; else the sub-group it applies to (荆州 统账结合 …).
    subgroup: str = ""
    deductions: tuple[Deduction, ...] = ()
    conflict_note: str = ""
    # The source's own words for the base a percentage applies to, and its 一般/约/左右.
    base_words: str = ""
    qualifier: str = ""
    # Where a recorded regional average pension turned a formula into an amount.
    reference_source: SourceRef | None = None
    note: str = ""
    pk: int | None = None

    @property
    def pool_words(self) -> str:
        """Whom a province's 省直-only value covers, named wherever the value is headlined."""
        return "省直、省本级单位" if self.pool == Pool.PROVINCIAL_UNITS else ""

    @property
    def is_yearly(self) -> bool:
        """Credited once a year: never headlined as "每月划入"."""
        return self.method == Method.FIXED_YEARLY

    @property
    def method_label(self) -> str:
        return Method(self.method).label

    @property
    def precision_word(self) -> str:
        """最多 / 约 / "" — what goes before any figure worked out from this value."""
        return Precision(self.precision).word

    @property
    def category_label(self) -> str:
        return Category(self.category).label if self.category else ""

    @property
    def start_text(self) -> str:
        """The start as precisely as the source states it: 2023-02-01 / 2023-02 / 2023年."""
        if self.start_precision == StartPrecision.YEAR:
            return f"{self.effective_from:%Y}年"
        if self.start_precision == StartPrecision.MONTH:
            return f"{self.effective_from:%Y-%m}"
        return f"{self.effective_from:%Y-%m-%d}"

    @property
    def start_label(self) -> str:
        gap = "" if self.start_precision == StartPrecision.YEAR else " "
        if self.start_is_publication_date:
            return f"至少自 {self.start_text}{gap}起（来源发布日期，实际生效日期待核实）"
        return f"{self.start_text}{gap}起"

    @property
    def start_month(self) -> str:
        prefix = "至少自 " if self.start_is_publication_date else ""
        if self.start_precision == StartPrecision.YEAR:
            return f"{prefix}{self.start_text}起"
        return f"{prefix}{self.effective_from:%Y-%m} 起"

    @property
    def evidence_date(self) -> dt.date:
        """How old the evidence is: the source's date, else the value's own start."""
        return self.source.published_on or self.effective_from

    def as_of(self, on: dt.date) -> str:
        """ "据 2023 年资料" when the source is more than a year older than ``on``; else ""."""
        known = self.evidence_date
        return f"据 {known.year} 年资料" if (on - known).days > 365 else ""

    @property
    def is_formula_only(self) -> bool:
        """A share of the regional average pension whose value we have not recorded."""
        return self.method == Method.PERCENT_AVG_PENSION and self.reference_base is None

    def required_inputs(self) -> tuple[str, ...]:
        needed: list[str] = []
        if self.brackets:
            needed.append("age")
        if self.method == Method.PERCENT_BASE:
            needed.append("base")
        elif self.method == Method.PERCENT_OWN_PENSION:
            needed.append("pension")
        return tuple(needed)


@dataclass(frozen=True)
class BaseLimits:
    """A region's contribution-base floor and ceiling for a year."""

    year: int
    floor: Decimal
    ceiling: Decimal
    source: SourceRef
    verified_on: dt.date | None
