"""The research table as answers (issue 13): every published row of policies/data answers
as the table says, with its own scope, source and precision; deductions, 省直 pools,
formulas, stepped years and sub-groups; leads stay in the editors' queue."""

from __future__ import annotations

import csv
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from policies import brackets
from policies.coverage import coverage
from policies.models import AccountRule, Region, RegionNote
from policies.seeding import SeedDataError, data_path, load_regional_rules
from reports.models import Lead
from reports.models import Status as LeadStatus
from reports.seeding import LEADS_FILE
from tests.factories import city

pytestmark = pytest.mark.django_db
API = "/api/v1/calculate"
PAGE = "/calculator/"
TODAY = dt.date(2026, 11, 22)


def table(name: str) -> list[dict[str, str]]:
    with data_path(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


RULES = table("regional_rules.csv")


def row_id(row: dict[str, str]) -> str:
    return f"{row['lead_no']}-{row['region_code']}-{row['category']}-{row['effective_from']}"


def expected_monthly(row: dict[str, str], age: int, base: Decimal) -> str | None:
    """What the table says a reader of ``age`` (or with ``base``) is credited a month."""
    method = row["method"]
    rate, amount = row["rate"], row["amount"]
    if row["brackets"]:
        for low, high, b_rate, b_amount in brackets.parse(row["brackets"]):
            if (low is None or age >= low) and (high is None or age <= high):
                rate, amount = b_rate, b_amount
    if method == "fixed_monthly":
        return f"{Decimal(amount):.2f}"
    if method == "fixed_yearly":
        return f"{(Decimal(amount) / 12).quantize(Decimal('0.01')):.2f}"
    if method == "percent_base":
        return f"{(base * Decimal(rate) / 100).quantize(Decimal('0.01')):.2f}"
    if method == "none":
        return "0.00"
    return None  # a share of an average pension the table gives no yuan value for


def test_the_data_file_has_the_published_rows_of_the_research_table() -> None:
    assert len(RULES) == 90
    assert {r["status"] for r in RULES} == {"published"}
    assert {r["verified_on"] for r in RULES} == {""}  # nothing checked by an editor yet
    assert all(r["source_url"].startswith("http") for r in RULES)


@pytest.mark.parametrize("row", RULES, ids=row_id)
def test_every_published_row_answers_as_the_table_says(client: Client, row: dict) -> None:
    """Asked on the row's own start date, the answer uses this row: its region (not a
    fallback), its source page and its precision, and the amount the table states."""
    age, base = 65, Decimal("5000")
    query = {
        "region": row["region_code"],
        "category": row["category"],
        "on": row["effective_from"],
        "age": str(age),
        "base": str(base),
    }
    if row["subgroup"]:
        query["subgroup"] = row["subgroup"]
    data = client.get(API, query).json()
    rule = data["rule"]
    assert rule is not None, data
    assert rule["region_code"] == row["region_code"] and data["scope"] == "region"
    assert rule["effective_from"] == row["effective_from"]
    assert rule["subgroup"] == row["subgroup"] and rule["pool"] == row["pool"]
    # The address only where a reader page would link it (issue 19).
    assert rule["source"]["url"] == (row["source_url"] if row["source_link_safe"] == "1" else "")
    assert rule["source"]["title"] == row["source_title"]
    assert rule["source"]["grade"] == row["source_grade"]
    assert rule["verified_on"] is None
    assert rule["precision"] == data["precision"] == row["precision"]
    monthly = expected_monthly(row, age, base)
    if monthly is None:
        assert data["status"] == "formula" and data["monthly"] is None
        assert f"{Decimal(row['rate']).normalize()}%" in data["message"]
        assert row["base_words"] in data["message"]  # the source's own words for its base
    else:
        assert data["monthly"] == monthly, data
    if row["conflict_note"]:
        assert rule["conflict_note"] == row["conflict_note"]


def test_most_regions_now_answer_a_retiree_with_a_local_sourced_figure_or_formula() -> None:
    totals = coverage(TODAY, category="retiree").totals["retiree"]
    assert totals["own"] + totals["inherited"] >= 90
    assert totals["own"] >= 75  # 76 regions have their own row (2026-11-22)


# --- Net amounts ------------------------------------------------------------------------


def test_beijing_69_is_credited_100_less_3_and_97_arrives(client: Client) -> None:
    data = client.get(API, {"region": "110000", "category": "retiree", "age": "69"}).json()
    assert (data["monthly"], data["net_monthly"]) == ("100.00", "97.00")
    [deduction] = data["deductions"]
    assert (deduction["label"], deduction["amount"]) == ("大病互助", "3.00")
    assert deduction["source"]["url"] == "" and deduction["source"]["title"]
    assert data["rule"]["source"]["url"] == ""  # a spam mirror: named, never linked
    assert data["rule"]["source"]["publisher"] == "社保网"
    older = client.get(API, {"region": "110000", "category": "retiree", "age": "70"}).json()
    assert (older["monthly"], older["net_monthly"]) == ("110.00", "107.00")


def test_the_answer_page_shows_credited_each_deduction_and_what_arrives(client: Client) -> None:
    html = client.get(PAGE, {"region": "110000", "category": "retiree", "age": "69"})
    text = html.content.decode()
    result = text.split('id="calc-result"')[1].split("</section>")[0]
    assert "<strong>100.00</strong> 元/月" in result
    assert "每月扣除大病互助 3.00 元" in result
    assert "实际每月到账 <strong>97.00</strong> 元" in result
    assert "问答网站" in result  # the deduction's own source
    bar = text.split('id="answer-text"')[1].split("</p>")[0]
    assert "实际到账 97.00 元" in bar


def test_xiamen_arrives_103(client: Client) -> None:
    data = client.get(API, {"region": "350200", "category": "retiree"}).json()
    assert (data["monthly"], data["net_monthly"]) == ("110.00", "103.00")
    assert data["deductions"][0]["label"] == "大病保险"
    assert data["rule"]["source"]["grade"] == "media"


# --- Province-level pools and province-wide values ----------------------------------------


def test_lanzhou_is_90_not_the_provincial_units_120(client: Client) -> None:
    data = client.get(API, {"region": "620100", "category": "retiree"}).json()
    assert data["monthly"] == "90.00" and data["scope"] == "region"
    assert any("省直" in w and "120" in w for w in data["warnings"])
    assert "120" in data["rule"]["conflict_note"]
    page = client.get("/regions/620100/").content.decode()
    assert "各方资料说法不一" in page and "省直" in page


def test_a_gansu_city_without_its_own_row_does_not_inherit_the_provincial_units_value(
    client: Client,
) -> None:
    home = city(Region.objects.get(code="620000"))  # a 甘肃 city with no row of its own
    data = client.get(API, {"region": home.code, "category": "retiree"}).json()
    assert data["status"] == "no_rule" and data["monthly"] is None
    assert any("省直" in w for w in data["warnings"])


def test_the_provincial_units_value_answers_for_the_province_itself(client: Client) -> None:
    data = client.get(API, {"region": "620000", "category": "retiree"}).json()
    assert data["monthly"] == "120.00" and data["rule"]["pool"] == "provincial_units"
    assert "仅省直、省本级单位参保人员" in data["rule"]["summary"]


def test_an_anhui_city_inherits_the_province_wide_70(client: Client) -> None:
    data = client.get(API, {"region": "340200", "category": "retiree"}).json()
    assert data["monthly"] == "70.00" and data["scope"] == "province"
    assert data["rule"]["region_code"] == "340000"
    html = client.get("/regions/340200/").content.decode()
    assert "芜湖市没有单独的退休人员标准，沿用安徽省的标准。" in html


# --- Formulas, stepped years and sub-groups -------------------------------------------------


def test_guiyang_states_the_formula_and_gives_no_amount(client: Client) -> None:
    data = client.get(API, {"region": "520100", "category": "retiree", "age": "65"}).json()
    assert data["status"] == "formula" and data["precision"] == "exact"
    assert data["monthly"] is None and data["monthly_text"] == ""
    assert "3%" in data["message"] and "不给出金额" in data["message"]
    # The source's base is the province's average, not the city's: its words, not "当地".
    assert "贵州省2022年退休人员月均养老金的3%" in data["message"]
    html = client.get(PAGE, {"region": "520100", "category": "retiree", "age": "65"})
    result = html.content.decode().split('id="calc-result"')[1].split("</section>")[0]
    assert "按比例划入" in result and "data-monthly" not in result
    assert "贵州省2022年退休人员月均养老金的 3%" in client.get("/regions/520100/").content.decode()


def test_jilin_city_2023_and_2024_are_dated_values(client: Client) -> None:
    def monthly(on: str) -> str:
        query = {"region": "220200", "category": "retiree", "on": on}
        return client.get(API, query).json()["monthly"]

    assert monthly("2023-06-01") == "88.20"
    assert monthly("2024-06-01") == "72.60"
    html = client.get("/regions/220200/").content.decode()
    assert "2024年起 由 88.2 元/月 调整为 72.6 元/月" in html


def test_shenzhen_asks_which_subgroup_and_answers_each(client: Client) -> None:
    query = {"region": "440300", "category": "retiree"}
    asked = client.get(PAGE, query).content.decode()
    assert 'name="subgroup"' in asked
    assert "一档参保且已停缴的退休人员" in asked and "仍按11.5%缴费的退休人员" in asked
    data = client.get(API, query).json()
    assert data["status"] == "needs_input" and data["missing"] == ["subgroup"]
    assert set(data["subgroups"]) == {"一档参保且已停缴的退休人员", "仍按11.5%缴费的退休人员"}
    stopped = client.get(API, query | {"subgroup": "一档参保且已停缴的退休人员"}).json()
    assert stopped["monthly"] == "251.00" and stopped["inputs"]["subgroup"]
    paying = client.get(API, query | {"subgroup": "仍按11.5%缴费的退休人员", "base": "8000"})
    assert paying.json()["monthly"] == "644.00"


def test_an_unknown_subgroup_is_a_field_error_not_a_guess(client: Client) -> None:
    query = {"region": "440300", "category": "retiree", "subgroup": "<b>别的</b>"}
    response = client.get(API, query)
    assert response.status_code == 400
    assert "参保情况只能从这几项中选" in response.json()["errors"]["subgroup"][0]
    html = client.get(PAGE, query).content.decode()
    assert "参保情况只能从这几项中选" in html and "<b>别的</b>" not in html


def test_a_region_without_subgroups_never_asks_for_one(client: Client) -> None:
    html = client.get(PAGE, {"region": "110000", "category": "retiree", "age": "69"})
    assert 'name="subgroup"' not in html.content.decode()


def test_flexible_workers_outpatient_subsidy_is_said_not_to_be_a_credit(client: Client) -> None:
    note = RegionNote.objects.get(region__code="420100", category="flexible")
    assert "不是个人账户划入" in note.text
    html = client.get("/regions/420100/").content.decode()
    assert "66元" in html and "不是个人账户划入" in html


# --- Sources: linked only where safe --------------------------------------------------------


def test_reposts_are_named_in_text_and_only_safe_sources_are_linked(client: Client) -> None:
    beijing = client.get("/regions/110000/").content.decode()
    assert "xiyinlitea.cn" not in beijing and "不提供链接" in beijing
    xiamen = client.get("/regions/350200/").content.decode()
    link = re.search(r'<a href="http://hxnews\.com/[^"]+" rel="([^"]+)">', xiamen)
    assert link and link.group(1) == "nofollow noopener noreferrer"
    # Editors always see the page's address.
    rule = AccountRule.objects.get(region__code="110000", category="retiree")
    assert rule.source.url == "http://www.xiyinlitea.cn/news/wenyu/371461.html"


# --- Leads: the editors' queue, never public ------------------------------------------------


def test_every_lead_is_in_the_queue_and_none_is_public(client: Client, editor_client) -> None:  # noqa: ANN001
    with LEADS_FILE.open(encoding="utf-8", newline="") as handle:
        leads = list(csv.DictReader(handle))
    assert Lead.objects.count() == len(leads) == 85  # 57 from the first pass, 28 from the second
    assert set(Lead.objects.values_list("status", flat=True)) == {LeadStatus.NEW}
    tianjin = Lead.objects.get(lead_no="5")
    assert tianjin.region.code == "120000" and "津政办规" in tianjin.effective
    # 天津's lead (40/50/60 元) is not an answer: 天津 has no retiree figure of its own.
    data = client.get(API, {"region": "120000", "category": "retiree", "age": "65"}).json()
    assert data["status"] == "no_rule"
    for url in ("/regions/120000/", "/data/rules.csv", "/changes/", "/search/?q=天津"):
        body = client.get(url).content.decode("utf-8-sig")
        assert tianjin.url not in body and tianjin.quote not in body, url
    queue = editor_client.get("/admin/reports/lead/?status=new").content.decode()
    assert "天津市" in queue and "85" in queue
    assert client.get("/admin/reports/lead/").status_code == 302


def test_accepting_a_lead_opens_a_prefilled_draft_and_links_it(editor_client) -> None:  # noqa: ANN001
    lead = Lead.objects.get(lead_no="5")
    response = editor_client.post(f"/admin/reports/lead/{lead.pk}/accept/")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/admin/policies/accountrule/add/?")
    assert f"region={lead.region_id}" in location and "status=draft" in location
    assert f"lead={lead.pk}" in location
    assert editor_client.get(f"/admin/reports/lead/{lead.pk}/accept/").status_code == 405


# --- The load: one path with editors' imports, errors name the row ----------------------------


def test_seeding_again_adds_nothing_and_keeps_an_editors_change() -> None:
    rule = AccountRule.objects.get(region__code="620100", category="retiree")
    rule.amount = Decimal("91")
    rule.save()
    counts = (AccountRule.all_objects.count(), Lead.objects.count(), RegionNote.objects.count())
    call_command("seed", stdout=__import__("io").StringIO())
    assert AccountRule.objects.get(pk=rule.pk).amount == Decimal("91.00")
    assert (
        AccountRule.all_objects.count(),
        Lead.objects.count(),
        RegionNote.objects.count(),
    ) == counts


def bad_copy(tmp_path: Path, line: int, column: str, value: str) -> Path:
    """The rules file with one cell changed; ``line`` counts the header as line 1."""
    rows = [dict(r) for r in RULES]
    rows[line - 2][column] = value
    path = tmp_path / "regional_rules.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(RULES[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_an_unknown_code_stops_the_load_naming_the_row(tmp_path: Path) -> None:
    AccountRule.all_objects.filter(region__code__in=["110000", "310000"]).delete()
    before = AccountRule.all_objects.count()
    path = bad_copy(tmp_path, 5, "region_code", "999998")
    with pytest.raises(SeedDataError) as refused:
        load_regional_rules(path)
    assert "第 5 行" in str(refused.value) and "没有地区代码“999998”" in str(refused.value)
    assert AccountRule.all_objects.count() == before  # all rows or none


def test_a_code_that_does_not_match_its_name_stops_the_load(tmp_path: Path) -> None:
    AccountRule.all_objects.filter(region__code="110000").delete()
    path = bad_copy(tmp_path, 2, "region_name", "天津市")
    with pytest.raises(SeedDataError) as refused:
        load_regional_rules(path)
    message = str(refused.value)
    assert "第 2 行" in message and "110000 在地区表中是“北京市”" in message


def test_the_projection_never_guesses_a_subgroup_or_uses_a_provincial_units_value(
    client: Client,
) -> None:
    query = {"category": "retiree", "years": "1", "age": "65", "on": "2026-11-22"}
    shenzhen = client.get("/api/v1/projection", query | {"region": "440300"}).json()
    assert shenzhen["closing"] is None and shenzhen["estimable"] is False
    assert any("参保情况" in r for r in shenzhen["unknown_reasons"])
    home = city(Region.objects.get(code="620000"))  # a 甘肃 city with no row of its own
    gansu_city = client.get("/api/v1/projection", query | {"region": home.code}).json()
    assert gansu_city["closing"] is None and "120" not in str(gansu_city["months"])
