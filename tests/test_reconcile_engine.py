"""The 对账 engine on plain values: every reason that fits, each with its source; no guesses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from calculator.engines.reconcile import (
    AgeCrossing,
    Credit,
    DeductionFact,
    Facts,
    Kind,
    Outcome,
    Question,
    ReformFact,
    reconcile,
)

D = Decimal
RULE_SOURCE = "rule source"
DEDUCTION_SOURCE = "deduction source"
MONTH = dt.date(2026, 11, 1)

BEIJING = Credit(
    method="fixed_monthly",
    source=RULE_SOURCE,
    monthly=D("100"),
    deductions=(DeductionFact("大病互助", D("3"), DEDUCTION_SOURCE),),
    start=dt.date(2022, 9, 1),
    start_label="2022-09-01 起",
    words="69周岁及以下 100 元/月；70周岁及以上 110 元/月",
    region_name="北京市",
    bracket_label="69周岁及以下",
)
BEIJING_70 = Credit(
    method="fixed_monthly",
    source=RULE_SOURCE,
    monthly=D("110"),
    deductions=BEIJING.deductions,
    start=BEIJING.start,
    words=BEIJING.words,
    region_name="北京市",
    bracket_label="70周岁及以上",
)
SHANGHAI = Credit(
    method="fixed_yearly",
    source=RULE_SOURCE,
    monthly=D("140"),
    yearly_amount=D("1680"),
    start=dt.date(2023, 7, 1),
    words="74周岁及以下 1680 元/年",
    region_name="上海市",
)
EMPLOYEE = Credit(
    method="percent_base",
    source=RULE_SOURCE,
    rate=D("2"),
    start=dt.date(2022, 9, 1),
    words="缴费基数的 2%",
    region_name="北京市",
)
ABOUT = Credit(
    method="fixed_monthly",
    source=RULE_SOURCE,
    monthly=D("83"),
    precision="about",
    words="约 83 元/月",
    region_name="武汉市",
)
FORMULA = Credit(
    method="percent_avg_pension",
    source=RULE_SOURCE,
    rate=D("2.8"),
    words="约为当地2021年平均养老金的 2.8%",
    region_name="广东省",
)
OLD = Credit(
    method="fixed_monthly",
    source="old source",
    monthly=D("90"),
    start=dt.date(2025, 1, 1),
    words="90 元/月",
    region_name="某市",
)
NEW = Credit(
    method="fixed_monthly",
    source="new source",
    monthly=D("95"),
    start=dt.date(2026, 3, 1),
    start_label="2026-03-01 起",
    words="95 元/月",
    region_name="某市",
)
POOL = Credit(
    method="fixed_monthly",
    source="pool source",
    monthly=D("120"),
    words="120 元/月（仅省直、省本级单位参保人员）",
    region_name="甘肃省",
)
CITY = Credit(method="fixed_monthly", source=RULE_SOURCE, monthly=D("90"), region_name="兰州市")
REFORM = ReformFact(dt.date(2023, 1, 1), "reform source")


def ask(arrived: str, *, category: str = "retiree", month: dt.date = MONTH) -> Question:
    return Question("某地", category, month, D(arrived), age=69)


@pytest.mark.parametrize(
    ("facts", "arrived", "category", "month", "outcome", "kinds", "sources"),
    [
        # 北京 97: what arrives after the named 3 元 大病互助.
        (
            Facts(BEIJING),
            "97",
            "retiree",
            MONTH,
            Outcome.MATCHES,
            ["deduction"],
            [DEDUCTION_SOURCE],
        ),
        # 北京 100: the credit before the deduction, and we say so.
        (
            Facts(BEIJING),
            "100",
            "retiree",
            MONTH,
            Outcome.MATCHES_CREDIT,
            ["before_deduction"],
            [DEDUCTION_SOURCE],
        ),
        # 北京 107 at 69: the 70+ bracket (crossed this month), less the deduction.
        (
            Facts(BEIJING, crossings=(AgeCrossing(BEIJING_70, 70, False),)),
            "107",
            "retiree",
            MONTH,
            Outcome.EXPLAINED,
            ["age_bracket", "deduction"],
            [RULE_SOURCE, DEDUCTION_SOURCE],
        ),
        # 上海: a yearly amount shows 0 in most months, all of it (or half) in one.
        (Facts(SHANGHAI), "0", "retiree", MONTH, Outcome.EXPLAINED, ["lump_sum"], [RULE_SOURCE]),
        (Facts(SHANGHAI), "1680", "retiree", MONTH, Outcome.EXPLAINED, ["lump_sum"], [RULE_SOURCE]),
        (Facts(SHANGHAI), "840", "retiree", MONTH, Outcome.EXPLAINED, ["lump_sum"], [RULE_SOURCE]),
        (Facts(SHANGHAI), "140", "retiree", MONTH, Outcome.MATCHES, ["match"], [RULE_SOURCE]),
        # An employee: a month without contributions; the base a share would need.
        (Facts(EMPLOYEE), "0", "employee", MONTH, Outcome.EXPLAINED, ["lapse"], [RULE_SOURCE]),
        (Facts(EMPLOYEE), "160", "employee", MONTH, Outcome.EXPLAINED, ["base"], [RULE_SOURCE]),
        # An approximate figure: close counts, far does not.
        (Facts(ABOUT), "80", "retiree", MONTH, Outcome.EXPLAINED, ["estimate"], [RULE_SOURCE]),
        (Facts(ABOUT), "40", "retiree", MONTH, Outcome.UNEXPLAINED, ["no_rule"], [None]),
        # A rule change a few months before: the old value still paid.
        (
            Facts(NEW, previous=OLD),
            "90",
            "retiree",
            MONTH,
            Outcome.EXPLAINED,
            ["rule_change"],
            ["old source"],
        ),
        # … but not years later.
        (
            Facts(NEW, previous=OLD),
            "90",
            "retiree",
            dt.date(2029, 11, 1),
            Outcome.UNEXPLAINED,
            ["no_rule"],
            [None],
        ),
        # The month before a new value starts.
        (
            Facts(OLD, following=NEW),
            "95",
            "retiree",
            dt.date(2026, 2, 1),
            Outcome.EXPLAINED,
            ["rule_change"],
            ["new source"],
        ),
        # A city reader paid the province's 省直 figure.
        (
            Facts(CITY, pool=POOL, pool_name="甘肃省"),
            "120",
            "retiree",
            MONTH,
            Outcome.EXPLAINED,
            ["pool"],
            ["pool source"],
        ),
        # Another sub-group's value.
        (
            Facts(CITY, subgroups=(OLD.__class__(**{**OLD.__dict__, "subgroup": "一档"}),)),
            "90",
            "retiree",
            MONTH,
            Outcome.MATCHES,
            ["match"],
            [RULE_SOURCE],
        ),
        # Before the region's reform: the old local rule, which we do not have.
        (
            Facts(None, no_rule="没有", reform=REFORM),
            "50",
            "retiree",
            dt.date(2022, 6, 1),
            Outcome.EXPLAINED,
            ["reform"],
            ["reform source"],
        ),
        # A formula with no recorded average: nothing to compare with.
        (Facts(FORMULA), "116", "retiree", MONTH, Outcome.NO_FIGURE, ["no_rule"], [None]),
        (
            Facts(None, no_rule="没有标准"),
            "50",
            "retiree",
            MONTH,
            Outcome.NO_FIGURE,
            ["no_rule"],
            [None],
        ),
        # Fits no rule: said, not guessed.
        (Facts(BEIJING), "55", "retiree", MONTH, Outcome.UNEXPLAINED, ["no_rule"], [None]),
    ],
)
def test_reasons_that_fit(
    facts: Facts,
    arrived: str,
    category: str,
    month: dt.date,
    outcome: Outcome,
    kinds: list[str],
    sources: list[object],
) -> None:
    result = reconcile(ask(arrived, category=category, month=month), facts)
    assert result.outcome == outcome
    assert [r.kind for r in result.reasons] == kinds
    assert [r.source for r in result.reasons] == sources


def test_another_subgroup_explains_its_own_amount() -> None:
    other = Credit(
        method="fixed_monthly",
        source="other",
        monthly=D("251"),
        words="251 元/月",
        subgroup="一档参保且已停缴的退休人员",
    )
    result = reconcile(ask("251"), Facts(CITY, subgroups=(other,)))
    assert [r.kind for r in result.reasons] == [Kind.SUBGROUP]
    assert "一档参保且已停缴的退休人员" in result.reasons[0].text


def test_an_older_value_that_pays_the_same_is_not_a_reason() -> None:
    same = Credit(
        method="fixed_yearly",
        source="older",
        monthly=D("140"),
        yearly_amount=D("1680"),
        start=dt.date(2023, 7, 1),
    )
    newer = Credit(**{**SHANGHAI.__dict__, "start": dt.date(2026, 4, 1)})
    result = reconcile(ask("0"), Facts(newer, previous=same))
    assert [r.kind for r in result.reasons] == [Kind.LUMP_SUM]


def test_the_deduction_is_named_with_its_amount() -> None:
    result = reconcile(ask("97"), Facts(BEIJING))
    assert "大病互助 3.00 元" in result.reasons[0].text
    assert result.credited == D("100") and result.expected == D("97")
    assert not result.invite_to_share


def test_unexplained_and_no_figure_invite_readers_to_share() -> None:
    assert reconcile(ask("55"), Facts(BEIJING)).invite_to_share
    assert reconcile(ask("116"), Facts(FORMULA)).invite_to_share


def test_an_approximate_figure_is_never_shown_as_exact() -> None:
    result = reconcile(ask("83"), Facts(ABOUT))
    assert result.outcome == Outcome.MATCHES
    assert "约 83" in result.reasons[0].text and "83.00" not in result.reasons[0].text
    assert result.expected_text == "约 83"
