"""对账: why the amount that arrived differs from what the rule credits.

Pure: the reader's answers and plain facts about the rule values in, every reason that
fits out, each with the source it rests on. ``calculator.lookup.reconcile`` gathers the
facts (the value in force, the neighbouring age bracket, the previous and next values, the
other sub-groups, the province's 省直 pool, the reform date); this module only compares
and words. A reason is given only when a recorded value produces the amount that arrived
(or, for a share of a base we were not told, says which base would); otherwise the answer
is "no rule we have explains it", never a guess.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from policies.methods import METHODS
from policies.terms import Category, Precision
from yibao_site.lib.formatting import num, yuan

CENT = Decimal("0.01")
ZERO = Decimal("0")
MONTHS = Decimal("12")
# A figure its source gives as "约": an amount within this share of it counts as close.
ABOUT_TOLERANCE = Decimal("0.10")
IN_SERVICE = frozenset({Category.EMPLOYEE, Category.FLEXIBLE})
# An older value explains a month only this soon after the change (late or back-dated
# adjustments); a newer one only in the month just before it starts.
RECENT_CHANGE_MONTHS = 12


class Outcome(enum.StrEnum):
    MATCHES = "matches"  # what arrived is what the rule says arrives
    MATCHES_CREDIT = "matches_credit"  # the credit before deduction
    EXPLAINED = "explained"  # differs, and recorded values explain it
    UNEXPLAINED = "unexplained"  # no rule we have explains it
    NO_FIGURE = "no_figure"  # we have no amount to compare with


class Kind(enum.StrEnum):
    MATCH = "match"
    DEDUCTION = "deduction"
    BEFORE_DEDUCTION = "before_deduction"
    LUMP_SUM = "lump_sum"
    AGE_BRACKET = "age_bracket"
    POOL = "pool"
    SUBGROUP = "subgroup"
    RULE_CHANGE = "rule_change"
    REFORM = "reform"
    LAPSE = "lapse"
    BASE = "base"
    ESTIMATE = "estimate"
    NO_RULE = "no_rule"


@dataclass(frozen=True)
class DeductionFact:
    label: str
    amount: Decimal
    source: Any
    verified_on: dt.date | None = None


@dataclass(frozen=True)
class Credit:
    """What one rule value credits this reader per month, as the monthly engine worked it out.

    ``monthly`` is None when the value needs an input the 对账 does not ask (a
    contribution base, an own pension) or is a share of an unrecorded average.
    """

    method: str
    source: Any
    monthly: Decimal | None = None
    verified_on: dt.date | None = None
    precision: str = Precision.EXACT
    rate: Decimal | None = None
    # A fixed yearly value: the amount for the whole year.
    yearly_amount: Decimal | None = None
    deductions: tuple[DeductionFact, ...] = ()
    start: dt.date | None = None
    start_label: str = ""
    # Words for the value, e.g. "69周岁及以下 100 元/月；70周岁及以上 110 元/月".
    words: str = ""
    region_name: str = ""
    bracket_label: str = ""
    subgroup: str = ""

    @property
    def per_year(self) -> bool:
        return METHODS[self.method].per_year

    @property
    def reader_basis(self) -> str:
        """What a share of the reader's own figure is of ("" if none): the 对账 does not ask
        it, so it says which base would give the amount."""
        return METHODS[self.method].reader_basis_words

    def shown(self, value: Decimal | None) -> str:
        """A figure of this value as precisely as its source states it: 约 83, 最多 160.00."""
        if value is None:
            return ""
        if self.precision == Precision.ABOUT:
            return f"约 {num(value)}"
        if self.precision == Precision.AT_MOST:
            return f"最多 {yuan(value)}"
        return yuan(value)

    @property
    def deducted(self) -> Decimal:
        return sum((d.amount for d in self.deductions), ZERO)

    @property
    def net(self) -> Decimal | None:
        return None if self.monthly is None else self.monthly - self.deducted


@dataclass(frozen=True)
class AgeCrossing:
    """The same value for the neighbouring age bracket: the reader is at its edge."""

    credit: Credit
    # The age at which the bracket changes (70 for 北京), and whether the reader has just
    # reached it (True) or reaches it at the next birthday (False).
    boundary: int
    just_reached: bool


@dataclass(frozen=True)
class ReformFact:
    on: dt.date
    source: Any
    verified_on: dt.date | None = None


@dataclass(frozen=True)
class Question:
    region_name: str
    category: str
    month: dt.date
    arrived: Decimal
    age: int | None = None
    subgroup: str = ""


@dataclass(frozen=True)
class Facts:
    current: Credit | None = None
    # Why there is no current value (the monthly answer's words), when there is none.
    no_rule: str = ""
    crossings: tuple[AgeCrossing, ...] = ()
    previous: Credit | None = None
    following: Credit | None = None
    subgroups: tuple[Credit, ...] = ()
    pool: Credit | None = None
    pool_name: str = ""
    reform: ReformFact | None = None


@dataclass(frozen=True)
class Reason:
    kind: str
    text: str
    source: Any = None
    verified_on: dt.date | None = None

    @property
    def label(self) -> str:
        return KIND_LABELS[Kind(self.kind)]


KIND_LABELS = {
    Kind.MATCH: "与标准一致",
    Kind.DEDUCTION: "扣除费用",
    Kind.BEFORE_DEDUCTION: "扣除前的划入金额",
    Kind.LUMP_SUM: "按年或按半年一次划入",
    Kind.AGE_BRACKET: "生日所在月份跨了年龄段",
    Kind.POOL: "省直、省本级参保",
    Kind.SUBGROUP: "参保情况不同",
    Kind.RULE_CHANGE: "标准调整",
    Kind.REFORM: "门诊共济改革前",
    Kind.LAPSE: "当月没有缴费",
    Kind.BASE: "缴费基数",
    Kind.ESTIMATE: "来源给的是约数或上限",
    Kind.NO_RULE: "没有可以解释的规定",
}


@dataclass
class Result:
    outcome: Outcome
    question: Question
    credited: Decimal | None = None
    expected: Decimal | None = None
    reasons: list[Reason] = field(default_factory=list)
    headline: str = ""
    rule_words: str = ""
    current: Credit | None = None

    @property
    def invite_to_share(self) -> bool:
        """Readers whose amount we cannot explain (or cannot check) may tell us what arrived."""
        return self.outcome in (Outcome.UNEXPLAINED, Outcome.NO_FIGURE)

    @property
    def credited_text(self) -> str:
        return self.current.shown(self.credited) if self.current else ""

    @property
    def expected_text(self) -> str:
        return self.current.shown(self.expected) if self.current else ""

    @property
    def arrived_text(self) -> str:
        return yuan(self.question.arrived)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def _same(arrived: Decimal, amount: Decimal | None) -> bool:
    return amount is not None and _cents(arrived) == _cents(amount)


def _close(arrived: Decimal, amount: Decimal | None) -> bool:
    """Within the tolerance of an approximate figure (and not equal to it)."""
    if amount is None or amount <= 0 or _same(arrived, amount):
        return False
    return abs(arrived - amount) <= amount * ABOUT_TOLERANCE


def _cite(kind: Kind, text: str, credit: Credit | None) -> Reason:
    if credit is None:
        return Reason(kind, text)
    return Reason(kind, text, credit.source, credit.verified_on)


def _deduction_reasons(credit: Credit, arrived: Decimal) -> list[Reason]:
    names = "、".join(f"{d.label} {yuan(d.amount)} 元" for d in credit.deductions)
    reasons = [
        Reason(
            Kind.DEDUCTION,
            f"每月划入 {credit.shown(credit.monthly)} 元，扣除{names}，"
            f"实际到账 {credit.shown(credit.net)} 元，"
            f"与您到账的 {yuan(arrived)} 元一致。",
            d.source,
            d.verified_on,
        )
        for d in credit.deductions[:1]
    ]
    for d in credit.deductions[1:]:
        reasons.append(
            Reason(
                Kind.DEDUCTION, f"其中{d.label}每月 {yuan(d.amount)} 元。", d.source, d.verified_on
            )
        )
    return reasons


def _forms(credit: Credit) -> list[tuple[Decimal, str]]:
    """(amount that may arrive in a month, how) under one value: what arrives each month,
    the credit before any deduction, and for a yearly value the lump sums."""
    found: list[tuple[Decimal, str]] = []
    if credit.net is not None:
        found.append((credit.net, "net"))
        if credit.deductions:
            found.append((credit.monthly, "gross"))
    if credit.per_year and credit.yearly_amount is not None:
        found += [
            (credit.yearly_amount, "year"),
            (credit.yearly_amount / 2, "half"),
            (ZERO, "between"),
        ]
    return found


def _lump_text(credit: Credit, how: str, arrived: Decimal) -> str:
    year = f"每年 {num(credit.yearly_amount)} 元"
    if how == "year":
        return (
            f"这条标准是按年定额（{year}）：如果当地一年一次划入，"
            f"划入的那个月到账全年的 {yuan(arrived)} 元。"
        )
    if how == "half":
        return (
            f"这条标准是按年定额（{year}）：如果当地每半年划入一次，"
            f"划入的那个月到账半年的 {yuan(arrived)} 元。"
        )
    return (
        f"这条标准是按年定额（{year}），我们折算成每月 {credit.shown(credit.monthly)} 元"
        "只是为了比较；如果当地按年或每半年一次划入，其他月份到账就是 0 元。"
    )


def _how_reasons(credit: Credit, how: str, arrived: Decimal, *, own: bool) -> list[Reason]:
    """The reasons one way of paying gives (``own``: the reader's own value)."""
    if how == "net" and credit.deductions:
        return _deduction_reasons(credit, arrived)
    if how == "net":
        return (
            [_cite(Kind.MATCH, f"按这条标准每月到账 {credit.shown(credit.net)} 元。", credit)]
            if own
            else []
        )
    if how == "gross":
        names = "、".join(d.label for d in credit.deductions)
        first = credit.deductions[0]
        return [
            Reason(
                Kind.BEFORE_DEDUCTION,
                f"{yuan(arrived)} 元是扣除{names}之前划入的金额；"
                f"扣除 {yuan(credit.deducted)} 元后，每月实际到账 {credit.shown(credit.net)} 元。"
                "您看到的可能是划入明细里的划入额。",
                first.source,
                first.verified_on,
            )
        ]
    return [_cite(Kind.LUMP_SUM, _lump_text(credit, how, arrived), credit)]


def _variants(q: Question, facts: Facts) -> list[tuple[Credit, Reason | None]]:
    """Each value that could apply to the reader, with the reason it would (None: their own)."""
    found: list[tuple[Credit, Reason | None]] = []
    if facts.current is not None:
        found.append((facts.current, None))
    for crossing in facts.crossings:
        c = crossing.credit
        if crossing.just_reached:
            text = (
                f"您刚满 {crossing.boundary} 周岁：如果生日在这个月或之后，或者当地从满岁的次月起"
                f"才按新的年龄段划入，这个月仍按“{c.bracket_label}”一档计算，就是这个数。"
            )
        else:
            text = (
                f"如果您在这个月或之前已满 {crossing.boundary} 周岁，"
                f"就按“{c.bracket_label}”一档计算，就是这个数。"
            )
        text += f"{q.region_name}如何计算生日所在月份，我们还没有资料，请以当地医保部门为准。"
        found.append((c, _cite(Kind.AGE_BRACKET, text, c)))
    if facts.previous is not None and _recent(facts.current, q.month, RECENT_CHANGE_MONTHS):
        c = facts.previous
        since = f"{facts.current.start_label}" if facts.current else "后来"
        text = (
            f"{c.region_name}的标准{since}调整过；调整前（{c.start_label}）的标准是{c.words}。"
            "到账的可能还是按原标准计算的金额。"
        )
        found.append((c, _cite(Kind.RULE_CHANGE, text, c)))
    if facts.following is not None and _recent(facts.following, q.month, 1, ahead=True):
        c = facts.following
        text = f"{c.region_name}的标准{c.start_label}改为{c.words}；到账的可能已经按新标准计算。"
        found.append((c, _cite(Kind.RULE_CHANGE, text, c)))
    for c in facts.subgroups:
        text = f"另一种参保情况的标准是{c.words}：如果您属于“{c.subgroup}”，到账就是这个数。"
        found.append((c, _cite(Kind.SUBGROUP, text, c)))
    if facts.pool is not None:
        c = facts.pool
        where = facts.pool_name or c.region_name
        text = (
            f"{where}另有一条只适用于省直、省本级单位参保人员的标准（{c.words}）。"
            "如果您是在省直、省本级参保的，到账就是这个数。"
        )
        found.append((c, _cite(Kind.POOL, text, c)))
    return found


def _months_between(start: dt.date, month: dt.date) -> int:
    return (month.year - start.year) * 12 + month.month - start.month


def _recent(credit: Credit | None, month: dt.date, within: int, *, ahead: bool = False) -> bool:
    """Whether ``credit`` started at most ``within`` months before the month (``ahead``:
    starts at most that many months after it): a change near enough to explain a month."""
    if credit is None or credit.start is None:
        return False
    gap = _months_between(credit.start, month)
    return -within <= gap <= 0 if ahead else 0 <= gap <= within


def _unique(reasons: Iterable[Reason]) -> list[Reason]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for reason in reasons:
        key = (reason.kind, reason.text)
        if key not in seen:
            seen.add(key)
            kept.append(reason)
    return kept


def _shares(q: Question, credit: Credit) -> list[Reason]:
    """A share of something we did not ask (the contribution base, the own pension): which
    amount of it would give what arrived, and a month without contributions."""
    reasons: list[Reason] = []
    arrived = q.arrived
    if arrived == 0 and q.category in IN_SERVICE:
        reasons.append(
            _cite(
                Kind.LAPSE,
                "在职人员的个人账户来自本人当月缴纳的医保费：这个月没有缴费（断缴、欠缴，或单位没有按时申报缴费），"
                "就不会划入，到账为 0 元。",
                credit,
            )
        )
    rate = credit.rate
    if rate and arrived > 0 and credit.reader_basis:
        base = _cents(arrived * 100 / rate)
        what = credit.reader_basis
        word = "最多 " if credit.precision == Precision.AT_MOST else ""
        text = (
            f"这条标准按{what}的 {word}{num(rate)}% 划入：{yuan(arrived)} 元 ÷ {num(rate)}% = "
            f"{yuan(base)} 元。如果您的{what}是 {yuan(base)} 元，就对得上。"
        )
        if credit.precision == Precision.AT_MOST:
            text += f"这个比例是上限，当地实际比例可能更低，{what}就会比这个数高。"
        reasons.append(_cite(Kind.BASE, text, credit))
    return reasons


def _words_of(credit: Credit | None) -> str:
    if credit is None:
        return ""
    return f"{credit.region_name} {credit.words}（{credit.start_label}）"


def _fitting(q: Question, facts: Facts) -> list[Reason]:
    """Every recorded value and way of paying that gives what arrived. Another value (an
    age bracket, an older rule …) is a reason only where the reader's own value, paid the
    same way, does not already give the amount."""
    own = (
        {how for amount, how in _forms(facts.current) if _same(q.arrived, amount)}
        if (facts.current)
        else set()
    )
    reasons: list[Reason] = []
    for credit, why in _variants(q, facts):
        for amount, how in _forms(credit):
            if not _same(q.arrived, amount) or (why is not None and how in own):
                continue
            if why is not None:
                reasons.append(why)
            if why is not None or how != "net" or credit.deductions:
                reasons += _how_reasons(credit, how, q.arrived, own=why is None)
    return reasons


def _imprecise(q: Question, current: Credit) -> list[Reason]:
    """An approximate figure close to what arrived; a ceiling above it."""
    arrived, net = q.arrived, current.net
    if current.precision == Precision.ABOUT and _close(arrived, net):
        text = (
            f"我们收录的是约数（约 {num(net)} 元）：来源没有给出准确金额，"
            f"您到账的 {yuan(arrived)} 元与它相近。"
        )
        return [_cite(Kind.ESTIMATE, text, current)]
    if current.precision == Precision.AT_MOST and net is not None and ZERO < arrived < net:
        text = f"来源规定的是上限（最多 {yuan(net)} 元），各地可以定得更低。"
        return [_cite(Kind.ESTIMATE, text, current)]
    return []


def _before_reform(q: Question, reform: ReformFact | None) -> list[Reason]:
    if reform is None or q.month >= reform.on.replace(day=1):
        return []
    text = (
        f"{q.region_name}从 {reform.on:%Y-%m-%d} 起实施门诊共济改革；{q.month:%Y-%m} "
        "当时按当地原来的规定划入，我们没有收录原来的规定。"
    )
    return [Reason(Kind.REFORM, text, reform.source, reform.verified_on)]


def _matched(result: Result, current: Credit | None) -> bool:
    """The reader's own value, paid the usual way (or before its deduction)."""
    arrived = result.question.arrived
    if current is None:
        return False
    if _same(arrived, current.net):
        result.outcome = Outcome.MATCHES
        result.reasons = _how_reasons(current, "net", arrived, own=True)
        result.headline = f"到账 {yuan(arrived)} 元与标准一致。"
        return True
    if current.deductions and _same(arrived, current.monthly):
        result.outcome = Outcome.MATCHES_CREDIT
        result.reasons = _how_reasons(current, "gross", arrived, own=True)
        result.headline = f"{yuan(arrived)} 元与扣除前的划入金额一致。"
        return True
    return False


def reconcile(q: Question, facts: Facts) -> Result:
    """Every reason that fits what arrived, each with its source."""
    current = facts.current
    result = Result(Outcome.UNEXPLAINED, q, current=current, rule_words=_words_of(current))
    if current is not None:
        result.credited = current.monthly
        result.expected = current.net
    if _matched(result, current):
        return result

    reasons = _fitting(q, facts)
    if current is not None:
        if current.monthly is None:
            reasons += _shares(q, current)
        reasons += _imprecise(q, current)
    reasons += _before_reform(q, facts.reform)
    result.reasons = _unique(reasons)
    arrived = yuan(q.arrived)
    if result.reasons:
        result.outcome = Outcome.EXPLAINED
        result.headline = f"到账 {arrived} 元，下面这些原因可以解释。"
    elif current is None or (current.monthly is None and not current.reader_basis):
        result.outcome = Outcome.NO_FIGURE
        result.headline = "我们没有可以对照的金额。"
        result.reasons = [Reason(Kind.NO_RULE, facts.no_rule or _no_amount(current))]
    else:
        result.headline = f"到账 {arrived} 元，我们收录的规定解释不了。"
        expected = (
            f"按我们收录的标准，每月应到账 {current.shown(current.net)} 元"
            if current.net is not None
            else "按我们收录的标准"
        )
        text = (
            f"{expected}；扣除费用、按年划入、年龄段、参保情况、标准调整等我们收录的规定，"
            f"都得不出 {arrived} 元。我们不猜测原因，请向当地医保部门查询划入明细。"
        )
        result.reasons = [Reason(Kind.NO_RULE, text)]
    return result


def _no_amount(current: Credit | None) -> str:
    if current is None:
        return "我们没有这个地区、这个身份在该月份适用的标准。"
    return (
        f"这条标准是{current.words}，我们还没有收录算出金额所需的数字，所以没法和您到账的金额对照。"
    )
