"""Imports as an editor with Excel or WPS meets them: the form's sanity checks, edits made
after the preview, Chinese headers and encodings, a round trip that changes nothing, and
messages that name the row, the column, the value and what is allowed."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import time
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from policies.importing import ImportRefused, export_file, import_rules
from policies.models import AccountRule
from policies.resources import RULE_COLUMNS, RuleResource
from tests.factories import SourceFactory, province, rule
from yibao_site.lib import spreadsheet

pytestmark = pytest.mark.django_db
IMPORT = "/admin/policies/accountrule/import/"
CONFIRM = "/admin/policies/accountrule/process_import/"


@pytest.fixture
def client(editor: User) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def csv_of(*rows: dict[str, str], headers: list[str] | None = None) -> str:
    lines = [",".join(headers or RULE_COLUMNS)]
    lines += [",".join(row.get(c, "") for c in RULE_COLUMNS) for row in rows]
    return "\n".join(lines) + "\n"


def upload(body: str | bytes, name: str = "rules.csv") -> SimpleUploadedFile:
    raw = body.encode() if isinstance(body, str) else body
    return SimpleUploadedFile(name, raw, "text/csv")


def row_for(region: Any, **cells: str) -> dict[str, str]:
    return {
        "region_code": region.code,
        "category": "retiree",
        "effective_from": "2025-01-01",
        "method": "fixed_monthly",
        "amount": "100",
        "precision": "exact",
        "source_key": "checks",
        "status": "published",
        **cells,
    }


def preview(client: Client, body: str | bytes, fmt: str = "0", name: str = "rules.csv") -> str:
    response = client.post(IMPORT, {"format": fmt, "import_file": upload(body, name)})
    assert response.status_code == 200
    return response.content.decode()


def hidden_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))


@pytest.fixture(autouse=True)
def checks_source() -> None:
    SourceFactory(key="checks")


# --- The form's sanity checks --------------------------------------------------------------


def test_an_implausible_figure_is_listed_and_applied_only_when_confirmed(client: Client) -> None:
    region, other = province(), province()
    body = csv_of(row_for(other), row_for(region, amount="99999"))
    html = preview(client, body)
    assert "请核对这些行的数字" in html and "第 3 行" in html and "99999 元/月" in html
    assert "我已对照来源核对第 3 行的数字" in html
    fields = hidden_fields(html)

    refused = client.post(CONFIRM, fields)  # the box not ticked
    assert refused.status_code == 200 and "第 3 行的数字超出常见范围" in refused.content.decode()
    assert not AccountRule.all_objects.filter(region__in=[region, other]).exists()

    html = preview(client, body)
    done = client.post(CONFIRM, {**hidden_fields(html), "confirm_warnings": "on"})
    assert done.status_code == 302
    assert AccountRule.all_objects.get(region=region).amount == Decimal("99999.00")


def test_an_ordinary_file_needs_no_extra_confirmation(client: Client) -> None:
    region = province()
    html = preview(client, csv_of(row_for(region)))
    assert "请核对这些行的数字" not in html
    assert client.post(CONFIRM, hidden_fields(html)).status_code == 302
    made = AccountRule.objects.get(region=region, amount=100)
    record = made.history.get()  # written in bulk, kept as a per-row save keeps it
    assert record.history_type == "+" and record.history_user.username == "editor"
    assert record.amount == Decimal("100.00") and record.created_at == made.created_at


def test_a_jump_against_the_previous_value_is_a_warning_too() -> None:
    region = province()
    rule(region, amount=Decimal("59"), effective_from=dt.date(2024, 1, 1))
    outcome = import_rules(csv_of(row_for(region, amount="120")))
    assert any("变化超过 50%" in w for w in outcome.warnings), outcome.warnings
    with pytest.raises(ImportRefused) as refused:
        import_rules(csv_of(row_for(region, amount="120")), dry_run=False, confirmed=[])
    assert "勾选确认" in str(refused.value)
    assert import_rules(csv_of(row_for(region, amount="120")), dry_run=False, confirmed=[2]).applied


# --- No lost edits: a row changed after the preview ------------------------------------------


def test_confirming_refuses_rows_changed_after_the_preview(client: Client) -> None:
    region = province()
    existing = rule(
        region,
        amount=Decimal("100"),
        effective_from=dt.date(2025, 1, 1),
        source=SourceFactory(key="checks-2"),
    )
    body = csv_of(row_for(region, amount="110", source_key="checks-2"))
    html = preview(client, body)
    assert "修改" in html
    existing.amount = Decimal("105")  # another editor saves meanwhile
    existing.save()
    refused = client.post(CONFIRM, hidden_fields(html))
    text = refused.content.decode()
    assert refused.status_code == 200
    assert "第 2 行" in text and "预览之后，别人修改了这一行对应的记录" in text
    existing.refresh_from_db()
    assert existing.amount == Decimal("105.00")


def test_a_row_added_by_someone_else_after_the_preview_is_refused(client: Client) -> None:
    region = province()
    html = preview(client, csv_of(row_for(region)))
    rule(region, effective_from=dt.date(2025, 1, 1), amount=Decimal("90"))
    text = client.post(CONFIRM, hidden_fields(html)).content.decode()
    assert "预览之后，别人新增了这一行对应的记录" in text
    assert AccountRule.all_objects.get(region=region).amount == Decimal("90.00")


# --- Excel and WPS ---------------------------------------------------------------------------


def test_csv_export_has_a_bom_and_chinese_headers(client: Client) -> None:
    response = client.post("/admin/policies/accountrule/export/", {"format": "0", "resource": "0"})
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    header = body.splitlines()[0].lstrip("\ufeff").split(",")
    assert header[:3] == ["地区代码", "地区名称", "参保类别"]
    assert "年龄段" in header and "来源标题" in header and "状态" in header


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_an_unchanged_csv_export_reimports_as_nothing_new_and_nothing_changed(
    client: Client, encoding: str
) -> None:
    region = province(name="测试省")
    rule(
        region,
        note="每月划入，按月到账",
        brackets=[(None, 69, None, Decimal("100")), (70, None, None, Decimal("110"))],
    )
    text = export_file("rules").lstrip("\ufeff")
    html = preview(client, text.encode(encoding))
    assert re.search(r"新增 0 行 · 修改 0 行 · 不变 \d+ 行 · 错误 0 行", html), html[:3000]


def test_an_unchanged_xlsx_export_reimports_as_nothing_new_and_nothing_changed(
    client: Client,
) -> None:
    region = province()
    rule(region, brackets=[(None, 69, None, Decimal("100")), (70, None, None, Decimal("110"))])
    rule(
        region,
        category="resident",
        method="fixed_yearly",
        amount=Decimal("120.50"),
        verified_on=dt.date(2026, 1, 2),
    )
    exported = client.post("/admin/policies/accountrule/export/", {"format": "1", "resource": "0"})
    assert exported.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(exported.content))
    assert book.active["A1"].value == "地区代码"
    html = preview(client, exported.content, fmt="1", name="rules.xlsx")
    assert re.search(r"新增 0 行 · 修改 0 行 · 不变 \d+ 行 · 错误 0 行", html), html[:3000]


def test_an_xlsx_edited_in_excel_with_numbers_and_dates_reads_like_text() -> None:
    region = province()
    book = openpyxl.Workbook()
    sheet = book.active
    labels = RuleResource.labels()
    sheet.append([labels[c] for c in RULE_COLUMNS])
    cells = row_for(region, amount="100")
    values: list[Any] = [cells.get(c, None) for c in RULE_COLUMNS]
    values[RULE_COLUMNS.index("region_code")] = int(region.code)
    values[RULE_COLUMNS.index("amount")] = 100.0
    values[RULE_COLUMNS.index("effective_from")] = dt.datetime(2025, 1, 1)
    values[RULE_COLUMNS.index("category")] = "退休人员"  # the label, as a Chinese editor writes it
    sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    outcome = import_rules(out.getvalue(), fmt="xlsx")
    assert not outcome.errors, outcome.errors
    assert outcome.rows == [(2, "新增")]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"effective_from": "2026-13-01"}, ["第 2 行", "“生效日期”列", "2026-13-01", "年-月-日"]),
        ({"category": "老人"}, ["第 2 行", "“参保类别”列", "老人", "可填：employee（在职职工）"]),
        ({"precision": "大概"}, ["“精确程度”列", "大概", "exact（准确数）"]),
    ],
)
def test_errors_name_the_row_the_column_the_value_and_the_allowed_values(
    client: Client, cells: dict[str, str], expected: list[str]
) -> None:
    html = preview(client, csv_of(row_for(province(), **cells)))
    assert "确认导入" not in html
    for words in expected:
        assert words in html, (words, re.findall(r"<li>第.*?</li>", html))
    assert "Traceback" not in html and 'File "' not in html


def test_a_file_that_is_not_a_spreadsheet_gets_a_chinese_message(client: Client) -> None:
    html = preview(client, b"\x89PNG\r\n\x1a\n\x00\x00binary", fmt="1", name="x.xlsx")
    assert "不是能读懂的 Excel 工作簿" in html and "Traceback" not in html
    html = preview(client, b"\xff\xfe\x00\xd8\x00\xdc\xff" * 3, fmt="0")
    assert "既不是 UTF-8 编码，也不是 GBK/GB18030 编码" in html


def test_a_file_over_the_limit_is_refused_at_once(client: Client, monkeypatch: Any) -> None:
    monkeypatch.setattr("policies.admin.MAX_UPLOAD_BYTES", 1024)
    html = preview(client, "a" * 2048)
    assert "的上限；请分成几个文件分别导入" in html and "确认导入" not in html


def test_uploads_never_confirmed_expire() -> None:
    storage = spreadsheet.ExpiringUploads()
    storage.save(b"old")
    old = storage.path()
    stale = time.time() - spreadsheet.UPLOAD_TTL_SECONDS - 60
    os.utime(old, (stale, stale))
    spreadsheet.ExpiringUploads().save(b"new")
    assert not os.path.exists(old)


def test_the_import_help_lists_every_column_with_its_allowed_values(client: Client) -> None:
    html = client.get("/admin/policies/accountrule/import/help/").content.decode()
    for name in RULE_COLUMNS:
        assert f"<code>{name}</code>" in html, name
    assert "地区代码" in html and "fixed_monthly" in html and "每月定额" in html
    example = client.get("/admin/policies/accountrule/import/help/?example=csv")
    assert example.status_code == 200 and example.content.startswith("\ufeff".encode())
    assert "/admin/policies/accountrule/import/help/" in client.get(IMPORT).content.decode()
