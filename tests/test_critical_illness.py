"""大病保险: the deductible's boundary, bands, example figures shown as such, bad input."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from calculator.engines.critical_illness import Band, Inputs, Rule, calculate
from policies.models import CriticalIllnessRule
from policies.terms import Topic
from policies.values import SourceRef
from tests.factories import (
    CriticalIllnessBandFactory,
    CriticalIllnessRuleFactory,
    NoteFactory,
    SourceFactory,
    city,
)

SRC = SourceRef("来源", "official", "官方文件")
DAY = dt.date(2026, 11, 22)


def rule(threshold: str = "17121", cap: str | None = None, *bands: tuple) -> Rule:
    bands = bands or (("0", None, "60"),)
    return Rule(
        year=2025,
        group="ordinary",
        group_label="普通参保人",
        threshold=Decimal(threshold),
        bands=tuple(
            Band(Decimal(lo), None if hi is None else Decimal(hi), Decimal(rate), SRC, DAY)
            for lo, hi, rate in bands
        ),
        source=SRC,
        verified_on=DAY,
        region_name="测试",
        cap=None if cap is None else Decimal(cap),
    )


@pytest.mark.parametrize(
    ("costs", "over", "excess", "paid"),
    [
        ("0", False, "0.00", "0.00"),
        ("17120.99", False, "0.00", "0.00"),
        ("17121", False, "0.00", "0.00"),  # exactly at the threshold: not "超过"
        ("17121.01", True, "0.01", "0.01"),  # 0.006 rounds half up to the fen
        ("27121", True, "10000.00", "6000.00"),
    ],
)
def test_threshold_boundary(costs: str, over: bool, excess: str, paid: str) -> None:
    result = calculate(Inputs(2025, "ordinary", Decimal(costs)), rule())
    assert result.over is over
    assert f"{result.excess:.2f}" == excess
    assert f"{result.reimbursement:.2f}" == paid


def test_exactly_met_threshold_is_explained() -> None:
    result = calculate(Inputs(2025, "ordinary", Decimal("17121")), rule())
    assert "正好等于起付线" in result.steps[0]


@pytest.mark.parametrize(
    ("costs", "paid"),
    [
        ("10000", "0.00"),
        ("60000", "30000.00"),  # 50000 above: all in the first band at 60%
        ("60000.01", "30000.01"),  # the first fen of the second band, at 70%
        ("110000", "65000.00"),  # 30000 + 50000 × 70%
    ],
)
def test_bands_apply_to_their_slice(costs: str, paid: str) -> None:
    banded = rule("10000", None, ("0", "50000", "60"), ("50000", None, "70"))
    result = calculate(Inputs(2025, "ordinary", Decimal(costs)), banded)
    assert f"{result.reimbursement:.2f}" == paid


def test_cap_limits_the_payout() -> None:
    result = calculate(Inputs(2025, "ordinary", Decimal("1017121")), rule("17121", "400000"))
    assert result.reimbursement == Decimal("400000.00")
    assert any("最高支付限额" in s for s in result.steps)


@pytest.mark.django_db
def test_no_rule_says_which_years_exist(client: Client) -> None:
    CriticalIllnessBandFactory(rule=CriticalIllnessRuleFactory(region=None, year=2030))
    html = client.get("/calculator/critical-illness/?year=2001&group=ordinary&costs=1").content
    assert "我们没有 2001 年普通参保人的大病保险起付线" in html.decode()
    assert re.search(r"目前收录的年度：[^。]*2030", html.decode())


def example(group: str, threshold: str, rate: str) -> CriticalIllnessRule:
    """Figures a source gave without saying where (national, marked as an example)."""
    row = CriticalIllnessRuleFactory(
        region=None, year=2030, group=group, threshold=Decimal(threshold), is_example=True
    )
    CriticalIllnessBandFactory(rule=row, rate=Decimal(rate))
    return row


@pytest.mark.django_db
def test_example_figures_are_shown_as_examples_not_as_the_region(client: Client) -> None:
    """A city with no threshold of its own: the example is someone else's numbers, never a
    headline; the national rule is shown beside it."""
    home = city()
    example("ordinary", "16000.5", "60")
    principle = NoteFactory(
        region=None,
        topic=Topic.CRITICAL_ILLNESS,
        text="测试全国规定：起付线不超过上年人均可支配收入的一半。",
        source=SourceFactory(document_number="测发〔2030〕1号"),
    )
    html = client.get(
        f"/calculator/critical-illness/?region={home.code}&year=2030&group=ordinary&costs=80000"
    ).content.decode()
    result = html.split('id="ci-result"')[1].split("</section>")[0]
    assert 'data-status="example"' in result and "data-reimbursement" not in result
    assert f"我们还没有{home.name}的大病保险起付线" in result
    assert 'class="amount"' not in result and "估计报销" not in result
    example_part = result.split('data-example="true"')[1]
    assert "别处的数字" in result.split('data-example="true"')[0] + example_part[:200]
    # (80000 − 16000.5) × 60%
    assert "按这个示例的数字算" in example_part and "38399.70" in example_part
    assert principle.text in result  # the national rule
    assert "测发〔2030〕1号" in result
    assert "<title>大病保险估计报销" not in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_example_in_the_api_is_under_example_not_the_answer(client: Client) -> None:
    home = city()
    example("special", "8000", "65")
    data = client.get(
        f"/api/v1/critical-illness?region={home.code}&year=2030&group=special&costs=10000"
    ).json()
    assert data["status"] == "example"
    assert data["reimbursement"] is None and data["excess"] is None
    assert data["example"]["reimbursement"] == "1300.00"  # (10000 − 8000) × 65%
    assert data["rule"]["is_example"] is True


def test_special_groups_have_no_payout_cap() -> None:
    """特困、低保、返贫致贫: the cap is removed (国办发〔2021〕42号), so it is neither applied
    nor warned about."""
    capped = rule("8560.5", "100000")
    result = calculate(Inputs(2025, "special", Decimal("1008560.5")), capped)
    assert result.reimbursement == Decimal("600000.00")
    assert not any("最高支付限额" in text for text in result.steps + result.warnings)
    assert any("取消了封顶线" in w and "国办发〔2021〕42号" in w for w in result.warnings)
    ordinary = calculate(Inputs(2025, "ordinary", Decimal("1008560.5")), capped)
    assert ordinary.reimbursement == Decimal("100000.00")


@pytest.mark.django_db
def test_a_regional_row_beats_the_example(client: Client) -> None:
    home = city()
    example("ordinary", "16000", "60")
    row = CriticalIllnessRuleFactory(region=home.parent, year=2030, threshold=Decimal("15000"))
    CriticalIllnessBandFactory(rule=row, rate=Decimal("60"))
    data = client.get(
        f"/api/v1/critical-illness?region={home.code}&year=2030&group=ordinary&costs=15000"
    ).json()
    assert data["rule"]["applies_to"] == home.parent.name
    assert data["rule"]["is_example"] is False
    assert data["over_threshold"] is False


@pytest.mark.django_db
def test_api_answers_with_amounts_and_sources(client: Client) -> None:
    row = CriticalIllnessRuleFactory(region=None, year=2030, threshold=Decimal("17121"))
    CriticalIllnessBandFactory(rule=row, rate=Decimal("60"))
    data = client.get("/api/v1/critical-illness?year=2030&group=ordinary&costs=27121").json()
    assert data["status"] == "ok"
    assert data["excess"] == "10000.00"
    assert data["reimbursement"] == "6000.00"
    assert data["rule"]["source"]["grade"] == "official"
    assert data["rule"]["bands"][0]["source"]["grade"] == "official"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("year=2025&group=ordinary&costs=-5", "costs", "金额不能是负数。"),
        ("year=2025&group=ordinary&costs=abc", "costs", "请输入数字金额"),
        ("year=2025&group=ordinary&costs=1e20", "costs", "金额不能超过"),
        ("year=20x5&group=ordinary&costs=1", "year", "年度请填四位数字"),
        ("year=2025&group=vip&costs=1", "group", "人群只能是"),
        ("year=2025&group=ordinary&costs=1&region=<b>", "region", "没有找到这个地区代码"),
    ],
)
def test_bad_input(client: Client, query: str, field: str, message: str) -> None:
    api = client.get(f"/api/v1/critical-illness?{query}")
    assert api.status_code == 400
    assert message in api.json()["errors"][field][0]
    page = client.get(f"/calculator/critical-illness/?{query}")
    assert page.status_code == 200
    assert message in page.content.decode()
    fragment = client.get(f"/calculator/critical-illness/?{query}", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and message in fragment.content.decode()


@pytest.mark.django_db
def test_htmx_gets_fragment_and_plain_gets_page(client: Client) -> None:
    home = city()
    row = CriticalIllnessRuleFactory(region=home.parent, year=2025, threshold=Decimal("17121"))
    CriticalIllnessBandFactory(rule=row)
    url = f"/calculator/critical-illness/?region={home.code}&year=2025&group=ordinary&costs=17121"
    plain = client.get(url).content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert "<html" in plain and 'data-over="false"' in plain
    body = fragment.content.decode()
    assert "<html" not in body and 'data-over="false"' in body
    assert "HX-Request" in fragment["Vary"]
    boosted = client.get(url, headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in boosted.content.decode()


@pytest.mark.django_db
def test_empty_page_prefills_latest_year(client: Client) -> None:
    home = city()
    CriticalIllnessRuleFactory(region=None, year=2031)
    CriticalIllnessRuleFactory(region=home.parent, year=2030)
    html = client.get(f"/calculator/critical-illness/?region={home.code}").content.decode()
    assert 'value="2031"' in html
    assert 'id="ci-result"' not in html


@pytest.mark.django_db
def test_editor_changes_threshold_in_admin_and_reseeding_keeps_it(
    client: Client, editor_client: Client
) -> None:
    import io

    from django.core.management import call_command

    from tests.admin_forms import edit_token

    row = CriticalIllnessRule.objects.get(region__isnull=True, year=2025, group="ordinary")
    band = row.bands.get()
    url = f"/admin/policies/criticalillnessrule/{row.pk}/change/"
    form = {
        "edit_token": edit_token(editor_client, url),
        "region": "",
        "is_example": "on",
        "year": "2025",
        "group": "ordinary",
        "threshold": "18000",
        "cap": "",
        "source": row.source_id,
        "verified_on": "2026-11-22",
        "note": row.note,
        "bands-TOTAL_FORMS": "1",
        "bands-INITIAL_FORMS": "1",
        "bands-MIN_NUM_FORMS": "0",
        "bands-MAX_NUM_FORMS": "1000",
        "bands-0-id": band.pk,
        "bands-0-rule": row.pk,
        "bands-0-lower": "0",
        "bands-0-upper": "",
        "bands-0-rate": "60",
        "bands-0-source": band.source_id,
        "bands-0-verified_on": "2026-11-22",
    }
    response = editor_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    call_command("seed", stdout=io.StringIO())
    row.refresh_from_db()
    assert row.threshold == Decimal("18000")
    assert row.history.first().history_user.username == "editor"
    data = client.get("/api/v1/critical-illness?year=2025&group=ordinary&costs=18000").json()
    assert data["example"]["over_threshold"] is False


@pytest.mark.django_db
def test_band_whose_top_is_below_its_bottom_is_refused() -> None:
    from django.core.exceptions import ValidationError

    band = CriticalIllnessBandFactory(lower=Decimal("0"), upper=None)
    band.upper = Decimal("0")
    with pytest.raises(ValidationError, match="上端必须大于下端"):
        band.full_clean()
