"""大病保险: the deductible's boundary, bands, example figures shown as such, bad input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from calculator.engines.critical_illness import Band, Inputs, Rule, calculate
from policies.models import CriticalIllnessBand, CriticalIllnessRule, Region, Source
from policies.values import SourceRef

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


def test_no_rule_says_which_years_exist(db: None, client: Client) -> None:
    html = client.get("/calculator/critical-illness/?year=2019&group=ordinary&costs=1").content
    assert "我们没有 2019 年普通参保人的大病保险起付线" in html.decode()
    assert "2025" in html.decode()


@pytest.mark.django_db
def test_example_figures_are_shown_as_examples_not_as_the_region(client: Client) -> None:
    html = client.get(
        "/calculator/critical-illness/?region=420100&year=2025&group=special&costs=10000"
    ).content.decode()
    assert 'data-reimbursement="935.68"' in html  # (10000 − 8560.5) × 65%
    assert "全国示例数字（来源未注明地区）" in html
    assert "文章没有写明地区" in html
    assert "网络资料（待核实）" in html and "官方文件" in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_a_regional_row_beats_the_example(client: Client) -> None:
    source = Source.objects.get(title__startswith="国家层面大病保险")
    row = CriticalIllnessRule.objects.create(
        region=Region.objects.get(code="420000"),
        year=2025,
        group="ordinary",
        threshold=Decimal("15000"),
        source=source,
        verified_on=DAY,
    )
    CriticalIllnessBand.objects.create(
        rule=row, lower=0, rate=Decimal("60"), source=source, verified_on=DAY
    )
    data = client.get(
        "/api/v1/critical-illness?region=420100&year=2025&group=ordinary&costs=15000"
    ).json()
    assert data["rule"]["applies_to"] == "湖北省"
    assert data["rule"]["is_example"] is False
    assert data["over_threshold"] is False


@pytest.mark.django_db
def test_api_answers_with_amounts_and_sources(client: Client) -> None:
    data = client.get("/api/v1/critical-illness?year=2025&group=ordinary&costs=27121").json()
    assert data["excess"] == "10000.00"
    assert data["reimbursement"] == "6000.00"
    assert data["rule"]["source"]["grade"] == "web"
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
    url = "/calculator/critical-illness/?year=2025&group=ordinary&costs=17121"
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
    html = client.get("/calculator/critical-illness/?region=420100").content.decode()
    assert 'value="2025"' in html
    assert 'id="ci-result"' not in html


@pytest.mark.django_db
def test_editor_changes_threshold_in_admin_and_reseeding_keeps_it(
    client: Client, editor_client: Client
) -> None:
    import io

    from django.core.management import call_command

    row = CriticalIllnessRule.objects.get(region__isnull=True, year=2025, group="ordinary")
    band = row.bands.get()
    url = f"/admin/policies/criticalillnessrule/{row.pk}/change/"
    form = {
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
    assert data["over_threshold"] is False


@pytest.mark.django_db
def test_band_whose_top_is_below_its_bottom_is_refused() -> None:
    from django.core.exceptions import ValidationError

    row = CriticalIllnessRule.objects.get(region__isnull=True, year=2025, group="special")
    band = row.bands.get()
    band.upper = Decimal("0")
    with pytest.raises(ValidationError, match="上端必须大于下端"):
        band.full_clean()
