"""The admin as an editor uses it: validation messages, nothing lost, history and revert."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from policies.models import AccountRule, Region
from policies.terms import Category, Method, Precision
from tests.admin_forms import edit_token
from tests.factories import SourceFactory, city, province, rule

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/policies/accountrule/add/"


@pytest.fixture
def home() -> Region:
    """A province with no rule yet, for the editor to add one to."""
    return province()


def rule_form(home: Region | None, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "status": "published",
        "region": home.pk if home else "",
        "category": "retiree",
        "effective_from": "2026-01-01",
        "method": "fixed_monthly",
        "rate": "",
        "amount": "",
        "reference_base": "",
        "precision": "exact",
        "source": SourceFactory().pk,
        "verified_on": "2026-11-01",
        "note": "编辑录入的说明",
        "brackets-TOTAL_FORMS": "0",
        "deductions-TOTAL_FORMS": "0",
        "deductions-INITIAL_FORMS": "0",
        "pool": "region_wide",
        "start_precision": "day",
        "brackets-INITIAL_FORMS": "0",
        "brackets-MIN_NUM_FORMS": "0",
        "brackets-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def with_brackets(
    home: Region, rows: list[tuple[str, str, str, str]], **overrides: object
) -> dict[str, object]:
    data = rule_form(home, **overrides)
    data["brackets-TOTAL_FORMS"] = str(len(rows))
    for i, (low, high, rate, amount) in enumerate(rows):
        data[f"brackets-{i}-min_age"] = low
        data[f"brackets-{i}-max_age"] = high
        data[f"brackets-{i}-rate"] = rate
        data[f"brackets-{i}-amount"] = amount
    return data


@pytest.mark.slow
def test_every_admin_page_renders(editor_client: Client) -> None:
    """The list, add, change and history page of every model an editor can reach."""
    made = rule(city())
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert editor_client.get(reverse(f"{name}_changelist")).status_code == 200, name
        assert editor_client.get(reverse(f"{name}_add")).status_code in (200, 403), name
        obj = model._default_manager.first()
        if obj is not None:
            for view in ("change", "history"):
                url = reverse(f"{name}_{view}", args=[obj.pk])
                assert editor_client.get(url).status_code == 200, url
    change = editor_client.get(reverse("admin:policies_accountrule_change", args=[made.pk]))
    assert change.status_code == 200
    assert 'class="viewsitelink"' in change.content.decode()  # "在站点上查看"


def test_changelist_filters_and_search(editor_client: Client) -> None:
    home = city()
    local = rule(home)
    national = rule(None, category=Category.FLEXIBLE, effective_from=dt.date(2020, 1, 1))
    url = "/admin/policies/accountrule/"
    for query in (
        "?scope=national",
        f"?scope={home.code}",
        "?stale=yes",
        "?source__grade=web",
        f"?q={home.name}",
    ):
        assert editor_client.get(url + query).status_code == 200
    national_list = editor_client.get(url + "?scope=national").content.decode()
    assert str(national) in national_list and str(local) not in national_list
    local_list = editor_client.get(url + f"?scope={home.code}").content.decode()
    assert str(local) in local_list and str(national) not in local_list
    assert str(local) in editor_client.get(url + f"?q={home.name}").content.decode()


def test_valid_rule_with_brackets_is_saved(editor_client: Client, home: Region) -> None:
    data = with_brackets(home, [("", "69", "", "100"), ("70", "", "", "120")])
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302
    saved = AccountRule.objects.get(region=home, category="retiree")
    assert [(b.min_age, b.max_age, b.amount) for b in saved.brackets.all()] == [
        (None, 69, Decimal("100.00")),
        (70, None, Decimal("120.00")),
    ]


@pytest.mark.parametrize(
    ("brackets", "overrides", "message"),
    [
        ([("", "70", "", "100"), ("70", "", "", "110")], {}, "重叠了"),
        ([("", "69", "", "100"), ("75", "", "", "110")], {}, "之间有空档（70至74周岁）"),
        ([("70", "", "", "110"), ("", "69", "", "100")], {}, "请按年龄从小到大排列"),
        ([("80", "70", "", "100")], {}, "截止年龄不能小于起始年龄"),
        ([("", "69", "2", "")], {}, "缺少金额"),
        ([("", "69", "", "100")], {"amount": "100"}, "上方的比例和金额留空"),
        (None, {"method": "percent_base", "rate": "120"}, "100"),
        (None, {"amount": "-5"}, "0"),
        (None, {"amount": ""}, "请填写“金额（元）”"),
        (None, {"source": ""}, "这个字段是必填项"),
        (None, {"method": "none", "amount": "10"}, "不需要比例或金额"),
        (None, {"amount": "100", "verified_on": "2999-01-01"}, "核实日期不能晚于今天"),
        (None, {"amount": "abc"}, "输入一个数字"),
    ],
)
def test_invalid_rule_is_refused_with_a_message_and_input_kept(
    editor_client: Client,
    home: Region,
    brackets: list[tuple[str, str, str, str]] | None,
    overrides: dict[str, object],
    message: str,
) -> None:
    data = with_brackets(home, brackets or [], **overrides)
    before = AccountRule.objects.count()
    response = editor_client.post(ADD_URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "编辑录入的说明" in html  # what the editor typed is still in the form
    assert AccountRule.objects.count() == before


def test_duplicate_region_category_and_date_is_refused(editor_client: Client) -> None:
    home = city()
    rule(home, effective_from=dt.date(2023, 2, 1), amount=Decimal("83"))
    data = rule_form(home, effective_from="2023-02-01", amount="90")
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "该地区、该类别在这个生效日期已经有一条标准。" in response.content.decode()


def test_duplicate_national_default_is_refused(editor_client: Client) -> None:
    rule(
        None,
        category=Category.EMPLOYEE,
        effective_from=dt.date(2020, 1, 1),
        method=Method.PERCENT_BASE,
        rate=Decimal("2"),
        amount=None,
    )
    data = rule_form(
        None, category="employee", effective_from="2020-01-01", method="percent_base", rate="2"
    )
    response = editor_client.post(ADD_URL, data)
    assert "全国标准在这个类别和生效日期已经有一条。" in response.content.decode()


def test_every_change_is_kept_with_who_and_can_be_reverted(editor_client: Client, editor) -> None:  # noqa: ANN001
    made = rule(
        city(),
        effective_from=dt.date(2023, 2, 1),
        amount=Decimal("83"),
        precision=Precision.ABOUT,
        note="这是居民账户上看到的数，另有报道称82元或88元。",
        verified_on=None,
    )
    url = reverse("admin:policies_accountrule_change", args=[made.pk])
    data = rule_form(
        made.region,
        effective_from="2023-02-01",
        amount="85",
        source=made.source_id,
        note=made.note,
        verified_on="",
        precision=made.precision,
        edit_token=edit_token(editor_client, url),
        confirm_save="on",  # the note mentions other reported figures (82, 88): a warning
    )
    assert editor_client.post(url, data).status_code == 302
    made.refresh_from_db()
    assert made.amount == Decimal("85.00")

    latest, previous = made.history.all()[:2]
    assert latest.history_user == editor
    assert (previous.amount, latest.amount) == (Decimal("83.00"), Decimal("85.00"))
    delta = latest.diff_against(previous)
    assert [c.field for c in delta.changes] == ["amount"]

    history = editor_client.get(reverse("admin:policies_accountrule_history", args=[made.pk]))
    assert history.status_code == 200 and "editor" in history.content.decode()

    revert_url = reverse(
        "admin:policies_accountrule_simple_history", args=[made.pk, previous.history_id]
    )
    token = edit_token(editor_client, revert_url)
    reverted = editor_client.post(revert_url, {**data, "amount": "83", "edit_token": token})
    assert reverted.status_code == 302
    made.refresh_from_db()
    assert made.amount == Decimal("83.00")


def test_stale_rules_are_flagged(editor_client: Client) -> None:
    stale, unchecked, recent = province(), province(), province()
    rule(stale, verified_on=dt.date(2020, 1, 1))
    rule(unchecked, verified_on=None)
    rule(recent, verified_on=timezone.localdate())
    html = editor_client.get("/admin/policies/accountrule/?stale=yes").content.decode()
    assert f"{stale.name} · 退休人员" in html
    assert f"{unchecked.name} · 退休人员" not in html
    assert f"{recent.name} · 退休人员" not in html


def test_admin_needs_a_staff_login(client: Client) -> None:
    response = client.get("/admin/policies/accountrule/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_provincial_pool_is_only_for_a_province(editor_client: Client) -> None:
    home = city()
    data = rule_form(home, amount="100", pool="provincial_units")
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "只适用于省级地区的标准" in response.content.decode()
    assert not AccountRule.objects.filter(region=home).exists()
