"""Every statement true (issue 19): no page says more than its source, contradicts
another page, or hides a date. One test per kind of defect, each over every row of its
kind, so a new instance fails it.

These tests read the seed content on purpose (they are about what the site publishes).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from calculator.engines.lapse import Inputs, Outcome, calculate
from calculator.lookup.lapse import plain_rule
from policies.models import LapseRule

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 22)


# --- A rule no source states (断缴) --------------------------------------------------------


def _lapse_cases(rule: LapseRule) -> list[Inputs]:
    paid_on = max(DAY, rule.effective_from or DAY)
    if rule.scheme == "resident":
        return [
            Inputs("resident", paid_on, years=y, backpaid_years=b)
            for y in (1, 2, 5)
            for b in (0, 1, 4)
        ]
    return [
        Inputs("employee", paid_on, months=m, backpaid=paid, moving=rule.situation == "moving")
        for m in (1, 2, 3, 4, 7)
        for paid in (True, False)
    ]


def test_every_lapse_answer_says_only_what_its_rule_text_says() -> None:
    """Retroactive cover and waiting months appear in an answer only where the rule's own
    text (what the source says) states them."""
    rows = list(LapseRule.objects.select_related("source", "region"))
    assert rows
    for row in rows:
        rule = plain_rule(row)
        for inputs in _lapse_cases(row):
            result = calculate(inputs, rule)
            said = result.headline + "".join(result.steps)
            assert "不设等待期" not in said, (row, inputs)
            if result.outcome == Outcome.RETROACTIVE or "可以追溯" in said:
                assert "追溯" in row.note, (row, inputs, said)
            if result.outcome == Outcome.WAITING and inputs.scheme == "employee":
                assert f"{row.waiting_months} 个月" in row.note, (row, inputs)


def test_staying_employee_gap_within_three_months_names_no_retroactive_cover(
    client: Client,
) -> None:
    data = client.get(
        "/api/v1/lapse",
        {"scheme": "employee", "months": "2", "backpaid": "on", "paid_on": "2026-11-22"},
    ).json()
    assert data["outcome"] == "unstated"
    assert "追溯，不设等待期" not in data["headline"]
    assert "没有写明" in data["headline"]
    moving = client.get(
        "/api/v1/lapse",
        {
            "scheme": "employee",
            "months": "2",
            "backpaid": "on",
            "moving": "on",
            "paid_on": "2026-11-22",
        },
    ).json()
    assert moving["outcome"] == "retroactive"
    assert moving["rule"]["source"]["document_number"] == "医保办发〔2021〕43号"


def test_no_lapse_rule_answers_for_a_date_before_it_took_effect(client: Client) -> None:
    """Every dated lapse rule: the day before its start gets no answer from it."""
    dated = list(LapseRule.objects.exclude(effective_from=None).select_related("source"))
    assert {r.scheme for r in dated} >= {"resident", "employee"}
    for row in dated:
        before = row.effective_from - dt.timedelta(days=1)
        result = calculate(Inputs(row.scheme, before, months=5, years=2), plain_rule(row))
        assert result.outcome == Outcome.NO_RULE
    data = client.get(
        "/api/v1/lapse", {"scheme": "resident", "years": "2", "paid_on": "2023-05-01"}
    ).json()
    assert data["outcome"] == "no_rule"
    assert data["waiting_months"] is None
    assert "2023-05-01" in data["headline"]
    later = client.get(
        "/api/v1/lapse", {"scheme": "resident", "years": "2", "paid_on": "2025-05-01"}
    ).json()
    assert later["waiting_months"] == 4


# --- A pool shown as the whole province ---------------------------------------------------


def _between(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def test_every_provincial_units_headline_names_the_pool(client: Client) -> None:
    """Choosing the province itself: the title, the headline, the answer bar and the
    projection name the 省直/省本级 pool whenever a provincial_units row answers."""
    from policies.models import AccountRule

    rows = list(AccountRule.objects.filter(pool="provincial_units").select_related("region"))
    assert {r.region.code for r in rows} >= {"620000", "230000"}
    for row in rows:
        on = max(row.effective_from, DAY).isoformat()
        query = {"region": row.region.code, "category": row.category, "on": on, "age": "65"}
        html = client.get("/calculator/", query).content.decode()
        named = f"{row.region.name}省直、省本级单位"
        assert named in _between(html, "<title>", "</title>"), row
        assert named in _between(html, 'id="result-title">', "</h2>"), row
        assert named in _between(html, 'id="answer-text"', "</p>"), row
        page = client.get(
            "/calculator/projection/", {**query, "balance": "0", "years": "2"}
        ).content.decode()
        assert named in _between(page, 'id="projection-title">', "</h2>"), row
        assert named in _between(page, 'id="answer-text"', "</p>"), row


# --- The wrong base, and more precise than the source -------------------------------------

QUALIFIERS = ("一般", "约", "左右")


def _rules_csv() -> list[dict[str, str]]:
    import csv

    from policies.seeding import data_path

    with data_path("regional_rules.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _halfwidth(text: str) -> str:
    return text.replace("（", "(").replace("）", ")")


def test_every_data_row_carries_its_sources_words_and_qualifier() -> None:
    """Each row keeps the source's literal quote: a row whose quote says 一般/约/左右 has
    that qualifier and is not exact; a row's base words are the quote's own words."""
    rows = _rules_csv()
    for row in rows:
        quote = row["quote"]
        said = [w for w in QUALIFIERS if w in quote]
        if said:
            assert row["qualifier"] in said, row["lead_no"]
            assert row["precision"] != "exact", row["lead_no"]
        if row["qualifier"]:
            assert row["qualifier"] in quote, row["lead_no"]
        if row["method"] == "percent_avg_pension":
            assert row["base_words"], row["lead_no"]
        if row["base_words"]:
            assert _halfwidth(row["base_words"]) in quote, row["lead_no"]


def test_no_rule_with_a_qualifier_is_exact() -> None:
    from policies.models import AccountRule

    assert AccountRule.all_objects.exclude(qualifier="").exists()
    assert not AccountRule.all_objects.exclude(qualifier="").filter(precision="exact").exists()


def test_formula_answers_name_the_sources_base(client: Client) -> None:
    from policies.models import AccountRule

    rows = AccountRule.objects.filter(method="percent_avg_pension", reference_base=None)
    assert rows.count() >= 20
    for row in rows.select_related("region"):
        query = {
            "region": row.region.code,
            "category": row.category,
            "on": row.effective_from.isoformat(),
        }
        data = client.get("/api/v1/calculate", query).json()
        assert data["status"] == "formula", row
        assert row.base_words and row.base_words in data["message"], row
        assert "当地平均养老金" not in data["message"], row
        if row.qualifier:
            assert row.qualifier in data["message"], row


def test_residents_usually_have_no_account_and_no_exact_zero(client: Client) -> None:
    data = client.get("/api/v1/calculate", {"region": "110000", "category": "resident"}).json()
    assert data["status"] == "no_account"
    assert data["monthly"] is None and data["precision"] != "exact"
    assert "一般不设个人账户" in data["message"] and "50至200元" in data["message"]
    html = client.get("/calculator/", {"region": "110000", "category": "resident"}).content
    text = html.decode()
    assert "0.00" not in _between(text, 'id="calc-result"', "</section>")
    assert "一般不设个人账户" in _between(text, 'id="result-title">', "</h2>")


def test_yearly_credits_are_never_headlined_monthly(client: Client) -> None:
    from policies.models import AccountRule

    rows = AccountRule.objects.filter(method="fixed_yearly").select_related("region")
    assert rows.exists()
    for row in rows:
        query = {
            "region": row.region.code,
            "category": row.category,
            "on": max(row.effective_from, DAY).isoformat(),
            "age": "65",
        }
        if row.subgroup:
            query["subgroup"] = row.subgroup
        html = client.get("/calculator/", query).content.decode()
        for part in (
            _between(html, "<title>", "</title>").split(" · ")[0],
            _between(html, 'id="result-title">', "</h2>"),
            _between(html, 'id="answer-text"', "</p>"),
        ):
            assert "每月划入" not in part, (row, part)
            assert "每年" in part or "按年" in part, (row, part)
