"""断缴与补缴: the 3-month boundary, waiting periods, resident years, overrides, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from calculator.engines.lapse import Inputs, Outcome, Rule, calculate
from policies.terms import Grade, Scheme, Situation
from policies.values import SourceRef
from tests.factories import LapseRuleFactory, SourceFactory, city
from yibao_site.lib.dates import add_months

SRC = SourceRef("来源", "official", "官方文件")
DAY = dt.date(2026, 11, 22)
EMPLOYEE = Rule("employee", 6, SRC, DAY, retro_months=3, retroactive=True, waiting_is_maximum=True)
# A source that names the 3-month line and the wait after it, but no retroactive cover.
SILENT = Rule("employee", 6, SRC, DAY, retro_months=3)
RESIDENT = Rule("resident", 3, SRC, DAY, extra_month_per_year=True, backpay_reduces=True)


@pytest.mark.parametrize(
    ("months", "backpaid", "outcome", "waiting", "resumes"),
    [
        (0, False, Outcome.NO_GAP, None, None),
        (1, True, Outcome.RETROACTIVE, 0, "2026-11-22"),
        (3, True, Outcome.RETROACTIVE, 0, "2026-11-22"),  # exactly 3 months: still back-payable
        (3, False, Outcome.NOT_PAID, None, None),
        (4, True, Outcome.WAITING, 6, "2027-05-22"),
        (4, False, Outcome.NOT_PAID, 6, None),
    ],
)
def test_employee_gap(
    months: int, backpaid: bool, outcome: Outcome, waiting: int | None, resumes: str | None
) -> None:
    result = calculate(Inputs("employee", DAY, months=months, backpaid=backpaid), EMPLOYEE)
    assert result.outcome == outcome
    assert result.waiting_months == waiting
    assert (result.resumes_on.isoformat() if result.resumes_on else None) == resumes


@pytest.mark.parametrize(("months", "backpaid"), [(1, True), (3, True), (3, False)])
def test_employee_gap_a_source_does_not_cover_says_so(months: int, backpaid: bool) -> None:
    result = calculate(Inputs("employee", DAY, months=months, backpaid=backpaid), SILENT)
    assert result.outcome == Outcome.UNSTATED
    assert "追溯" in result.headline and "没有写明" in result.headline
    assert result.waiting_months is None and result.resumes_on is None


def test_rule_is_not_applied_before_its_start() -> None:
    rule = Rule("resident", 3, SRC, DAY, effective_from=dt.date(2025, 1, 1))
    early = calculate(Inputs("resident", dt.date(2023, 5, 1), years=2), rule)
    assert early.outcome == Outcome.NO_RULE and "2023-05-01" in early.headline
    assert calculate(Inputs("resident", dt.date(2025, 1, 1), years=2), rule).waiting_months == 3


@pytest.mark.parametrize(
    ("years", "backpaid_years", "exempt", "waiting"),
    [
        (0, 0, False, None),
        (1, 0, False, 3),
        (2, 0, False, 4),
        (5, 0, False, 7),
        (5, 2, False, 5),
        (5, 9, False, 3),  # back-payment never removes the fixed 3 months
        (5, 0, True, 0),
    ],
)
def test_resident_waiting_period(
    years: int, backpaid_years: int, exempt: bool, waiting: int
) -> None:
    inputs = Inputs("resident", DAY, years=years, backpaid_years=backpaid_years, exempt=exempt)
    assert calculate(inputs, RESIDENT).waiting_months == waiting


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2026-11-22", 6, "2027-05-22"),
        ("2024-08-31", 6, "2025-02-28"),
    ],
)
def test_add_months_clamps_to_month_end(day: str, months: int, expected: str) -> None:
    assert add_months(dt.date.fromisoformat(day), months).isoformat() == expected


@pytest.mark.django_db
def test_moving_uses_the_official_rule_and_staying_the_web_one(client: Client) -> None:
    home = city()
    LapseRuleFactory(
        region=home,
        situation=Situation.MOVING,
        waiting_is_maximum=True,
        source=SourceFactory(grade=Grade.OFFICIAL),
    )
    LapseRuleFactory(
        region=home, situation=Situation.STAYING, source=SourceFactory(grade=Grade.WEB)
    )
    base = (
        f"/api/v1/lapse?region={home.code}&scheme=employee&months=4&backpaid=on&paid_on=2026-11-22"
    )
    moving = client.get(base + "&moving=on").json()
    staying = client.get(base).json()
    assert moving["rule"]["source"]["grade"] == "official"
    assert moving["rule"]["waiting_is_maximum"] is True
    assert staying["rule"]["source"]["grade"] == "web"
    assert moving["resumes_on"] == staying["resumes_on"] == "2027-05-22"


@pytest.mark.django_db
def test_regional_override_beats_national(client: Client) -> None:
    home = city()
    LapseRuleFactory(region=None, retro_months=3, waiting_months=6, effective_from=DAY)
    LapseRuleFactory(region=home.parent, retro_months=3, waiting_months=2)
    data = client.get(
        f"/api/v1/lapse?region={home.code}&scheme=employee&months=5&backpaid=on&paid_on=2026-11-22"
    ).json()
    assert data["rule"]["applies_to"] == home.parent.name
    assert data["waiting_months"] == 2
    assert data["resumes_on"] == "2027-01-22"


@pytest.mark.django_db
def test_page_shows_answer_source_and_grade(client: Client) -> None:
    home = city()
    LapseRuleFactory(
        region=home,
        scheme=Scheme.RESIDENT,
        retro_months=None,
        waiting_months=3,
        extra_month_per_year=True,
        backpay_reduces=True,
        source=SourceFactory(document_number="测发〔2030〕38号", grade=Grade.OFFICIAL),
    )
    html = client.get(
        f"/calculator/lapse/?region={home.code}&scheme=resident&years=3&backpaid_years=1"
        "&paid_on=2026-11-22"
    ).content.decode()
    assert 'data-waiting="4"' in html  # 3 months, +1 for each year after the first, −1 paid back
    assert 'data-resumes="2027-03-22"' in html
    assert "测发〔2030〕38号" in html and "官方文件" in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_htmx_and_plain_paths(client: Client) -> None:
    home = city()
    LapseRuleFactory(region=home, retro_months=3, waiting_months=6)
    url = f"/calculator/lapse/?region={home.code}&scheme=employee&months=3&backpaid=on"
    plain = client.get(url).content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert "<html" in plain and 'data-outcome="retroactive"' in plain
    assert "<html" not in fragment.content.decode()
    assert 'data-outcome="retroactive"' in fragment.content.decode()
    assert "HX-Request" in fragment["Vary"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("scheme=employee", "months", "请填写断缴了几个月"),
        ("scheme=employee&months=-1", "months", "月数不能是负数。"),
        ("scheme=employee&months=abc", "months", "请填整数月数"),
        ("scheme=employee&months=99999999999999", "months", "月数不能超过 600"),
        ("scheme=resident", "years", "请填写断保了几年"),
        ("scheme=resident&years=1&backpaid_years=2", "backpaid_years", "补缴年数不能多于断保年数"),
        ("scheme=other&months=1", "scheme", "险种只能是"),
        ("scheme=employee&months=1&paid_on=2026-13-01", "paid_on", "日期格式应为"),
        ("scheme=employee&months=1&region=';drop", "region", "没有找到这个地区代码"),
    ],
)
def test_bad_input(client: Client, query: str, field: str, message: str) -> None:
    api = client.get(f"/api/v1/lapse?{query}")
    assert api.status_code == 400
    assert message in api.json()["errors"][field][0]
    for headers in ({}, {"HX-Request": "true"}):
        page = client.get(f"/calculator/lapse/?{query}", headers=headers)
        assert page.status_code == 200
        assert message in page.content.decode()


@pytest.mark.django_db
def test_error_summary_links_to_the_first_radio_button(client: Client) -> None:
    html = client.get("/calculator/lapse/?scheme=other&months=1").content.decode()
    assert 'href="#id_scheme_0"' in html and 'id="id_scheme_0"' in html
