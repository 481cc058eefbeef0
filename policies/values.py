"""Rule values as plain data: what the pure engines compute with and the API serialises.

Rows become these in ``policies.plain``; nothing here touches Django, so engines and
their tests use them directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, TypeVar

from policies.methods import METHODS, MethodSpec
from policies.terms import (
    NATIONAL,
    Category,
    Method,
    Pool,
    Precision,
    StartPrecision,
    age_range_label,
)
from yibao_site.lib.dates import add_months
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
        return self.spec.per_year

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
        return self.spec.needs_average and self.reference_base is None

    @property
    def spec(self) -> MethodSpec:
        """What the method is (``policies.methods``)."""
        return METHODS[self.method]

    def bracket_for(self, age: int | None) -> Bracket | None:
        """The age bracket covering ``age``; None without brackets, age or a covering one."""
        if age is None:
            return None
        return next((b for b in self.brackets if b.covers(age)), None)

    def figures(self, bracket: Bracket | None) -> tuple[Decimal | None, Decimal | None]:
        """(rate, amount) of ``bracket``, or of the value itself without one."""
        return (bracket.rate, bracket.amount) if bracket else (self.rate, self.amount)

    @property
    def deducted(self) -> Decimal:
        """What the deductions take from the credit each month, together."""
        return sum((d.amount for d in self.deductions), Decimal("0"))

    def required_inputs(self) -> tuple[str, ...]:
        """The reader's figures this value needs: age for brackets, then the method's own."""
        needed = ["age"] if self.brackets else []
        if self.spec.reader_input:
            needed.append(self.spec.reader_input)
        return tuple(needed)


@dataclass(frozen=True)
class BaseLimits:
    """A region's contribution-base floor and ceiling for a year, from ``starts_on``."""

    year: int
    floor: Decimal
    ceiling: Decimal
    source: SourceRef
    verified_on: dt.date | None
    starts_on: dt.date | None = None


class Dated(Protocol):
    @property
    def starts_on(self) -> dt.date: ...


D = TypeVar("D", bound=Dated)


def in_force(rows: Sequence[D], day: dt.date) -> D | None:
    """Of a level's yearly limits (oldest first), the one covering ``day``: from its start
    until the next one's start, at most 12 months (never carried into a later year)."""
    for i, row in enumerate(rows):
        start = row.starts_on
        end = add_months(start, 12)
        if i + 1 < len(rows):
            end = min(end, rows[i + 1].starts_on)
        if start <= day < end:
            return row
    return None


@dataclass(frozen=True)
class History:
    """A rule's dated values, oldest first; each is in force until the next one starts
    (OpenFisca-style: no end dates). ``at(day)`` is the one way to read it at a date."""

    values: tuple[RuleValue, ...] = ()

    def at(self, day: dt.date) -> RuleValue | None:
        current = None
        for value in self.values:
            if value.effective_from <= day:
                current = value
        return current

    def after(self, day: dt.date) -> tuple[RuleValue, ...]:
        return tuple(v for v in self.values if v.effective_from > day)

    def until(self, day: dt.date) -> tuple[RuleValue, ...]:
        return tuple(v for v in self.values if v.effective_from <= day)

    @property
    def first(self) -> RuleValue | None:
        return self.values[0] if self.values else None

    def __bool__(self) -> bool:
        return bool(self.values)


@dataclass(frozen=True)
class Resolved:
    """Everything an answer about one region and category needs, as plain values.

    Built by ``policies.lookup.resolve`` (the only code that decides which rows apply:
    the deciding level, its pool and sub-group); every page, feed, API and file reads
    figures from this. Dates are chosen with ``history.at(day)``.
    """

    category: str
    region_code: str = ""
    region_name: str = ""
    # The level whose values decide ("" and NATIONAL for the national level).
    level_code: str = ""
    level_name: str = ""
    # The deciding level's values that apply to the reader (pool and sub-group chosen).
    history: History = History()
    # The sub-groups the deciding level distinguishes, and the one these values are for.
    subgroups: tuple[str, ...] = ()
    subgroup: str = ""
    # For a city: its province's 省直/省本级 values, which its readers do not inherit.
    provincial_pool: History = History()
    provincial_pool_of: str = ""
    # When the 门诊共济 reform took effect for the region (None: no record).
    reform_from: dt.date | None = None
    # Dated contribution-base limits of each level of the chain (the region first),
    # where the values need them.
    limits: tuple[tuple[BaseLimits, ...], ...] = ()

    @property
    def found_any(self) -> bool:
        return bool(self.history)

    @property
    def inherited(self) -> bool:
        """Whether the deciding level is above the region (a province's or national value)."""
        return self.found_any and self.level_code != self.region_code

    @property
    def why(self) -> str:
        """Which level decides, in words, when it is above the region ("" otherwise)."""
        if not self.inherited:
            return ""
        label = Category(self.category).label if self.category else ""
        return f"{self.region_name}没有单独的{label}标准，沿用{self.level_name}的标准。"

    def limits_on(self, day: dt.date) -> BaseLimits | None:
        """The limits in force on ``day``: the region's, else the nearest level above's."""
        for rows in self.limits:
            found = in_force(rows, day)
            if found is not None:
                return found
        return None
