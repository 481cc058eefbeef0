"""The pure engine, table-driven: every figure in DOMAIN.md and both sides of each boundary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from calculator.engines.monthly import Inputs, Status, calculate
from policies.values import BaseLimits, Bracket, Deduction, RuleValue, SourceRef

WEB = SourceRef("seed 002", "web", "网络资料（待核实）")
OFFICIAL = SourceRef("国办发〔2021〕14号", "official", "官方文件")
MEDIA = SourceRef("Reuters 2023-02-15", "media", "媒体报道")
VERIFIED = dt.date(2026, 11, 22)
ON = dt.date(2026, 11, 22)
D = Decimal


def rule(method: str, **kwargs: object) -> RuleValue:
    kwargs.setdefault("effective_from", dt.date(2025, 4, 25))
    kwargs.setdefault("source", WEB)
    return RuleValue(method=method, verified_on=VERIFIED, **kwargs)  # type: ignore[arg-type]


BEIJING = rule(
    "fixed_monthly",
    region_name="北京市",
    brackets=(Bracket(None, 69, amount=D("100")), Bracket(70, None, amount=D("110"))),
)
SHANGHAI = rule(
    "fixed_yearly",
    region_name="上海市",
    brackets=(Bracket(None, 74, amount=D("1680")), Bracket(75, None, amount=D("1890"))),
)
SHENZHEN = rule("fixed_monthly", region_name="深圳市", amount=D("250"), precision="about")
GANSU = rule("fixed_monthly", region_name="甘肃省", amount=D("120"))
WUHAN = rule(
    "fixed_monthly",
    region_name="武汉市",
    amount=D("83"),
    effective_from=dt.date(2023, 2, 1),
    source=MEDIA,
)
AVG_PENSION_EXAMPLE = rule("percent_avg_pension", rate=D("3"), reference_base=D("3700"))
NATIONAL_EMPLOYEE = rule(
    "percent_base", rate=D("2"), effective_from=dt.date(2021, 4, 22), source=OFFICIAL
)
OWN_PENSION = rule("percent_own_pension", rate=D("2.5"))
RESIDENT_NONE = rule("none")


def retiree(age: int | None = None, **kw: object) -> Inputs:
    return Inputs("retiree", ON, age=age, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "value", "inputs", "monthly", "yearly"),
    [
        ("北京 69 周岁，不满70", BEIJING, retiree(69), "100.00", "1200.00"),
        ("北京 70 周岁，70及以上", BEIJING, retiree(70), "110.00", "1320.00"),
        ("北京 90 周岁", BEIJING, retiree(90), "110.00", "1320.00"),
        ("上海 74 周岁及以下", SHANGHAI, retiree(74), "140.00", "1680.00"),
        ("上海 75 周岁及以上", SHANGHAI, retiree(75), "157.50", "1890.00"),
        ("上海 60 周岁", SHANGHAI, retiree(60), "140.00", "1680.00"),
        ("深圳 约250", SHENZHEN, retiree(65), "250.00", "3000.00"),
        ("甘肃 120 不分年龄", GANSU, retiree(), "120.00", "1440.00"),
        ("武汉 83", WUHAN, retiree(), "83.00", "996.00"),
        ("平均养老金3700×3%", AVG_PENSION_EXAMPLE, retiree(), "111.00", "1332.00"),
        (
            "在职 基数5000×2%",
            NATIONAL_EMPLOYEE,
            Inputs("employee", ON, base=D("5000")),
            "100.00",
            "1200.00",
        ),
        (
            "在职 分到分 四舍五入",
            NATIONAL_EMPLOYEE,
            Inputs("employee", ON, base=D("4567.89")),
            "91.36",
            "1096.32",
        ),
        ("本人养老金 4000×2.5%", OWN_PENSION, retiree(pension=D("4000")), "100.00", "1200.00"),
        ("城乡居民 不设账户", RESIDENT_NONE, Inputs("resident", ON), "0.00", "0.00"),
    ],
)
def test_domain_figures(
    name: str, value: RuleValue, inputs: Inputs, monthly: str, yearly: str
) -> None:
    result = calculate(inputs, value)
    assert result.monthly is not None, name
    assert f"{result.monthly:.2f}" == monthly, name
    assert f"{result.yearly:.2f}" == yearly, name


def test_shanghai_yearly_working_is_explained_in_words() -> None:
    result = calculate(retiree(74), SHANGHAI)
    assert result.steps == [
        "年龄 74 周岁，适用“74周岁及以下”这一档。",
        "每年定额 1680 元 ÷ 12 = 140.00 元/月。",
    ]


def test_employee_working_names_base_and_rate() -> None:
    result = calculate(Inputs("employee", ON, base=D("5000")), NATIONAL_EMPLOYEE)
    assert "缴费基数 5000 元 × 2% = 100.00 元/月。" in result.steps


def test_avg_pension_working_names_the_regional_average() -> None:
    result = calculate(retiree(), AVG_PENSION_EXAMPLE)
    assert "当地平均养老金 3700 元 × 3% = 111.00 元/月。" in result.steps


def test_next_bracket_is_announced_before_75() -> None:
    result = calculate(retiree(74), SHANGHAI)
    assert result.upcoming == ["年满75周岁后每月157.50元。"]


def test_no_next_bracket_in_the_last_bracket() -> None:
    assert calculate(retiree(75), SHANGHAI).upcoming == []


def test_beijing_announces_the_step_at_70() -> None:
    assert calculate(retiree(69), BEIJING).upcoming == ["年满70周岁后每月110.00元。"]


def test_later_dated_value_is_announced() -> None:
    later = rule("fixed_monthly", amount=D("130"), effective_from=dt.date(2027, 1, 1))
    result = calculate(retiree(), GANSU, later=[later])
    assert result.upcoming == ["2027-01-01 起每月130.00元（按新标准）。"]


def test_later_value_without_account_is_announced() -> None:
    later = rule("none", effective_from=dt.date(2027, 1, 1))
    result = calculate(retiree(), GANSU, later=[later])
    assert result.upcoming == ["2027-01-01 起不再划入个人账户。"]


def test_age_bracket_rule_without_age_asks_for_it() -> None:
    result = calculate(retiree(None), SHANGHAI)
    assert result.status == Status.NEEDS_INPUT
    assert result.missing == ("age",)
    assert result.monthly is None
    assert "年龄" in result.message


def test_percent_base_without_base_asks_for_it() -> None:
    result = calculate(Inputs("employee", ON), NATIONAL_EMPLOYEE)
    assert result.status == Status.NEEDS_INPUT
    assert result.missing == ("base",)


def test_own_pension_rule_asks_for_pension() -> None:
    assert calculate(retiree(), OWN_PENSION).missing == ("pension",)


def test_no_rule_gives_no_amount_and_says_why() -> None:
    result = calculate(retiree(70), None, no_rule_reason="没有资料")
    assert result.status == Status.NO_RULE
    assert result.monthly is None
    assert result.message == "没有资料"


def test_no_account_category_is_zero_with_status() -> None:
    result = calculate(Inputs("resident", ON), RESIDENT_NONE)
    assert result.status == Status.NO_ACCOUNT
    assert result.steps == ["该类别不设个人账户，没有钱划入个人账户。"]


def test_age_outside_every_bracket_is_not_guessed() -> None:
    only_old = rule("fixed_monthly", brackets=(Bracket(60, None, amount=D("100")),))
    result = calculate(retiree(55), only_old)
    assert result.monthly is None
    assert result.status == Status.NO_RULE
    assert "55 周岁不在其中" in result.message


def test_approximate_source_warns() -> None:
    assert any("约数" in w for w in calculate(retiree(), SHENZHEN).warnings)


def test_publication_date_start_warns() -> None:
    value = rule("fixed_monthly", amount=D("120"), start_is_publication_date=True)
    assert any("发布日期" in w for w in calculate(retiree(), value).warnings)


LIMITS = BaseLimits(2026, D("3000"), D("15000"), OFFICIAL, VERIFIED)


@pytest.mark.parametrize(
    ("base", "monthly", "clamped"),
    [
        ("2999.99", "60.00", "下限"),
        ("3000", "60.00", None),
        ("15000", "300.00", None),
        ("15000.01", "300.00", "上限"),
        ("99999", "300.00", "上限"),
    ],
)
def test_base_is_clamped_to_the_regional_limits(
    base: str, monthly: str, clamped: str | None
) -> None:
    result = calculate(Inputs("employee", ON, base=D(base)), NATIONAL_EMPLOYEE, limits=LIMITS)
    assert f"{result.monthly:.2f}" == monthly
    clamp_warnings = [w for w in result.warnings if "按" in w and "计算" in w]
    if clamped:
        assert len(clamp_warnings) == 1 and clamped in clamp_warnings[0]
    else:
        assert clamp_warnings == []


def test_bracket_boundaries_are_inclusive() -> None:
    bracket = Bracket(60, 69, amount=D("1"))
    assert [bracket.covers(a) for a in (59, 60, 69, 70)] == [False, True, True, False]
    assert Bracket(None, 74).label == "74周岁及以下"
    assert Bracket(75, None).label == "75周岁及以上"
    assert Bracket(60, 69).label == "60至69周岁"


# --- Issue 13: what real rules need ----------------------------------------------------


def test_a_share_of_an_unrecorded_average_pension_is_stated_not_computed() -> None:
    """贵阳: 3% of the average pension, whose value we have not recorded: no invented number."""
    guiyang = rule(
        "percent_avg_pension",
        region_name="贵阳市",
        rate=D("3"),
        reference_year=2022,
        precision="about",
    )
    result = calculate(retiree(70), guiyang)
    assert result.status == Status.FORMULA and result.monthly is None
    assert result.precision == "about"
    assert "约为当地2022年退休人员月平均基本养老金的3%" in result.message
    assert result.monthly_text == ""


def test_a_recorded_average_pension_turns_the_formula_into_an_amount() -> None:
    known = rule("percent_avg_pension", rate=D("2.8"), reference_base=D("3000"), precision="about")
    result = calculate(retiree(70), known)
    assert result.status == Status.OK and result.monthly_text == "约 84"


def test_deductions_show_credited_each_deduction_and_what_arrives() -> None:
    beijing = rule(
        "fixed_monthly",
        region_name="北京市",
        brackets=BEIJING.brackets,
        deductions=(Deduction("大病互助", D("3"), WEB),),
    )
    young, old = calculate(retiree(69), beijing), calculate(retiree(70), beijing)
    assert (young.monthly, young.net_monthly) == (D("100.00"), D("97.00"))
    assert (old.monthly, old.net_monthly) == (D("110.00"), D("107.00"))
    assert "每月扣除大病互助 3.00 元。" in young.steps
    assert young.steps[-1].startswith("实际每月到账 97.00 元")


@pytest.mark.parametrize(
    ("precision", "label"),
    [("day", "2023-02-01 起"), ("month", "2023-02 起"), ("year", "2023年起")],
)
def test_a_start_date_is_shown_as_precisely_as_its_source(precision: str, label: str) -> None:
    value = rule("fixed_monthly", amount=D("83"), effective_from=dt.date(2023, 2, 1))
    value = RuleValue(**{**value.__dict__, "start_precision": precision})
    assert value.start_label == label


def test_a_region_with_sub_groups_asks_which_one() -> None:
    jingzhou = rule("fixed_monthly", amount=D("70"), subgroup="一直按统账结合方式缴费")
    result = calculate(
        retiree(70), jingzhou, subgroups=("一直按统账结合方式缴费", "一直按单建统筹方式缴费")
    )
    assert result.status == Status.NEEDS_INPUT and result.missing == ("subgroup",)
    chosen = Inputs("retiree", ON, age=70, subgroup="一直按统账结合方式缴费")
    assert calculate(chosen, jingzhou, subgroups=result.subgroups).monthly == D("70.00")
