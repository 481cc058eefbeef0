"""断缴与补缴: whether and when reimbursement resumes after a gap (pure).

Employees: a gap of at most ``retro_months`` that is back-paid keeps cover, retroactively,
only where the rule's source says so (``retroactive``); otherwise the answer says the
source is silent. A longer gap, once paid, is followed by a waiting period. Residents (from 2025): a
fixed waiting period, plus a month for each year not insured beyond the first, less a
month for each year back-paid; exempt groups (e.g. newborns) have none.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from policies.terms import NATIONAL
from policies.values import SourceRef
from yibao_site.lib.dates import add_months


class Outcome(enum.StrEnum):
    NO_GAP = "no_gap"
    RETROACTIVE = "retroactive"
    # The source says nothing about this case: the answer says so, and who to ask.
    UNSTATED = "unstated"
    WAITING = "waiting"
    NOT_PAID = "not_paid"
    EXEMPT = "exempt"
    NO_RULE = "no_rule"


@dataclass(frozen=True)
class Rule:
    scheme: str
    waiting_months: int
    source: SourceRef
    verified_on: dt.date
    region_name: str = NATIONAL
    situation_label: str = ""
    retro_months: int | None = None
    # The source states that a gap of at most ``retro_months``, back-paid, is retroactive.
    retroactive: bool = False
    effective_from: dt.date | None = None
    waiting_is_maximum: bool = False
    extra_month_per_year: bool = False
    backpay_reduces: bool = False
    # After this many consecutive years without insurance, the waits stay at least this long.
    long_gap_years: int | None = None
    long_gap_min_months: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Inputs:
    scheme: str
    paid_on: dt.date
    months: int = 0
    years: int = 0
    backpaid: bool = False
    backpaid_years: int = 0
    moving: bool = False
    exempt: bool = False


@dataclass
class Result:
    outcome: Outcome
    inputs: Inputs
    rule: Rule | None = None
    waiting_months: int | None = None
    resumes_on: dt.date | None = None
    headline: str = ""
    steps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def calculate(inputs: Inputs, rule: Rule | None) -> Result:
    if rule is None or (rule.effective_from is not None and inputs.paid_on < rule.effective_from):
        # A rule never answers for a date before it existed.
        return Result(
            Outcome.NO_RULE,
            inputs,
            headline=f"我们没有收录 {inputs.paid_on:%Y-%m-%d} 时适用于这种情况的断缴规定，"
            "请向参保地医保部门咨询。",
        )
    result = _resident(inputs, rule) if inputs.scheme == "resident" else _employee(inputs, rule)
    quiet = (Outcome.NO_GAP, Outcome.EXEMPT, Outcome.UNSTATED)
    if rule.source.grade == "web" and result.outcome not in quiet:
        # A web-grade figure is never stated flatly.
        result.headline = f"网络资料称（待核实）：{result.headline}"
    return result


def _employee(inputs: Inputs, rule: Rule) -> Result:
    result = Result(Outcome.NO_GAP, inputs, rule=rule)
    steps = result.steps
    months = inputs.months
    if months == 0:
        result.headline = "没有断缴，医保待遇照常。"
        return result
    result.warnings.append("断缴期间个人账户里已有的余额一般仍可使用。")
    retro = rule.retro_months if rule.retro_months is not None else 0
    upto = "最长" if rule.waiting_is_maximum else ""
    if months <= retro:
        steps.append(f"断缴 {months} 个月，不超过 {retro} 个月（含 {retro} 个月）。")
        if not rule.retroactive:
            # Say only what the source says: it names no retroactive cover for this gap.
            result.outcome = Outcome.UNSTATED
            result.headline = (
                f"我们收录的资料没有写明断缴 {retro} 个月以内补缴后能否追溯报销，"
                "请向参保地医保部门确认。"
            )
            steps.append("依据的资料对这种情况没有说法，见下面的规定内容。")
            return result
        if inputs.backpaid:
            result.outcome = Outcome.RETROACTIVE
            result.waiting_months = 0
            result.resumes_on = inputs.paid_on
            result.headline = f"断缴不超过 {retro} 个月并已补缴：待遇可以追溯。"
            steps.append("已经补缴：按依据的规定，断缴期间的待遇可以追溯。")
        else:
            result.outcome = Outcome.NOT_PAID
            result.headline = f"还没补缴：尽快补缴（断缴不超过 {retro} 个月），待遇可以追溯。"
            steps.append("没有补缴前，门诊和住院费用一般不能用医保报销。")
        return result

    steps.append(f"断缴 {months} 个月，超过了 {retro} 个月。")
    result.waiting_months = rule.waiting_months
    if inputs.backpaid:
        result.outcome = Outcome.WAITING
        result.resumes_on = add_months(inputs.paid_on, rule.waiting_months)
        result.headline = (
            f"补缴后有{upto} {rule.waiting_months} 个月的等待期，"
            f"预计 {result.resumes_on:%Y-%m-%d} 起恢复报销。"
        )
        steps.append(
            f"从补缴日 {inputs.paid_on:%Y-%m-%d} 起算{upto} {rule.waiting_months} 个月："
            f"{result.resumes_on:%Y-%m-%d}。"
        )
    else:
        result.outcome = Outcome.NOT_PAID
        result.headline = (
            "恢复缴费（或补缴）前不能报销；"
            f"缴费后还要经过{upto} {rule.waiting_months} 个月的等待期。"
        )
        steps.append("等待期从重新缴费或补缴时算起。")
    if rule.waiting_is_maximum:
        result.warnings.append(
            f"全国规定只定了上限（{rule.waiting_months} 个月），"
            "各地可以定得更短，以参保地规定为准。"
        )
    return result


def _resident(inputs: Inputs, rule: Rule) -> Result:
    result = Result(Outcome.NO_GAP, inputs, rule=rule)
    steps = result.steps
    if inputs.exempt:
        result.outcome = Outcome.EXEMPT
        result.waiting_months = 0
        result.resumes_on = inputs.paid_on
        result.headline = "新生儿等人群不设待遇等待期。"
        return result
    years = inputs.years
    if years == 0:
        result.headline = "连续参保、按时续保的，没有等待期。"
        return result
    extra = years - 1 if rule.extra_month_per_year else 0
    steps.append(f"断保 {years} 年：固定等待期 {rule.waiting_months} 个月。")
    if extra:
        steps.append(f"第一年之外又断保 {extra} 年，每年加 1 个月：+{extra} 个月。")
    reduced = min(inputs.backpaid_years, extra) if rule.backpay_reduces else 0
    if inputs.backpaid_years and rule.backpay_reduces:
        steps.append(
            f"补缴 {inputs.backpaid_years} 年，每年减 1 个月，最多减掉加上去的 {extra} 个月："
            f"−{reduced} 个月。"
        )
    total = rule.waiting_months + extra - reduced
    floor = rule.long_gap_min_months
    if rule.long_gap_years and floor and years >= rule.long_gap_years and total < floor:
        steps.append(
            f"连续断保 {years} 年，达到 {rule.long_gap_years} 年及以上："
            f"补缴后等待期合计仍不少于 {floor} 个月，按 {floor} 个月计。"
        )
        total = floor
    result.outcome = Outcome.WAITING
    result.waiting_months = total
    result.resumes_on = add_months(inputs.paid_on, total)
    steps.append(
        f"等待期共 {total} 个月，从参保缴费日 {inputs.paid_on:%Y-%m-%d} 算起，"
        f"到 {result.resumes_on:%Y-%m-%d}。"
    )
    result.headline = (
        f"等待期 {total} 个月，预计 {result.resumes_on:%Y-%m-%d} 起可以报销；等待期内的费用不报销。"
    )
    return result
