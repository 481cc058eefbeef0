"""Editors' yearly-update tools in the admin: nothing lost, sanity, drafts and preview,
new versions, coverage, import screens, Chinese throughout."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from guides.models import GuideSection
from policies.models import AccountRule, Region
from policies.resources import RULE_COLUMNS
from tests.admin_forms import edit_token
from tests.factories import SourceFactory, city, province, rule

pytestmark = pytest.mark.django_db


def change_url(obj: AccountRule) -> str:
    return reverse("admin:policies_accountrule_change", args=[obj.pk])


def rule_post(obj: AccountRule, **overrides: object) -> dict[str, object]:
    """The change form of ``obj`` as an editor would submit it (brackets included)."""
    data: dict[str, object] = {
        "status": obj.status,
        "region": obj.region_id or "",
        "category": obj.category,
        "effective_from": f"{obj.effective_from:%Y-%m-%d}",
        "method": obj.method,
        "rate": obj.rate if obj.rate is not None else "",
        "amount": obj.amount if obj.amount is not None else "",
        "reference_base": "",
        "precision": obj.precision,
        "pool": obj.pool,
        "start_precision": obj.start_precision,
        "subgroup": obj.subgroup,
        "source": obj.source_id,
        "verified_on": f"{obj.verified_on:%Y-%m-%d}" if obj.verified_on else "",
        "note": obj.note,
    }
    rows = list(obj.brackets.all())
    data |= {
        "deductions-TOTAL_FORMS": "0",
        "deductions-INITIAL_FORMS": "0",
        "brackets-TOTAL_FORMS": str(len(rows)),
        "brackets-INITIAL_FORMS": str(len(rows)),
        "brackets-MIN_NUM_FORMS": "0",
        "brackets-MAX_NUM_FORMS": "1000",
    }
    for i, b in enumerate(rows):
        data |= {
            f"brackets-{i}-id": b.pk,
            f"brackets-{i}-rule": obj.pk,
            f"brackets-{i}-min_age": "" if b.min_age is None else b.min_age,
            f"brackets-{i}-max_age": "" if b.max_age is None else b.max_age,
            f"brackets-{i}-rate": "",
            f"brackets-{i}-amount": b.amount,
        }
    data.update(overrides)
    return data


def bracket_rule() -> AccountRule:
    return rule(
        province(), brackets=[(None, 69, None, Decimal("100")), (70, None, None, Decimal("110"))]
    )


# --- Edits never lost --------------------------------------------------------------------


def test_two_stale_saves_the_second_is_refused_and_nothing_is_lost(editor: User) -> None:
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(User.objects.create_superuser("editor2", "e2@example.com", "x"))
    value = bracket_rule()
    url = change_url(value)
    token_1, token_2 = edit_token(first, url), edit_token(second, url)
    assert token_1 == token_2

    saved = first.post(url, rule_post(value, note="第一位编辑的说明", edit_token=token_1))
    assert saved.status_code == 302

    late = rule_post(value, **{"brackets-1-amount": "120", "edit_token": token_2})
    refused = second.post(url, late)
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "这条记录已被他人修改" in html
    assert f'href="{url}"' in html  # a link to the newer version
    assert 'value="120"' in html  # the second editor's input is still in the form
    value.refresh_from_db()
    assert value.note == "第一位编辑的说明"
    assert [b.amount for b in value.brackets.all()] == [Decimal("100.00"), Decimal("110.00")]

    # Reloading gives a fresh token, and then the second editor's change goes through.
    retry = rule_post(value, **{"brackets-1-amount": "120", "edit_token": edit_token(second, url)})
    assert second.post(url, retry).status_code == 302
    value.refresh_from_db()
    assert value.note == "第一位编辑的说明"
    assert [b.amount for b in value.brackets.all()] == [Decimal("100.00"), Decimal("120.00")]


def test_a_change_to_an_inline_row_alone_also_makes_the_form_stale(editor_client: Client) -> None:
    value = bracket_rule()
    url = change_url(value)
    token = edit_token(editor_client, url)
    bracket = value.brackets.last()
    bracket.amount = Decimal("115")
    bracket.save()  # e.g. an import, or another editor's save
    refused = editor_client.post(url, rule_post(value, edit_token=token))
    assert "这条记录已被他人修改" in refused.content.decode()


def test_every_editable_model_guards_its_change_form(editor_client: Client) -> None:
    section = GuideSection.objects.first()
    url = reverse("admin:guides_guidesection_change", args=[section.pk])
    assert 'name="edit_token"' in editor_client.get(url).content.decode()
    from django.contrib import admin

    from yibao_site.lib.admin import EditorAdmin

    project = ("policies", "guides", "faq", "reports")
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in project:
            assert isinstance(model_admin, EditorAdmin), model


def test_reverting_a_rule_restores_its_age_brackets(editor_client: Client) -> None:
    value = bracket_rule()
    url = change_url(value)
    first = rule_post(value, edit_token=edit_token(editor_client, url))
    assert editor_client.post(url, first).status_code == 302  # a version with 100 / 110
    version = value.history.first()
    changed = rule_post(
        value,
        **{
            "brackets-1-amount": "130",
            "brackets-1-DELETE": "",
            "edit_token": edit_token(editor_client, url),
        },
    )
    changed["brackets-0-DELETE"] = "on"  # and drop the lower bracket
    changed["brackets-1-min_age"] = ""
    assert editor_client.post(url, changed).status_code == 302
    value.refresh_from_db()
    assert [(b.min_age, b.amount) for b in value.brackets.all()] == [(None, Decimal("130.00"))]

    history = editor_client.get(reverse("admin:policies_accountrule_history", args=[value.pk]))
    text = history.content.decode()
    assert "年龄段：删除“69周岁及以下”" in text and "金额（元） 110.00 → 130.00" in text
    assert "None" not in re.sub(r"<[^>]+>", "", text.split('id="change-history"')[1])

    revert_url = reverse("admin:policies_accountrule_simple_history", args=[value.pk, version.pk])
    page = editor_client.get(revert_url).content.decode()
    assert "年龄段：恢复后为" in page and "69周岁及以下：100.00 元" in page
    value.refresh_from_db()
    reverted = editor_client.post(
        revert_url,
        rule_post(value, amount="", edit_token=edit_token(editor_client, revert_url))
        | {"brackets-TOTAL_FORMS": "0", "brackets-INITIAL_FORMS": "0"}
        | {"deductions-TOTAL_FORMS": "0", "deductions-INITIAL_FORMS": "0"}
        | {"pool": "region_wide", "start_precision": "day"},
    )
    assert reverted.status_code == 302, reverted.content.decode()[:2000]
    value.refresh_from_db()
    assert [(b.min_age, b.max_age, b.amount) for b in value.brackets.all()] == [
        (None, 69, Decimal("100.00")),
        (70, None, Decimal("110.00")),
    ]


# --- Sanity with confirmation -------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "warning"),
    [
        ({"amount": "99999"}, "远高于常见范围"),
        ({"effective_from": "1950-01-01"}, "早于 1998 年"),
        ({"effective_from": "2031-01-01"}, "在两年以后"),
        ({"method": "percent_own_pension", "amount": "", "rate": "15"}, "超过常见范围"),
        ({"amount": "160"}, "高出 60%"),
        ({"amount": "40"}, "低了 60%"),
        ({"amount": "105", "note": "每月划入 150 元"}, "数字 150"),
    ],
)
def test_unusual_figures_need_an_explicit_confirmation(
    editor_client: Client, overrides: dict[str, str], warning: str
) -> None:
    region = province()
    rule(region, amount=Decimal("100"), effective_from=dt.date(2023, 1, 1))
    data = {
        "status": "published",
        "region": region.pk,
        "category": "retiree",
        "effective_from": "2026-01-01",
        "method": "fixed_monthly",
        "amount": "105",
        "rate": "",
        "reference_base": "",
        "precision": "exact",
        "source": SourceFactory().pk,
        "note": "",
        "brackets-TOTAL_FORMS": "0",
        "deductions-TOTAL_FORMS": "0",
        "deductions-INITIAL_FORMS": "0",
        "pool": "region_wide",
        "start_precision": "day",
        "brackets-INITIAL_FORMS": "0",
    } | overrides
    add = "/admin/policies/accountrule/add/"
    warned = editor_client.post(add, data)
    assert warned.status_code == 200
    html = warned.content.decode()
    assert warning in html and "确认保存" in html
    assert AccountRule.all_objects.filter(region=region).count() == 1
    confirmed = editor_client.post(add, data | {"confirm_save": "on"})
    assert confirmed.status_code == 302
    assert AccountRule.all_objects.filter(region=region).count() == 2


def test_errors_stay_errors_even_when_confirmed(editor_client: Client) -> None:
    region = province()
    data = {
        "status": "published",
        "region": region.pk,
        "category": "retiree",
        "effective_from": "2026-01-01",
        "method": "fixed_monthly",
        "amount": "-5",
        "precision": "exact",
        "source": SourceFactory().pk,
        "confirm_save": "on",
        "brackets-TOTAL_FORMS": "0",
        "deductions-TOTAL_FORMS": "0",
        "deductions-INITIAL_FORMS": "0",
        "pool": "region_wide",
        "start_precision": "day",
        "brackets-INITIAL_FORMS": "0",
    }
    response = editor_client.post("/admin/policies/accountrule/add/", data)
    assert response.status_code == 200 and not AccountRule.all_objects.filter(region=region)


def test_ordinary_figures_save_without_a_question(editor_client: Client) -> None:
    region = province()
    rule(region, amount=Decimal("100"), effective_from=dt.date(2023, 1, 1))
    data = {
        "status": "published",
        "region": region.pk,
        "category": "retiree",
        "effective_from": "2026-01-01",
        "method": "fixed_monthly",
        "amount": "110",
        "precision": "exact",
        "source": SourceFactory().pk,
        "brackets-TOTAL_FORMS": "0",
        "deductions-TOTAL_FORMS": "0",
        "deductions-INITIAL_FORMS": "0",
        "pool": "region_wide",
        "start_precision": "day",
        "brackets-INITIAL_FORMS": "0",
    }
    assert editor_client.post("/admin/policies/accountrule/add/", data).status_code == 302


# --- New version, drafts and preview ------------------------------------------------------


def test_new_version_opens_a_prefilled_form_with_brackets_and_no_copied_text(
    editor_client: Client,
) -> None:
    value = bracket_rule()
    value.note = "旧说明：每月 100 元"
    value.save()
    page = editor_client.get(change_url(value)).content.decode()
    assert f'href="/admin/policies/accountrule/add/?from={value.pk}"' in page
    form = editor_client.get(f"/admin/policies/accountrule/add/?from={value.pk}").content.decode()
    assert f'<option value="{value.region_id}" selected>' in form
    assert 'name="brackets-0-max_age" value="69"' in form
    assert 'name="brackets-1-amount" value="110.00"' in form
    assert "旧说明" not in form  # the reader-facing text is generated from the new figures
    assert '<option value="draft" selected>' in form
    assert 'name="effective_from" value=""' in form or 'name="effective_from" class' in form
    action = editor_client.post(
        "/admin/policies/accountrule/",
        {"action": "new_version_action", "_selected_action": [value.pk]},
    )
    assert action["Location"] == f"/admin/policies/accountrule/add/?from={value.pk}"


def test_drafts_reach_no_reader_and_the_editors_preview_is_private(
    client: Client, editor_client: Client
) -> None:
    region = city()
    draft = rule(
        region, amount=Decimal("87.65"), status="draft", effective_from=dt.date(2026, 1, 1)
    )
    answer = f"/calculator/?region={region.code}&category=retiree&on=2026-06-01"
    for url in (
        answer,
        f"/regions/{region.code}/",
        f"/api/v1/calculate?region={region.code}&category=retiree&on=2026-06-01",
        "/data/rules.json",
        "/changes/",
        "/changes/feed/",
        f"/compare/?regions={region.code}",
    ):
        body = client.get(url).content.decode()
        assert "87.65" not in body, url
    assert 'data-monthly="87.65"' not in client.get(answer + "&preview=1").content.decode()

    preview = editor_client.get(answer + "&preview=1")
    assert 'data-monthly="87.65"' in preview.content.decode()
    assert "编辑预览" in preview.content.decode()
    assert "private" in preview["Cache-Control"] and "no-store" in preview["Cache-Control"]
    region_preview = editor_client.get(f"/regions/{region.code}/?preview=1&on=2026-06-01")
    assert "87.65 元/月" in region_preview.content.decode()
    assert "no-store" in region_preview["Cache-Control"]
    # the change page links both previews as of the rule's start
    page = editor_client.get(change_url(draft)).content.decode()
    assert "preview=1" in page and "on=2026-01-01" in page


def test_publishing_a_draft_makes_it_the_readers_answer(
    client: Client, editor_client: Client
) -> None:
    region = city()
    draft = rule(region, amount=Decimal("66"), status="draft")
    editor_client.post(
        "/admin/policies/accountrule/", {"action": "publish_action", "_selected_action": [draft.pk]}
    )
    html = client.get(f"/calculator/?region={region.code}&category=retiree").content.decode()
    assert 'data-monthly="66.00"' in html


# --- Coverage dashboard -------------------------------------------------------------------


def test_coverage_dashboard_totals_for_a_staff_user(editor_client: Client) -> None:
    response = editor_client.get("/admin/policies/coverage/")
    html = response.content.decode()
    assert response.status_code == 200
    regions = Region.objects.filter(in_system=True)
    total = regions.count()
    own = (
        AccountRule.objects.filter(category="retiree", region__in=regions)
        .values("region")
        .distinct()
        .count()
    )
    line = re.search(r"退休人员：(\d+) 本地 · (\d+) 沿用省级 · (\d+) 全国 · (\d+) 无", html)
    assert line, html[:3000]
    counts = [int(x) for x in line.groups()]
    assert counts[0] == own and sum(counts) == total and counts[2] == 0
    employee = re.search(r"在职职工：(\d+) 本地 · (\d+) 沿用省级 · (\d+) 全国 · (\d+) 无", html)
    assert int(employee.group(4)) == 0  # the national default answers everyone
    cells, page = html.count('class="cell '), 1
    assert len(html.encode()) <= 300 * 1024  # a page of regions, not all of them at once
    while 'rel="next"' in html:
        page += 1
        html = editor_client.get(f"/admin/policies/coverage/?page={page}").content.decode()
        assert len(html.encode()) <= 300 * 1024
        cells += html.count('class="cell ')
    assert cells == total * 4


def test_coverage_cells_filters_and_the_add_link(editor_client: Client) -> None:
    home = province()
    bare, own = city(home), city(home)
    rule(own, verified_on=None)
    url = f"/admin/policies/coverage/?province={home.code}&category=retiree"
    html = editor_client.get(url).content.decode()
    cell = re.search(rf'data-region="{bare.code}" data-category="retiree" data-state="(\w+)"', html)
    assert cell and cell.group(1) == "none"
    assert f"/admin/policies/accountrule/add/?region={bare.pk}&amp;category=retiree" in html
    assert 'data-region="110000"' not in html
    listed = editor_client.get(f"/admin/policies/coverage/?province={home.code}&state=own")
    assert own.name in listed.content.decode() and bare.name not in listed.content.decode()
    for bad in ("?province=<script>", "?category=x", "?state=x"):
        assert editor_client.get("/admin/policies/coverage/" + bad).status_code == 200
    assert editor_client.get("/admin/policies/coverage/?state=%00").status_code == 400


def test_coverage_needs_a_staff_login(client: Client) -> None:
    response = client.get("/admin/policies/coverage/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_index_links_the_editors_tools(editor_client: Client) -> None:
    html = editor_client.get("/admin/").content.decode()
    for href in ("/admin/policies/coverage/", "/admin/policies/accountrule/import/"):
        assert f'href="{href}' in html


# --- Import in the admin ------------------------------------------------------------------


def test_admin_import_shows_a_chinese_dry_run_then_applies_on_confirm(
    editor_client: Client,
) -> None:
    region = province()
    SourceFactory(key="admin-import")
    header = ",".join(RULE_COLUMNS)
    values = dict.fromkeys(RULE_COLUMNS, "") | {
        "region_code": region.code,
        "category": "retiree",
        "effective_from": "2026-01-01",
        "method": "fixed_monthly",
        "amount": "100",
        "precision": "exact",
        "source_key": "admin-import",
        "status": "published",
    }
    bad = values | {"region_code": "999999", "effective_from": "2026-02-01"}
    body = "\n".join([header, ",".join(values[c] for c in RULE_COLUMNS)]) + "\n"
    upload = SimpleUploadedFile("rules.csv", body.encode(), content_type="text/csv")
    url = "/admin/policies/accountrule/import/"
    page = editor_client.get(url).content.decode()
    assert "导入" in page
    preview = editor_client.post(
        url, {"resource": "0", "format": "0", "import_file": upload}
    ).content.decode()
    assert "新增" in preview and "确认导入" in preview
    assert not AccountRule.all_objects.filter(region=region).exists()
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', preview))
    confirmed = editor_client.post("/admin/policies/accountrule/process_import/", fields)
    assert confirmed.status_code == 302
    assert AccountRule.objects.filter(region=region, amount=100).exists()

    errors_body = "\n".join([header, ",".join(bad[c] for c in RULE_COLUMNS)]) + "\n"
    upload = SimpleUploadedFile("rules.csv", errors_body.encode(), content_type="text/csv")
    html = editor_client.post(url, {"resource": "0", "format": "0", "import_file": upload})
    text = html.content.decode()
    assert "没有地区代码“999999”" in text and "确认导入" not in text


# --- Chinese throughout -------------------------------------------------------------------


def test_admin_screens_are_in_chinese_with_neutral_staleness_marks(editor_client: Client) -> None:
    index = editor_client.get("/admin/").content.decode()
    assert "Access attempts" not in index and ">Axes<" not in index
    assert "登录保护" in index and "登录尝试" in index
    rules = editor_client.get("/admin/policies/accountrule/").content.decode()
    assert "icon-no" not in rules and "icon-yes" not in rules
    assert "待核实（从未核实）" in rules
    value = AccountRule.objects.get(region__code="420100", category="retiree")
    history = editor_client.get(reverse("admin:policies_accountrule_history", args=[value.pk]))
    text = history.content.decode()
    assert "CHANGES" not in text.upper().replace("CHANGE-HISTORY", "") or "Changes" not in text
    assert "修改原因" in text and "None" not in re.sub(r"<[^>]+>", " ", text.split("<tbody>")[1])


@pytest.mark.parametrize(
    "model", ["accountrule", "source", "contributionbaselimit", "localchannel"]
)
def test_import_and_export_screens_render_in_chinese(editor_client: Client, model: str) -> None:
    for view in ("import", "export"):
        response = editor_client.get(f"/admin/policies/{model}/{view}/")
        html = response.content.decode()
        assert response.status_code == 200, (model, view)
        assert "导入" in html or "导出" in html
        assert "Format" not in html and "File to import" not in html


def test_report_queue_link_from_the_admin_index_works(editor_client: Client) -> None:
    assert editor_client.get("/admin/reports/report/?status__exact=new").status_code == 200
