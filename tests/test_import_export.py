"""Import and export of rules, base limits, channels and sources (django-import-export).

Imports always check every row first (new / changed / unchanged / errors, in Chinese) and
write nothing until confirmed; an export imports back unchanged; formula cells are inert.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client

from policies.importing import ImportRefused, export_file, import_file, import_rules
from policies.models import AccountRule, ContributionBaseLimit, LocalChannel, Source
from policies.resources import RULE_COLUMNS
from tests.factories import SourceFactory, city, province, rule

pytestmark = pytest.mark.django_db
HEADER = ",".join(RULE_COLUMNS)


def rules_csv(*rows: dict[str, str]) -> str:
    lines = [HEADER]
    for row in rows:
        lines.append(",".join(row.get(c, "") for c in RULE_COLUMNS))
    return "\n".join(lines) + "\n"


def test_round_trip_of_every_rule_is_unchanged() -> None:
    exported = export_file("rules")
    before = AccountRule.all_objects.count()
    outcome = import_rules(exported)
    assert not outcome.errors, outcome.errors
    assert outcome.counts["不变"] == before and outcome.counts["新增"] == 0
    applied = import_rules(exported, dry_run=False)
    assert applied.counts["不变"] == before
    assert export_file("rules") == exported


def test_a_new_rule_with_brackets_and_a_new_source_is_shown_then_applied() -> None:
    region = province()
    text = rules_csv(
        {
            "region_code": region.code,
            "category": "retiree",
            "effective_from": "2026-01-01",
            "method": "fixed_monthly",
            "precision": "exact",
            "brackets": "'-69:100;70-:110",
            "source_title": "测试省医保局通知",
            "source_document_number": "测医保〔2025〕9号",
            "source_url": "https://ybj.example.gov.cn/notice",
            "source_grade": "official",
            "verified_on": "2026-11-01",
            "status": "draft",
        }
    )
    checked = import_rules(text)
    assert checked.rows == [(2, "新增")] and not checked.errors, checked.errors
    assert not AccountRule.all_objects.filter(region=region).exists()  # dry run wrote nothing
    assert not Source.objects.filter(title="测试省医保局通知").exists()
    import_rules(text, dry_run=False)
    saved = AccountRule.all_objects.get(region=region)
    assert saved.status == "draft" and saved.source.document_number == "测医保〔2025〕9号"
    assert [(b.min_age, b.max_age, b.amount) for b in saved.brackets.all()] == [
        (None, 69, Decimal("100.00")),
        (70, None, Decimal("110.00")),
    ]
    assert not AccountRule.objects.filter(region=region).exists()  # a draft: readers don't see it


def test_a_changed_amount_is_a_change_and_the_source_is_found_by_key() -> None:
    region = province()
    source = SourceFactory(key="test-key")
    existing = rule(region, source=source, amount=Decimal("100"))
    text = rules_csv(
        {
            "region_code": region.code,
            "category": "retiree",
            "effective_from": f"{existing.effective_from:%Y-%m-%d}",
            "method": "fixed_monthly",
            "amount": "120",
            "precision": "exact",
            "source_key": "test-key",
            "status": "published",
        }
    )
    assert import_rules(text).rows == [(2, "修改")]
    import_rules(text, dry_run=False)
    existing.refresh_from_db()
    assert existing.amount == Decimal("120.00") and existing.source == source
    assert existing.history.first().amount == Decimal("120.00")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"region_code": "999999"}, "第 2 行：“地区代码”列（region_code）：没有地区代码“999999”"),
        ({"brackets": "70-:abc"}, "不是数字"),
        ({"brackets": "-70:100;70-:110"}, "重叠了"),
        ({"amount": "-5"}, "第 2 行"),
        ({"method": "magic"}, "第 2 行：“划入方式”列（method）的“magic”"),
        ({"source_key": "", "source_title": ""}, "来源不存在"),
        ({"effective_from": "2026-02-30"}, "第 2 行"),
    ],
)
def test_bad_rows_are_refused_with_a_message_naming_the_row(
    row: dict[str, str], message: str
) -> None:
    region = province()
    SourceFactory(key="k1")
    base = {
        "region_code": region.code,
        "category": "retiree",
        "effective_from": "2026-01-01",
        "method": "fixed_monthly",
        "amount": "100",
        "precision": "exact",
        "source_key": "k1",
        "status": "published",
    }
    if "brackets" in row:
        base["amount"] = ""
    text = rules_csv(base | row)
    outcome = import_rules(text)
    assert any(message in e for e in outcome.errors), outcome.errors
    with pytest.raises(ImportRefused):
        import_rules(text, dry_run=False)
    assert not AccountRule.all_objects.filter(region=region).exists()


def test_one_bad_row_writes_nothing_at_all() -> None:
    region = province()
    SourceFactory(key="k2")
    good = {
        "region_code": region.code,
        "category": "retiree",
        "effective_from": "2026-01-01",
        "method": "fixed_monthly",
        "amount": "100",
        "precision": "exact",
        "source_key": "k2",
        "status": "published",
    }
    bad = good | {"region_code": "999999"}
    with pytest.raises(ImportRefused) as refused:
        import_rules(rules_csv(good, bad), dry_run=False)
    assert refused.value.outcome.rows == [(2, "新增"), (3, "错误")]
    assert not AccountRule.all_objects.filter(region=region).exists()


def test_formula_cells_are_neutralised_in_csv_and_xlsx_and_restored_on_import() -> None:
    region = province()
    hostile = SourceFactory(title='=HYPERLINK("http://evil.example","点我")', key="evil")
    rule(region, source=hostile, note="@SUM(1+1)")
    csv_text = export_file("rules")
    assert "'=HYPERLINK" in csv_text and "'@SUM(1+1)" in csv_text
    assert "\n=" not in csv_text and ",=" not in csv_text and ",@" not in csv_text
    book = openpyxl.load_workbook(io.BytesIO(export_file("rules", fmt="xlsx")))
    cells = [c.value for row in book.active.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
    assert all(c.data_type != "f" for row in book.active.iter_rows() for c in row)
    assert import_rules(csv_text).counts["不变"] == AccountRule.all_objects.count()
    assert import_rules(export_file("rules", fmt="xlsx"), fmt="xlsx").counts["错误"] == 0


def test_base_limits_channels_and_sources_round_trip() -> None:
    region = city()
    source = SourceFactory()
    ContributionBaseLimit.objects.create(
        region=region, year=2026, floor=4000, ceiling=20000, source=source
    )
    LocalChannel.objects.create(
        region=region,
        kind="hotline",
        value="0999-12393",
        source=source,
        verified_on=dt.date(2026, 1, 2),
    )
    for kind in ("base_limits", "channels", "sources"):
        exported = export_file(kind)
        outcome = import_file(kind, exported)
        assert not outcome.errors, (kind, outcome.errors)
        assert outcome.counts["新增"] == 0 and outcome.counts["修改"] == 0, kind
        import_file(kind, exported, dry_run=False)
        assert export_file(kind) == exported, kind


def test_a_channel_row_for_an_unknown_region_is_refused() -> None:
    SourceFactory(key="k3")
    text = "region_code,kind,value,source_key\n999998,hotline,010-12393,k3\n"
    outcome = import_file("channels", text)
    assert outcome.errors and "第 2 行" in outcome.errors[0] and "999998" in outcome.errors[0]


def test_open_data_csv_neutralises_formula_cells(client: Client) -> None:
    region = province(name="=1+1测试")
    rule(region, note="+cmd")
    body = client.get("/data/rules.csv").content.decode("utf-8-sig")
    assert "'=1+1测试" in body and "'+cmd" not in body or "+cmd" not in body.replace("'+cmd", "")
    for line in body.splitlines():
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "@")), cell
