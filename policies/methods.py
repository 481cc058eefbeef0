"""What each way of crediting the account *is*, written once (pure: no Django).

A rule's ``method`` names one entry of ``METHODS``. Everything that depends on the method
reads the entry: the engines (how much a month), the words on every page
(``policies.describe``), the editors' sanity checks and bracket checks, the model's
validation, which questions a calculator asks, and the unit of a reader's report.
Adding a method is one entry here, its arithmetic in ``MethodSpec.monthly``, and a
migration for the new choice (``AccountRule.method`` uses ``Method.choices``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from policies.terms import Category, Method
from yibao_site.lib.formatting import money, num

HUNDRED = Decimal("100")
MONTHS = Decimal("12")


class Kind(enum.StrEnum):
    FIXED = "fixed"  # an amount in 元
    PERCENT = "percent"  # a rate in % of a basis
    NONE = "none"  # no personal account


class Basis(enum.StrEnum):
    """What a percentage is a share of."""

    NONE = ""
    CONTRIBUTION_BASE = "base"  # the reader's own contribution base (an input)
    OWN_PENSION = "pension"  # the reader's own pension (an input)
    AVERAGE_PENSION = "average"  # a recorded regional average (a figure editors enter)


BASIS_LABELS = {
    Basis.CONTRIBUTION_BASE: "缴费基数",
    Basis.OWN_PENSION: "本人养老金",
    Basis.AVERAGE_PENSION: "当地平均养老金",
}
# A reader's own figure, as a reader would name it when asked for it monthly.
READER_BASIS_WORDS = {Basis.CONTRIBUTION_BASE: "月缴费基数", Basis.OWN_PENSION: "每月基本养老金"}


@dataclass(frozen=True)
class MethodSpec:
    method: Method
    kind: Kind
    # A fixed amount given per year (credited as a yearly sum; shown per month ÷ 12).
    per_year: bool = False
    basis: Basis = Basis.NONE
    # The plausible ceiling per category (None: any category) an editor must confirm above.
    usual_max: Mapping[str | None, Decimal] = field(default_factory=dict)
    # The unit of a reader's report that becomes this method ("yuan_month" …; a reported
    # percentage becomes a share of the average pension: its base is the editor's call).
    report_unit: str = ""

    # -- what it needs -------------------------------------------------------------
    @property
    def is_fixed(self) -> bool:
        return self.kind == Kind.FIXED

    @property
    def is_percent(self) -> bool:
        return self.kind == Kind.PERCENT

    @property
    def credits_nothing(self) -> bool:
        return self.kind == Kind.NONE

    @property
    def reader_input(self) -> str | None:
        """The reader's own figure the rule is a share of ("base", "pension"), if any."""
        if self.basis in (Basis.CONTRIBUTION_BASE, Basis.OWN_PENSION):
            return self.basis.value
        return None

    @property
    def reader_basis_words(self) -> str:
        """ "月缴费基数" / "每月基本养老金" for a share of the reader's own figure; else ""."""
        return READER_BASIS_WORDS.get(self.basis, "")

    @property
    def needs_base_limits(self) -> bool:
        return self.basis == Basis.CONTRIBUTION_BASE

    @property
    def needs_average(self) -> bool:
        return self.basis == Basis.AVERAGE_PENSION

    @property
    def basis_label(self) -> str:
        return BASIS_LABELS.get(self.basis, "")

    @property
    def unit(self) -> str:
        if self.kind == Kind.PERCENT:
            return "%"
        return "元/年" if self.per_year else "元/月"

    def usual_maximum(self, category: str) -> Decimal | None:
        return self.usual_max.get(category, self.usual_max.get(None))

    def figure_problems(self, rate: Decimal | None, amount: Decimal | None) -> dict[str, str]:
        """Which figure does not belong to the method (field name → message)."""
        if self.kind == Kind.NONE and (rate is not None or amount is not None):
            return {"method": "“不设个人账户”不需要比例或金额，请清空它们或改选划入方式。"}
        if self.kind == Kind.FIXED and rate is not None:
            return {"rate": "定额方式不填比例，请把金额填在“金额”里。"}
        if self.kind == Kind.PERCENT and amount is not None:
            return {"amount": "按比例的方式不填金额，请把比例填在“比例（%）”里。"}
        return {}

    def missing_figure(self, rate: Decimal | None, amount: Decimal | None) -> str:
        """What is missing for the method to give a figure ("" when nothing is)."""
        if self.kind == Kind.PERCENT and rate is None:
            return "rate"
        if self.kind == Kind.FIXED and amount is None:
            return "amount"
        return ""

    # -- arithmetic ----------------------------------------------------------------
    def monthly(
        self, rate: Decimal | None, amount: Decimal | None, basis: Decimal | None
    ) -> Decimal:
        """The monthly credit (for a yearly amount, its twelfth), to the fen."""
        if self.kind == Kind.NONE:
            return money(Decimal("0"))
        if self.kind == Kind.FIXED:
            assert amount is not None
            return money(amount / MONTHS) if self.per_year else money(amount)
        assert rate is not None and basis is not None
        return money(basis * rate / HUNDRED)

    def yearly(self, amount: Decimal | None, monthly: Decimal) -> Decimal:
        if self.kind == Kind.FIXED and self.per_year:
            assert amount is not None
            return money(amount)
        return money(monthly * MONTHS)

    # -- words -----------------------------------------------------------------------
    def figure(
        self,
        rate: Decimal | None,
        amount: Decimal | None,
        reference: Decimal | None = None,
        year: int | None = None,
        base_words: str = "",
    ) -> str:
        """The figure in words: "100 元/月", "缴费基数的 2%", "当地2022年平均养老金的 3%"."""
        if self.kind == Kind.NONE:
            return "不设个人账户"
        if self.kind == Kind.FIXED:
            if amount is None:
                return "金额或比例未录入"
            if self.per_year:
                return f"{num(amount)} 元/年（月均 {num(money(amount / MONTHS))} 元）"
            return f"{num(amount)} 元/月"
        if rate is None:
            return "金额或比例未录入"
        if self.basis == Basis.AVERAGE_PENSION:
            base = f" {num(reference)} 元" if reference is not None else ""
            if base_words:  # the source's own words for its base
                return f"{base_words}{base}的 {num(rate)}%"
            when = f"{year}年" if year else ""
            return f"当地{when}平均养老金{base}的 {num(rate)}%"
        return f"{self.basis_label}的 {num(rate)}%"

    def nets_per_month(self) -> bool:
        """Whether "what arrives" can be stated per month as credit − deductions."""
        return self.kind == Kind.FIXED and not self.per_year


FIXED_MONTHLY_MAX = {None: Decimal("1000"), Category.RESIDENT: Decimal("50")}
FIXED_YEARLY_MAX = {None: Decimal("12000"), Category.RESIDENT: Decimal("600")}

METHODS: dict[str, MethodSpec] = {
    spec.method: spec
    for spec in (
        MethodSpec(Method.PERCENT_BASE, Kind.PERCENT, basis=Basis.CONTRIBUTION_BASE),
        MethodSpec(
            Method.PERCENT_AVG_PENSION,
            Kind.PERCENT,
            basis=Basis.AVERAGE_PENSION,
            report_unit="percent",
        ),
        MethodSpec(Method.PERCENT_OWN_PENSION, Kind.PERCENT, basis=Basis.OWN_PENSION),
        MethodSpec(
            Method.FIXED_MONTHLY, Kind.FIXED, usual_max=FIXED_MONTHLY_MAX, report_unit="yuan_month"
        ),
        MethodSpec(
            Method.FIXED_YEARLY,
            Kind.FIXED,
            per_year=True,
            usual_max=FIXED_YEARLY_MAX,
            report_unit="yuan_year",
        ),
        MethodSpec(Method.NONE, Kind.NONE),
    )
}

# The highest usual percentage, whatever the basis.
MAX_USUAL_RATE = Decimal("12")


def spec(method: str) -> MethodSpec:
    """The entry for a method code (KeyError for an unknown one: a programming error)."""
    return METHODS[method]


def for_report_unit(unit: str) -> Method | None:
    """The method a reader's reported unit becomes (the first entry with that unit)."""
    return next((s.method for s in METHODS.values() if s.report_unit == unit), None)
