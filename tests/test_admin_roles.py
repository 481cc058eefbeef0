"""Permissions that hold: what each kind of staff account can and cannot do in the admin.

Four personas: a viewer (view-only staff), a drafter (an editor without the publish
permission nor rights on sources), an editor (every right, not a superuser) and a
superuser. Every refused attempt leaves the database exactly as it was.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from policies.models import (
    AccountRule,
    AgeBracket,
    ContributionBaseLimit,
    LocalChannel,
    Region,
    Source,
)
from policies.resources import RULE_COLUMNS
from reports.models import ArrivedReport, Lead, ReaderFigure, Report, Unit
from tests.admin_forms import edit_token
from tests.factories import SourceFactory, province, rule

pytestmark = pytest.mark.django_db
APPS = ("policies", "reports")
ROLES = ("viewer", "drafter", "editor", "superuser")
WATCHED = (AccountRule, AgeBracket, Source, ContributionBaseLimit, LocalChannel, Report, Lead)


def make_user(role: str) -> User:
    if role == "superuser":
        return User.objects.create_superuser(role, f"{role}@example.com", "x")
    user = User.objects.create_user(role, f"{role}@example.com", "x", is_staff=True)
    perms = Permission.objects.filter(content_type__app_label__in=APPS)
    if role == "viewer":
        perms = perms.filter(codename__startswith="view_")
    elif role == "drafter":
        perms = perms.exclude(codename="publish_accountrule").exclude(
            codename__in=["add_source", "change_source", "delete_source"]
        )
    user.user_permissions.set(perms)
    return user


def login(role: str) -> Client:
    client = Client()
    client.force_login(make_user(role))
    return client


def snapshot() -> list[list[dict[str, Any]]]:
    """Every row of the tables an editor's actions touch."""
    return [list(m._default_manager.order_by("pk").values()) for m in WATCHED]


@pytest.fixture
def draft() -> AccountRule:
    return rule(province(), status="draft", amount=Decimal("80"))


@pytest.fixture
def published() -> AccountRule:
    return rule(province(), amount=Decimal("59"))


@pytest.fixture
def report() -> Report:
    region = province()
    return Report.objects.create(
        region=region,
        category="retiree",
        amount=Decimal("70"),
        unit=Unit.MONTHLY,
        source_url="https://reader.example/notice",
        address_hash="x",
    )


def owned_models() -> list[type]:
    return [m for m in admin.site._registry if m._meta.app_label in APPS]


def url(model: type, view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# --- Pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_changelist_opens_and_add_pages_follow_the_rights(role: str) -> None:
    client = login(role)
    for model in owned_models():
        assert client.get(url(model, "changelist")).status_code == 200, (role, model)
        add = client.get(url(model, "add")).status_code
        # Readers' reports, arrived amounts, reader figures (published from the queue) and
        # leads are never added in the admin;
        # a viewer adds nothing; a drafter has no rights on sources.
        refused = model in (Report, Lead, ArrivedReport, ReaderFigure) or role == "viewer"
        refused = refused or (role == "drafter" and model is Source)
        expected = 403 if refused else 200
        assert add == expected, (role, model, add)


def test_a_viewer_cannot_save_a_change_form(published: AccountRule) -> None:
    client = login("viewer")
    before = snapshot()
    change = url(AccountRule, "change", published.pk)
    page = client.get(change).content.decode()
    assert 'name="_save"' not in page  # a read-only page
    assert client.post(change, {"amount": "99999", "note": "x"}).status_code == 403
    assert snapshot() == before


def test_a_drafter_sees_a_published_rule_read_only_and_edits_drafts(
    published: AccountRule, draft: AccountRule
) -> None:
    client = login("drafter")
    before = snapshot()
    assert client.post(url(AccountRule, "change", published.pk), {"amount": "99"}).status_code == (
        403
    )
    assert snapshot() == before
    page = client.get(url(AccountRule, "change", draft.pk)).content.decode()
    assert 'name="_save"' in page and 'name="status"' not in page  # status is not theirs


# --- Actions -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "drafter"])
def test_publishing_needs_the_publish_permission(role: str, draft: AccountRule) -> None:
    client = login(role)
    changelist = url(AccountRule, "changelist")
    assert "publish_action" not in client.get(changelist).content.decode()
    before = snapshot()
    client.post(changelist, {"action": "publish_action", "_selected_action": [draft.pk]})
    assert snapshot() == before
    draft.refresh_from_db()
    assert draft.is_draft


@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_an_editor_publishes_a_draft(role: str, draft: AccountRule) -> None:
    client = login(role)
    changelist = url(AccountRule, "changelist")
    assert "publish_action" in client.get(changelist).content.decode()
    client.post(changelist, {"action": "publish_action", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert not draft.is_draft


@pytest.mark.parametrize(
    ("model", "action"),
    [
        (Report, "mark_rejected"),
        (Report, "mark_duplicate"),
        (AccountRule, "new_version_action"),
        (AccountRule, "delete_selected"),
        (Source, "delete_selected"),
    ],
)
def test_a_viewer_runs_no_action(model: type, action: str, report: Report, draft: Any) -> None:
    client = login("viewer")
    target = {Report: report, AccountRule: draft, Source: draft.source}[model]
    changelist = url(model, "changelist")
    assert f'value="{action}"' not in client.get(changelist).content.decode()
    before = snapshot()
    response = client.post(
        changelist, {"action": action, "_selected_action": [target.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert snapshot() == before


@pytest.mark.parametrize("action", ["mark_rejected", "mark_duplicate"])
def test_a_drafter_moderates_reports(action: str, report: Report) -> None:
    login("drafter").post(
        url(Report, "changelist"), {"action": action, "_selected_action": [report.pk]}
    )
    report.refresh_from_db()
    assert report.status == {"mark_rejected": "rejected", "mark_duplicate": "duplicate"}[action]


def test_a_viewer_cannot_accept_a_report(report: Report) -> None:
    client = login("viewer")
    before = snapshot()
    assert client.post(url(Report, "accept", report.pk)).status_code == 403
    assert "采纳并录入" not in client.get(url(Report, "change", report.pk)).content.decode()
    assert snapshot() == before


def test_a_drafter_without_source_rights_cannot_accept_into_a_new_source(report: Report) -> None:
    client = login("drafter")
    before = snapshot()
    response = client.post(url(Report, "accept", report.pk))
    assert response.status_code == 302 and "/change/" in response["Location"]
    assert snapshot() == before
    followed = client.get(response["Location"]).content.decode()
    assert "您没有新增来源的权限" in followed


def test_an_editor_accepts_a_report_into_a_new_source(report: Report) -> None:
    response = login("editor").post(url(Report, "accept", report.pk))
    assert response.status_code == 302 and "/accountrule/add/" in response["Location"]
    assert Source.objects.filter(url=report.source_url).exists()


# --- Sources ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "drafter"])
def test_only_users_who_may_add_sources_create_one(role: str) -> None:
    client = login(role)
    before = snapshot()
    data = {
        "title": "冒充的官方文件",
        "grade": "official",
        "url": "https://fake.gov.cn/x",
        "link_safe": "1",
    }
    for suffix in ("", "?_popup=1&_to_field=id"):
        assert client.post(url(Source, "add") + suffix, data).status_code == 403
    assert snapshot() == before
    if role == "drafter":  # the rule form offers no "+" for a new source
        page = client.get(url(AccountRule, "add")).content.decode()
        assert 'id="add_id_source"' not in page


def test_a_new_official_source_on_a_government_site_is_linked_by_default() -> None:
    client = login("editor")
    made = client.post(
        url(Source, "add"),
        {
            "title": "某市医疗保障局关于调整个人账户划入标准的通知",
            "grade": "official",
            "url": "https://ybj.example.gov.cn/notice/1",
            "link_safe": "auto",
        },
    )
    assert made.status_code == 302, made.content.decode()[:2000]
    assert Source.objects.get(url="https://ybj.example.gov.cn/notice/1").link_safe
    client.post(
        url(Source, "add"),
        {
            "title": "某网站转载",
            "grade": "web",
            "url": "https://farm.example/1",
            "link_safe": "auto",
        },
    )
    assert not Source.objects.get(url="https://farm.example/1").link_safe


# --- Import and export -----------------------------------------------------------------------


def rules_file(rows: list[dict[str, str]]) -> SimpleUploadedFile:
    lines = [",".join(RULE_COLUMNS)]
    lines += [",".join(row.get(c, "") for c in RULE_COLUMNS) for row in rows]
    return SimpleUploadedFile("rules.csv", ("\n".join(lines) + "\n").encode(), "text/csv")


def rule_row(region: Region, **cells: str) -> dict[str, str]:
    return {
        "region_code": region.code,
        "category": "retiree",
        "effective_from": "2024-01-01",
        "method": "fixed_monthly",
        "amount": "100",
        "precision": "exact",
        "source_key": "roles",
        "status": "published",
        **cells,
    }


def preview(client: Client, upload: SimpleUploadedFile, model: type = AccountRule) -> str:
    response = client.post(url(model, "import"), {"format": "0", "import_file": upload})
    assert response.status_code == 200
    return response.content.decode()


def confirm(client: Client, html: str, model: type = AccountRule, **extra: str) -> Any:
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    return client.post(url(model, "process_import"), {**fields, **extra})


@pytest.mark.parametrize("model", [AccountRule, Source, ContributionBaseLimit, LocalChannel])
def test_a_viewer_cannot_import_but_can_export(model: type, published: AccountRule) -> None:
    SourceFactory(key="roles")
    client = login("viewer")
    before = snapshot()
    assert client.get(url(model, "import")).status_code == 403
    upload = rules_file([rule_row(published.region, amount="99999")])
    assert client.post(
        url(model, "import"), {"format": "0", "import_file": upload}
    ).status_code == (403)
    assert client.post(url(model, "process_import"), {"import_file_name": "x"}).status_code == 403
    assert snapshot() == before
    changelist = client.get(url(model, "changelist")).content.decode()
    assert url(model, "import") not in changelist
    exported = client.post(url(model, "export"), {"format": "0", "resource": "0"})
    assert exported.status_code == 200 and exported.content.startswith("\ufeff".encode())


def test_a_drafters_import_lands_as_drafts_and_cannot_touch_published_rules(
    published: AccountRule,
) -> None:
    SourceFactory(key="roles")
    client = login("drafter")
    fresh = province()
    before = snapshot()
    html = preview(client, rules_file([rule_row(published.region, amount="99999")]))
    assert "不能通过导入修改" in html and "确认导入" not in html
    assert snapshot() == before

    html = preview(client, rules_file([rule_row(fresh, status="published")]))
    assert "您没有发布权限" in html and "确认导入" in html
    assert confirm(client, html).status_code == 302
    made = AccountRule.all_objects.get(region=fresh)
    assert made.is_draft and not AccountRule.objects.filter(region=fresh).exists()


def test_a_drafters_import_cannot_create_a_source() -> None:
    client = login("drafter")
    region = province()
    row = rule_row(
        region,
        source_key="",
        source_title="自称官方的文件",
        source_url="https://fake.gov.cn/1",
        source_grade="official",
        source_link_safe="1",
    )
    before = snapshot()
    html = preview(client, rules_file([row]))
    assert "您没有新增来源的权限" in html and "确认导入" not in html
    assert snapshot() == before


def test_an_editor_import_publishes_and_creates_a_linked_official_source() -> None:
    client = login("editor")
    region = province()
    row = rule_row(
        region,
        source_key="",
        source_title="某省医保局通知",
        source_url="https://ybj.example.gov.cn/2",
        source_grade="official",
    )
    html = preview(client, rules_file([row]))
    assert confirm(client, html).status_code == 302
    made = AccountRule.objects.get(region=region)
    assert made.source.link_safe and made.source.grade == "official"


def test_a_confirm_for_another_admins_model_is_still_checked(draft: AccountRule) -> None:
    """process_import without a preview (a forged POST) writes nothing."""
    client = login("editor")
    before = snapshot()
    response = client.post(
        url(AccountRule, "process_import"),
        {"import_file_name": "../../etc/passwd", "original_file_name": "a.csv", "format": "0"},
    )
    assert response.status_code == 200 and "已过期" in response.content.decode()
    assert snapshot() == before


def test_a_view_only_user_gets_no_edit_token_path_to_a_save(published: AccountRule) -> None:
    """Even with a valid edit token from the page, a viewer's POST is refused."""
    client = login("viewer")
    editor = login("editor")
    token = edit_token(editor, url(AccountRule, "change", published.pk))
    before = snapshot()
    response = client.post(
        url(AccountRule, "change", published.pk), {"amount": "1", "edit_token": token}
    )
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("role", ["viewer", "drafter"])
def test_a_revert_needs_the_right_to_change_the_row(role: str, published: AccountRule) -> None:
    published.amount = Decimal("99999")
    published.save()  # a second version, so there is an older one to go back to
    older = published.history.order_by("history_date").first()
    client = login(role)
    revert = url(AccountRule, "simple_history", published.pk, older.history_id)
    before = snapshot()
    response = client.post(revert, {"amount": "59", "edit_token": "x"})
    assert response.status_code == 403
    assert snapshot() == before


def test_a_drafters_new_rule_is_a_draft_whatever_the_form_says() -> None:
    region = province()
    source = SourceFactory()
    client = login("drafter")
    data = {
        "status": "published",
        "region": region.pk,
        "category": "retiree",
        "effective_from": "2025-01-01",
        "method": "fixed_monthly",
        "amount": "100",
        "precision": "exact",
        "pool": "region_wide",
        "start_precision": "day",
        "source": source.pk,
        "brackets-TOTAL_FORMS": "0",
        "brackets-INITIAL_FORMS": "0",
        "deductions-TOTAL_FORMS": "0",
        "deductions-INITIAL_FORMS": "0",
    }
    assert client.post(url(AccountRule, "add"), data).status_code == 302
    made = AccountRule.all_objects.get(region=region)
    assert made.is_draft and not AccountRule.objects.filter(region=region).exists()
