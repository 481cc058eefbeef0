"""大病保险: compliant self-paid costs for a year in, reimbursement estimate out (pure).

The deductible works on "超过": costs exactly at the threshold are not over it
(Civil Code art. 1259), so nothing is reimbursed until the costs exceed it. Each
band applies its rate to the part of the amount above the threshold that falls in
[lower, upper] of the band.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from decimal import Decimal

from policies.values import SourceRef
from yibao_site.lib.formatting import money, num, yuan


class Status(enum.StrEnum):
    OK = "ok"
    # Only someone else's example figures are known: the working is shown, as an example,
    # never as this region's answer.
    EXAMPLE = "example"
    NO_RULE = "no_rule"


SPECIAL_GROUP = "special"
NO_CAP_FOR_SPECIAL = (
    "低保对象、特困人员和返贫致贫人口的大病保险取消了封顶线（国办发〔2021〕42号，"
    "本站还没有核对原文），所以这里不按封顶线计算。"
)


@dataclass(frozen=True)
class Band:
    lower: Decimal
    upper: Decimal | None
    rate: Decimal
    source: SourceRef
    verified_on: dt.date


@dataclass(frozen=True)
class Rule:
    year: int
    group: str
    group_label: str
    threshold: Decimal
    bands: tuple[Band, ...]
    source: SourceRef
    verified_on: dt.date
    region_name: str
    is_example: bool = False
    cap: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class Inputs:
    year: int
    group: str
    costs: Decimal


@dataclass
class Result:
    status: Status
    inputs: Inputs
    rule: Rule | None = None
    over: bool = False
    excess: Decimal | None = None
    reimbursement: Decimal | None = None
    self_paid: Decimal | None = None
    steps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    message: str = ""

    @property
    def is_example(self) -> bool:
        return self.status == Status.EXAMPLE


def calculate(inputs: Inputs, rule: Rule | None, *, no_rule_reason: str = "") -> Result:
    if rule is None:
        return Result(Status.NO_RULE, inputs, message=no_rule_reason)
    status = Status.EXAMPLE if rule.is_example else Status.OK
    result = Result(status, inputs, rule=rule)
    steps, warnings = result.steps, result.warnings
    threshold = rule.threshold
    costs = money(inputs.costs)
    if rule.is_example:
        result.message = (
            "我们还没有这个地区的大病保险起付线，所以算不出您能报多少。下面先说全国规定；"
            "再用一篇网络文章里的示例数字演示算法：那是别处的数字，文章没有写明地区，"
            "不能当作您所在地的标准。"
        )
    if costs <= threshold:
        result.over = False
        result.excess = money(Decimal("0"))
        result.reimbursement = money(Decimal("0"))
        result.self_paid = costs
        if costs == threshold:
            steps.append(
                f"合规自付费用 {yuan(costs)} 元正好等于起付线 {num(threshold)} 元；"
                "要“超过”起付线才报销，所以这一年大病保险不报销。"
            )
        else:
            steps.append(
                f"合规自付费用 {yuan(costs)} 元没有超过起付线 {num(threshold)} 元，"
                f"还差 {yuan(threshold - costs)} 元，大病保险不报销。"
            )
        return result

    excess = money(costs - threshold)
    result.over = True
    result.excess = excess
    steps.append(f"超过起付线的部分：{yuan(costs)} − {num(threshold)} = {yuan(excess)} 元。")
    total = Decimal("0")
    for band in rule.bands:
        if excess <= band.lower:
            continue
        top = excess if band.upper is None else min(excess, band.upper)
        part = top - band.lower
        paid = money(part * band.rate / Decimal("100"))
        total += paid
        where = (
            f"{num(band.lower)} 元以上部分"
            if band.upper is None
            else f"{num(band.lower)}–{num(band.upper)} 元部分"
        )
        steps.append(f"{where} {yuan(part)} 元 × {num(band.rate)}% = {yuan(paid)} 元。")
    if not rule.bands:
        warnings.append("这条起付线还没有录入报销比例，无法估算报销金额。")
    total = money(total)
    if inputs.group == SPECIAL_GROUP:
        warnings.append(NO_CAP_FOR_SPECIAL)
    elif rule.cap is not None and total > rule.cap:
        steps.append(f"超过年度最高支付限额 {num(rule.cap)} 元，按限额计。")
        total = money(rule.cap)
    elif rule.cap is None:
        warnings.append("我们没有这一地区的年度最高支付限额；实际报销不会超过当地限额。")
    result.reimbursement = total
    result.self_paid = money(costs - total)
    if rule.is_example:
        steps.append(
            f"按这个示例的数字算，大病保险报销 {yuan(total)} 元，"
            f"自己负担 {yuan(result.self_paid)} 元；您所在地的数字可能不同。"
        )
    else:
        steps.append(
            f"估计大病保险报销 {yuan(total)} 元，自己还要负担 {yuan(result.self_paid)} 元。"
        )
    return result
