"""The admin as an editor uses it: validation messages, nothing lost, history and revert."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from policies.models import AccountRule, Region, Source
from tests.admin_forms import edit_token

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/policies/accountrule/add/"


def rule_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "status": "published",
        "region": Region.objects.get(code="320000").pk,
        "category": "retiree",
        "effective_from": "2026-01-01",
        "method": "fixed_monthly",
        "rate": "",
        "amount": "",
        "reference_base": "",
        "precision": "exact",
        "source": Source.objects.get(document_number="国办发〔2021〕14号").pk,
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


def with_brackets(rows: list[tuple[str, str, str, str]], **overrides: object) -> dict[str, object]:
    data = rule_form(**overrides)
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
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert editor_client.get(reverse(f"{name}_changelist")).status_code == 200, name
        assert editor_client.get(reverse(f"{name}_add")).status_code in (200, 403), name
        obj = model._default_manager.first()
        if obj is not None:
            for view in ("change", "history"):
                url = reverse(f"{name}_{view}", args=[obj.pk])
                assert editor_client.get(url).status_code == 200, url
    rule = AccountRule.objects.filter(region__code="310000").first()
    assert rule is not None
    change = editor_client.get(reverse("admin:policies_accountrule_change", args=[rule.pk]))
    assert change.status_code == 200
    assert 'class="viewsitelink"' in change.content.decode()  # "在站点上查看"


def test_changelist_filters_and_search(editor_client: Client) -> None:
    url = "/admin/policies/accountrule/"
    for query in (
        "?scope=national",
        "?scope=310000",
        "?stale=yes",
        "?source__grade=web",
        "?q=上海",
    ):
        assert editor_client.get(url + query).status_code == 200
    national = editor_client.get(url + "?scope=national").content.decode()
    assert "全国 · 在职职工" in national and "上海市 · 退休人员" not in national


def test_valid_rule_with_brackets_is_saved(editor_client: Client) -> None:
    data = with_brackets([("", "69", "", "100"), ("70", "", "", "120")])
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302
    rule = AccountRule.objects.get(region__code="320000", category="retiree")
    assert [(b.min_age, b.max_age, b.amount) for b in rule.brackets.all()] == [
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
    brackets: list[tuple[str, str, str, str]] | None,
    overrides: dict[str, object],
    message: str,
) -> None:
    data = with_brackets(brackets, **overrides) if brackets else rule_form(**overrides)
    before = AccountRule.objects.count()
    response = editor_client.post(ADD_URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "编辑录入的说明" in html  # what the editor typed is still in the form
    assert AccountRule.objects.count() == before


def test_duplicate_region_category_and_date_is_refused(editor_client: Client) -> None:
    wuhan = Region.objects.get(code="420100")
    data = rule_form(region=wuhan.pk, effective_from="2023-02-01", amount="90")
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "该地区、该类别在这个生效日期已经有一条标准。" in response.content.decode()


def test_duplicate_national_default_is_refused(editor_client: Client) -> None:
    data = rule_form(
        region="", category="employee", effective_from="2021-04-22", method="percent_base", rate="2"
    )
    response = editor_client.post(ADD_URL, data)
    assert "全国标准在这个类别和生效日期已经有一条。" in response.content.decode()


def test_every_change_is_kept_with_who_and_can_be_reverted(editor_client: Client, editor) -> None:  # noqa: ANN001
    rule = AccountRule.objects.get(region__code="420100", category="retiree")
    url = reverse("admin:policies_accountrule_change", args=[rule.pk])
    data = rule_form(
        region=rule.region_id,
        effective_from="2023-02-01",
        amount="85",
        source=rule.source_id,
        note=rule.note,
        verified_on="",
        precision=rule.precision,
        edit_token=edit_token(editor_client, url),
        confirm_save="on",  # the note mentions other reported figures (82, 88): a warning
    )
    assert editor_client.post(url, data).status_code == 302
    rule.refresh_from_db()
    assert rule.amount == Decimal("85.00")

    latest, previous = rule.history.all()[:2]
    assert latest.history_user == editor
    assert (previous.amount, latest.amount) == (Decimal("83.00"), Decimal("85.00"))
    delta = latest.diff_against(previous)
    assert [c.field for c in delta.changes] == ["amount"]

    history = editor_client.get(reverse("admin:policies_accountrule_history", args=[rule.pk]))
    assert history.status_code == 200 and "editor" in history.content.decode()

    revert_url = reverse(
        "admin:policies_accountrule_simple_history", args=[rule.pk, previous.history_id]
    )
    token = edit_token(editor_client, revert_url)
    reverted = editor_client.post(revert_url, {**data, "amount": "83", "edit_token": token})
    assert reverted.status_code == 302
    rule.refresh_from_db()
    assert rule.amount == Decimal("83.00")


def test_stale_rules_are_flagged(editor_client: Client) -> None:
    rule = AccountRule.objects.get(region__code="620000", source__key="seed-002")
    rule.verified_on = dt.date(2020, 1, 1)
    rule.save()
    html = editor_client.get("/admin/policies/accountrule/?stale=yes").content.decode()
    assert "甘肃省 · 退休人员" in html and "上海市 · 退休人员" not in html


def test_admin_needs_a_staff_login(client: Client) -> None:
    response = client.get("/admin/policies/accountrule/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_provincial_pool_is_only_for_a_province(editor_client: Client) -> None:
    city = Region.objects.get(code="320100")
    data = rule_form(region=city.pk, amount="100", pool="provincial_units")
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "只适用于省级地区的标准" in response.content.decode()
    assert not AccountRule.objects.filter(region=city).exists()
