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


def _text(html: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", html)


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


# --- Pages that contradict themselves or each other; citations that point elsewhere --------

# A fact and the sources that state it (DOMAIN.md, the research tables): wherever a guide
# section, FAQ article or note states the fact, it cites one of them.
FACT_SOURCES = {
    "23个省份": {"xinhua-2024-11-26"},
    "337个统筹地区": {"wallet-337-2026-01"},
    "单位缴纳的部分": {"seed-002", "guobanfa-2021-14"},
    "办结转出": {"ybbf-2021-43"},
    "8560.5": {"seed-000"},
}


def _cited_texts() -> list[tuple[str, str, set[str]]]:
    from faq.models import Article
    from guides.models import GuideSection
    from policies.models import RegionNote

    items = []
    for section in GuideSection.objects.select_related("guide", "source"):
        steps = "".join(s.text for s in section.steps.all())
        where = f"{section.guide.slug}#{section.anchor}"
        items.append((where, section.body + steps, {section.source.key}))
    for article in Article.objects.prefetch_related("sources"):
        keys = {s.key for s in article.sources.all()}
        items.append((f"faq/{article.slug}", article.summary + article.body, keys))
    for note in RegionNote.objects.select_related("source"):
        items.append((f"note {note.pk}", note.text, {note.source.key}))
    return items


def test_every_stated_fact_cites_a_source_that_states_it() -> None:
    items = _cited_texts()
    for fact, sources in FACT_SOURCES.items():
        stating = [(where, keys) for where, text, keys in items if fact in text]
        assert stating, fact
        for where, keys in stating:
            assert keys & sources, (fact, where, keys)


def test_the_hotline_section_does_not_credit_12393_to_an_article_naming_12333() -> None:
    from guides.models import GuideSection

    for section in GuideSection.objects.filter(body__contains="12393").select_related("source"):
        if section.source.key in {"seed-002", "seed-000"}:
            assert "不在所引资料里" in section.body, section.anchor


def test_web_claims_about_lapse_are_never_stated_as_fact() -> None:
    """Seed 000's "断缴超过1个月不能报销" is a web claim: every sentence carrying it says so."""
    for where, text, _keys in _cited_texts():
        for line in text.splitlines():
            if "超过1个月" in line or "断缴期间" in line and "不能" in line:
                assert "网络资料" in line or "网络资料" in text.split(line)[0][-60:], (where, line)


def test_the_special_groups_have_one_name() -> None:
    from calculator.engines import critical_illness
    from faq.models import Article
    from policies.terms import InsuredGroup

    name = "低保对象、特困人员"
    assert name in InsuredGroup.SPECIAL.label
    body = Article.objects.get(slug="critical-illness-conditions").body
    assert "防止返贫监测对象" not in body and name in body
    assert any(name in text for text in vars(critical_illness).values() if isinstance(text, str))


def test_no_note_denies_a_source_a_page_below_it_shows(client: Client) -> None:
    """A note saying we have no reliable amount is never shown beside a sourced amount
    (郑州 95 under 河南's note)."""
    from policies.models import AccountRule, RegionNote

    for note in RegionNote.objects.filter(text__contains="没有可靠来源").select_related("region"):
        below = AccountRule.objects.filter(category=note.category or "retiree").filter(
            region__code__startswith=note.region.code[:2]
        )
        assert not below.exists(), (note.region, note.text)


def test_no_undated_seed_row_hides_an_earlier_start_with_the_same_figures() -> None:
    """A row dated only by its article ("至少自…起") never follows a dated row that says the
    same: the history would say 2023 while the answer says "at least since 2025"."""
    from policies.describe import describe
    from policies.models import AccountRule
    from policies.plain import rule_value

    rows = AccountRule.objects.for_display().order_by("effective_from")
    groups: dict[tuple, list] = {}
    for row in rows:
        groups.setdefault((row.region_id, row.category, row.subgroup), []).append(row)
    for values in groups.values():
        for earlier, later in zip(values, values[1:], strict=False):
            if later.start_is_publication_date:
                assert describe(rule_value(earlier)) != describe(rule_value(later)), later
    assert not AccountRule.objects.filter(source__key="seed-002").exists()


def test_every_withdrawal_route_is_regional_and_moving_is_never_one() -> None:
    from guides.withdrawal_flow import OUTCOMES

    for outcome in OUTCOMES.values():
        if outcome.allowed:
            assert outcome.regional, outcome.key
        for step in outcome.next_steps:
            if "换地参保" in step:
                assert "不能提取" in step, (outcome.key, step)


def test_region_list_promises_no_fallback_that_does_not_exist(client: Client) -> None:
    html = client.get("/regions/").content.decode()
    assert "全国默认" not in html and "沿用上级" not in html
    assert "退休人员没有全国统一金额" in html


# --- Corrections reach databases seeded earlier, and spare an editor's rows ----------------


def _migration(app: str, name: str):  # noqa: ANN202 - a migration module
    import importlib

    return importlib.import_module(f"{app}.migrations.{name}")


def test_data_migrations_correct_untouched_rows_and_spare_edited_ones() -> None:
    from django.apps import apps
    from django.contrib.auth.models import User

    from faq.models import Article
    from guides.models import Guide, GuideSection
    from policies.models import AccountRule, RegionNote, Source

    editor = User.objects.create_user("editor-19")
    # Put back what a database seeded before issue 19 holds.
    LapseRule.objects.filter(scheme="resident").update(effective_from=None)
    LapseRule.objects.filter(situation="moving").update(retroactive=False, effective_from=None)
    shijiazhuang = AccountRule.all_objects.get(region__code="130100", category="retiree")
    AccountRule.all_objects.filter(pk=shijiazhuang.pk).update(base_words="", precision="about")
    guiyang = AccountRule.all_objects.get(region__code="520100", category="retiree")
    guiyang._history_user = editor  # an editor saved it: it stays as the editor left it
    guiyang.base_words = "编辑写的基数"
    guiyang.save()
    RegionNote.objects.filter(region__code="410000").update(
        text="退休人员60周岁和70周岁划入金额相同，不按年龄分档；具体金额我们还没有可靠来源。"
    )
    guide = Guide.objects.get(slug="family-sharing")
    guide.sections.filter(anchor="progress-2024").delete()
    guide.sections.filter(anchor="online").update(source=Source.objects.get(key="seed-002"))
    article = Article.objects.get(slug="family-sharing-bind")
    article.sources.add(Source.objects.get(key="seed-002"))
    withdraw = Article.objects.get(slug="can-i-withdraw")
    withdraw._history_user = editor
    withdraw.body = "编辑改过的正文"
    withdraw.save()

    _migration("policies", "0014_statements_true").correct(apps, None)
    _migration("guides", "0004_statements_true").correct(apps, None)
    _migration("faq", "0003_statements_true").correct(apps, None)

    resident = LapseRule.objects.get(scheme="resident")
    assert resident.effective_from == dt.date(2025, 1, 1)
    moving = LapseRule.objects.get(situation="moving")
    assert moving.retroactive and moving.effective_from == dt.date(2021, 11, 1)
    assert not LapseRule.objects.get(situation="staying").retroactive
    shijiazhuang.refresh_from_db()
    assert shijiazhuang.base_words.startswith("2021年全市企业")
    assert shijiazhuang.precision == "exact"
    guiyang.refresh_from_db()
    assert guiyang.base_words == "编辑写的基数"
    assert "没有可靠来源" not in RegionNote.objects.get(region__code="410000").text
    assert GuideSection.objects.get(guide=guide, anchor="progress-2024").source.key == (
        "xinhua-2024-11-26"
    )
    assert GuideSection.objects.get(guide=guide, anchor="online").source.key != "seed-002"
    assert guide.changes.filter(summary__contains="新华社").exists()
    assert "seed-002" not in {s.key for s in article.sources.all()}
    withdraw.refresh_from_db()
    assert withdraw.body == "编辑改过的正文"


# --- Dates -------------------------------------------------------------------------------


def test_answers_on_sources_older_than_a_year_say_so(client: Client) -> None:
    from policies.models import AccountRule

    shanghai = {"region": "310000", "category": "retiree", "age": "70", "on": "2026-11-22"}
    html = client.get("/calculator/", shanghai).content.decode()
    assert "据 2023 年资料" in _between(html, 'id="result-title">', "</h2>")
    assert "据 2023 年资料" in _between(html, 'id="answer-text"', "</p>")
    fresh = client.get("/calculator/", {**shanghai, "on": "2023-12-01"}).content.decode()
    assert "年资料" not in _between(fresh, 'id="result-title">', "</h2>")
    page = _text(client.get("/regions/310000/").content.decode())
    assert "现行标准（据 2023 年资料）" in page
    # Every region page whose current value rests on old evidence says so.
    for row in AccountRule.objects.filter(region__code__in=["420100", "620100"]):
        page = _text(client.get(f"/regions/{row.region.code}/").content.decode())
        assert "现行标准（据 20" in page, row


def test_critical_illness_says_when_it_answers_with_last_years_figures(client: Client) -> None:
    html = client.get(
        "/calculator/critical-illness/",
        {"year": "2025", "group": "ordinary", "costs": "30000"},
    ).content.decode()
    this_year = dt.date.today().year
    assert this_year > 2025  # the seeded figures are 2025's
    assert f"我们还没有收录 {this_year} 年的起付线" in html
    assert 'data-figures-year="2025"' in html


# --- Links the pages withhold, published anyway ---------------------------------------------


def test_open_data_and_api_carry_no_address_a_region_page_would_not_link(client: Client) -> None:
    import csv
    import io

    from policies.models import Source

    withheld = {s.url for s in Source.objects.filter(link_safe=False).exclude(url="")}
    linked = {s.url for s in Source.objects.filter(link_safe=True).exclude(url="")}
    assert withheld and linked
    payloads = [
        client.get("/data/rules.json").content.decode(),
        client.get("/data/rules.csv").content.decode("utf-8-sig"),
        client.get(
            "/api/v1/calculate", {"region": "110000", "category": "retiree"}
        ).content.decode(),
        client.get(
            "/api/v1/calculate", {"region": "350200", "category": "retiree"}
        ).content.decode(),
    ]
    for payload in payloads:
        for url in withheld:
            assert url not in payload, url
    rows = list(csv.DictReader(io.StringIO(payloads[1])))
    xiamen = next(r for r in rows if r["region_code"] == "350200" and r["category"] == "retiree")
    assert xiamen["source_url"].startswith("http://hxnews.com")  # 厦门日报 on 海峡网: linked
    beijing = next(r for r in rows if r["region_code"] == "110000" and r["category"] == "retiree")
    assert beijing["source_url"] == "" and beijing["source_publisher"] and beijing["source_title"]
    assert "source_url" in client.get("/data/").content.decode()


# --- New data: the second research pass ---------------------------------------------------


@pytest.mark.parametrize(
    ("base", "on", "monthly"),
    [
        ("3000", "2025-01-15", "88.66"),  # below the 2024 floor 4433 (from 2024-07-01)
        ("30000", "2025-01-15", "443.28"),  # above the 2024 ceiling 22164
        ("3000", "2024-03-01", "84.24"),  # the 2023 floor 4212 (2023-07 to 2024-06)
        ("3000", "2023-03-01", "60.00"),  # before any recorded limits: the reader's base
    ],
)
def test_fuzhou_employee_is_clamped_by_fujians_dated_limits(
    client: Client, base: str, on: str, monthly: str
) -> None:
    data = client.get(
        "/api/v1/calculate",
        {"region": "350100", "category": "employee", "base": base, "on": on},
    ).json()
    assert data["monthly"] == monthly, data


def test_every_base_limit_row_of_the_second_pass_is_loaded_and_leads_are_queued() -> None:
    import csv

    from policies.models import ContributionBaseLimit
    from policies.seeding import data_path
    from reports.models import Lead

    with data_path("base_limits.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["region_name"] for r in rows} >= {"福建省", "成都市", "钦州市", "韶关市", "阳江市"}
    for row in rows:
        limit = ContributionBaseLimit.objects.get(region__code=row["region_code"], year=row["year"])
        assert (str(limit.floor.normalize()), str(limit.ceiling.normalize())) == (
            str(__import__("decimal").Decimal(row["floor"]).normalize()),
            str(__import__("decimal").Decimal(row["ceiling"]).normalize()),
        )
        assert limit.starts_on.isoformat() == (row["effective_from"] or f"{row['year']}-01-01")
        assert limit.source.grade == row["source_grade"]
        # quoted figures are the source's own
        assert row["floor"].rstrip("0").rstrip(".") in row["quote"], row["lead_no"]
    # LEAD ONLY rows (湛江 among them) are editors' leads, not limits
    assert Lead.objects.filter(lead_no="204", region__code="440800").exists()
    assert not ContributionBaseLimit.objects.filter(region__code="440800").exists()
    assert Lead.objects.filter(lead_no="224:211400").exists()


def test_the_guide_pages_own_prose_is_rows_an_editor_can_change(client: Client) -> None:
    from guides.models import Guide

    guide = Guide.objects.get(slug="withdrawal")
    assert guide.national_box and guide.missing_local and guide.callout_url
    guide.national_box = "编辑改写的全国渠道说明。"
    guide.callout = "编辑改写的按钮"
    guide.save()
    html = client.get("/guides/withdrawal/").content.decode()
    assert "编辑改写的全国渠道说明。" in html and "编辑改写的按钮" in html
    assert 'href="/guides/withdrawal/check/"' in html
    other = client.get("/guides/balance/").content.decode()
    assert "编辑改写的按钮" not in other and "开始自查" not in other


def test_compare_uses_the_limits_in_force_on_the_day(client: Client) -> None:
    html = client.get(
        "/compare/", {"regions": "350100", "base": "3000", "on": "2025-01-15"}
    ).content.decode()
    employees = _between(html, 'id="table-employees"', "</table>")
    row = _between(employees, "福州市", "</tr>")
    assert "88.66" in row
