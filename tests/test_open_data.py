"""Open data: CSV (Excel-friendly) and JSON of every rule value in force or scheduled."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client

from policies.models import AccountRule, Region, Source
from policies.terms import Category, Method
from tests.factories import city, rule

pytestmark = pytest.mark.django_db


def csv_rows(client: Client) -> list[dict[str, str]]:
    response = client.get("/data/rules.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM"
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_every_rule_in_force_with_source_grade_and_date(client: Client) -> None:
    rows = csv_rows(client)
    # One value in force for each region, category and sub-group that has any value.
    groups = set(
        AccountRule.objects.filter(effective_from__lte=dt.date.today()).values_list(
            "region__code", "category", "subgroup"
        )
    )
    in_force = [
        (r["region_code"] or None, r["category"], r["subgroup"])
        for r in rows
        if r["status"] == "in_force"
    ]
    assert sorted(in_force, key=str) == sorted(groups, key=str)
    # 吉林市's 2023 value was replaced in 2024; 深圳 keeps one value per sub-group.
    jilin = [r for r in rows if r["region_code"] == "220200" and r["category"] == "retiree"]
    assert [(r["amount"], r["effective_from"]) for r in jilin] == [("72.60", "2024-01-01")]
    shenzhen = {r["subgroup"] for r in rows if r["region_code"] == "440300"}
    assert shenzhen == {"一档参保且已停缴的退休人员", "仍按11.5%缴费的退休人员"}
    wuhan = next(r for r in rows if r["region_code"] == "420100")
    assert wuhan["region_name"] == "武汉市"
    assert wuhan["category"] == "retiree"
    assert wuhan["method"] == "fixed_monthly"
    assert wuhan["amount"] == "83.00"
    assert wuhan["effective_from"] == "2023-02-01"
    assert wuhan["grade"] == "media"
    assert wuhan["verified_on"] == ""  # seeded, never verified by an editor
    assert wuhan["precision"] == "about"
    assert wuhan["status"] == "in_force"
    shanghai = next(r for r in rows if r["region_code"] == "310000" and r["category"] == "retiree")
    # A cell starting with - is a formula to spreadsheets: the CSV prefixes an apostrophe.
    assert shanghai["brackets"] == "'-74:1680.00;75-:1890.00"


def test_json_matches_csv(client: Client) -> None:
    response = client.get("/data/rules.json")
    data = response.json()
    assert "max-age=3600" in response["Cache-Control"]
    national = next(
        r for r in data["rules"] if r["region_code"] == "" and r["category"] == "employee"
    )
    assert national["rate_percent"] == "2.00"
    assert national["source_document_number"] == "国办发〔2021〕14号"
    assert national["grade"] == "official"
    assert len(data["rules"]) == len(csv_rows(client))


def test_superseded_value_is_dropped_and_scheduled_value_is_kept(client: Client) -> None:
    wuhan = Region.objects.get(code="420100")
    source = Source.objects.get(title__startswith="路透社")
    for day, amount in [(dt.date(2026, 1, 1), "90"), (dt.date(2099, 1, 1), "95")]:
        AccountRule.objects.create(
            region=wuhan,
            category=Category.RETIREE,
            effective_from=day,
            method=Method.FIXED_MONTHLY,
            amount=Decimal(amount),
            source=source,
            verified_on=dt.date(2026, 11, 1),
        )
    rows = [
        r for r in client.get("/data/rules.json").json()["rules"] if r["region_code"] == "420100"
    ]
    assert [(r["amount"], r["status"]) for r in rows] == [
        ("90.00", "in_force"),
        ("95.00", "scheduled"),
    ]


def test_cache_is_refreshed_when_an_editor_changes_a_rule(client: Client) -> None:
    home = city()
    value = rule(home, amount=Decimal("120"))
    first = client.get("/data/rules.json").json()["rules"]
    value.amount = Decimal("125")
    value.save()
    after = client.get("/data/rules.json").json()["rules"]
    assert next(r for r in first if r["region_code"] == home.code)["amount"] == "120.00"
    assert next(r for r in after if r["region_code"] == home.code)["amount"] == "125.00"


def test_deductions_and_pools_are_in_the_open_data(client: Client) -> None:
    rows = client.get("/data/rules.json").json()["rules"]
    beijing = next(r for r in rows if r["region_code"] == "110000" and r["category"] == "retiree")
    [deduction] = beijing["deductions"]
    assert (deduction["label"], deduction["amount"]) == ("大病互助", "3.00")
    # A Q&A page: named by its title, never linked (issue 19).
    assert deduction["source_url"] == "" and deduction["source_title"].startswith("问答网站")
    gansu = [r for r in rows if r["region_code"] == "620000" and r["category"] == "retiree"]
    assert {r["pool"] for r in gansu} == {"provincial_units"}
    text = csv_rows(client)
    beijing_csv = next(
        r for r in text if r["region_code"] == "110000" and r["category"] == "retiree"
    )
    assert beijing_csv["deductions"] == "大病互助:3.00"


def test_cache_is_refreshed_when_a_source_changes(client: Client) -> None:
    client.get("/data/rules.csv")
    Source.objects.filter(title__startswith="路透社").update(grade="official")  # no signal
    source = Source.objects.get(title__startswith="路透社")
    source.save()  # a save through the admin sends the signal
    wuhan = next(r for r in csv_rows(client) if r["region_code"] == "420100")
    assert wuhan["grade"] == "official"


def test_data_page_documents_the_files(client: Client) -> None:
    html = client.get("/data/").content.decode()
    assert html.count("<h1") == 1
    assert 'href="/data/rules.csv"' in html and 'href="/data/rules.json"' in html
    assert "BOM" in html and "verified_on" in html
