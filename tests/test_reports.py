"""Readers' reports: the form, spam and abuse limits, the moderation queue, accept."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from policies.models import AccountRule, Region, Source
from reports.models import Report, hash_address
from tests.admin_forms import edit_token
from tests.factories import city, province, rule

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def home() -> Region:
    """The reader's city, with no rule of its own yet."""
    return city()


def report_url(region: Region) -> str:
    return f"/regions/{region.code}/report/"


def valid(**overrides: str) -> dict[str, str]:
    data = {
        "category": "retiree",
        "amount": "120",
        "unit": "yuan_month",
        "effective_from": "2025-01-01",
        "source_url": "https://ybj.example.gov.cn/notice/1",
        "document_number": "",
        "note": "医保局网站上的通知",
        "contact": "",
        "website": "",
    }
    data.update(overrides)
    return data


def csrf_post(client: Client, url: str, data: dict[str, str], **extra: str):  # noqa: ANN201
    page = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return client.post(url, {**data, "csrfmiddlewaretoken": token}, **extra)


def test_a_report_with_its_csrf_token_lands_in_the_admin_queue(
    editor_client: Client, home: Region
) -> None:
    reader = Client(enforce_csrf_checks=True)
    response = csrf_post(reader, report_url(home), valid())
    assert response.status_code == 302
    assert response["Location"] == f"/regions/{home.code}/report/thanks/"
    thanks = reader.get(response["Location"]).content.decode()
    assert "已收到，核实后会更新" in thanks
    report = Report.objects.get()
    assert (report.region, report.category, str(report.amount)) == (home, "retiree", "120.00")
    assert report.status == "new" and report.address_hash == hash_address("127.0.0.1")
    queue = editor_client.get("/admin/reports/report/").content.decode()
    assert home.name in queue and "120.00 元/月" in queue and "待处理" in queue


def test_a_post_without_the_csrf_token_is_refused(home: Region) -> None:
    reader = Client(enforce_csrf_checks=True)
    assert reader.post(report_url(home), valid()).status_code == 403
    assert not Report.objects.exists()


@override_settings(REPORTS_PER_HOUR=5)
def test_the_sixth_report_from_one_address_within_an_hour_gets_429(home: Region) -> None:
    url = report_url(home)
    reader = Client()
    for _ in range(5):
        assert reader.post(url, valid()).status_code == 302
    refused = reader.post(url, valid())
    assert refused.status_code == 429
    assert "提交太频繁了" in refused.content.decode() and refused["Retry-After"] == "3600"
    assert Report.objects.count() == 5
    # Another address is not affected; the first one may report again an hour later.
    assert reader.post(url, valid(), REMOTE_ADDR="10.0.0.2").status_code == 302
    Report.objects.update(created_at=timezone.now() - dt.timedelta(minutes=61))
    assert reader.post(url, valid()).status_code == 302


def test_the_honeypot_field_is_thanked_but_never_saved(client: Client, home: Region) -> None:
    response = client.post(report_url(home), valid(website="http://spam.example/"))
    assert response.status_code == 302
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"source_url": "", "document_number": ""}, "至少一项"),
        ({"source_url": "ftp://example.com/a"}, "http:// 或 https://"),
        ({"source_url": "javascript:alert(1)"}, "http:// 或 https://"),
        ({"source_url": "https://" + "a" * 600 + ".cn"}, "最多 500"),
        ({"amount": "-3"}, "不能是负数"),
        ({"amount": "1e309"}, "数字太大了"),
        ({"amount": "NaN"}, "请填数字"),
        ({"amount": "9" * 30}, "数字太"),
        ({"amount": "120", "unit": "percent"}, "比例不能超过 100"),
        ({"unit": "bitcoin"}, "请从列表中选择单位"),
        ({"category": "martian"}, "请从列表中选择参保身份"),
        ({"effective_from": "2026-02-30"}, "真实存在的日期"),
        ({"note": "长" * 1001}, "最多 1000"),
        ({"contact": "x" * 101}, "最多 100"),
    ],
)
def test_bad_reports_get_a_chinese_message_beside_the_field(
    client: Client, home: Region, overrides: dict[str, str], message: str
) -> None:
    response = client.post(report_url(home), valid(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "医保局网站上的通知" in html or "note" in overrides  # what the reader typed is kept
    assert not Report.objects.exists()


def test_unknown_or_outside_regions_have_no_report_form(client: Client) -> None:
    assert client.get("/regions/999999/report/").status_code == 404
    outside = province(in_system=False)  # like 香港: a region, but not in the system
    assert client.get(report_url(outside)).status_code == 404


def test_script_in_every_field_is_inert_everywhere(editor_client: Client, home: Region) -> None:
    url = report_url(home)
    reader = Client()
    data = valid(
        note=SCRIPT,
        contact=SCRIPT,
        document_number=SCRIPT[:100],
        source_url="https://example.com/?q=<script>alert(1)</script>",
    )
    for name in ("category", "unit", "amount", "effective_from"):
        bad = reader.post(url, {**data, name: SCRIPT})
        assert bad.status_code == 200 and SCRIPT not in bad.content.decode()
    assert reader.post(url, data).status_code == 302
    report = Report.objects.get()
    assert report.note == SCRIPT  # kept as typed, for the editor
    pages = [
        "/admin/reports/report/",
        f"/admin/reports/report/{report.pk}/change/",
        f"/admin/reports/report/{report.pk}/history/",
        f"/regions/{home.code}/",
        "/changes/",
    ]
    for url in pages:
        html = editor_client.get(url).content.decode()
        assert SCRIPT not in html, url
        assert "<script>alert" not in html, url
    change = editor_client.get(f"/admin/reports/report/{report.pk}/change/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in change


def test_accept_opens_a_prefilled_draft_rule_with_the_reports_source(
    editor_client: Client, home: Region
) -> None:
    Client().post(report_url(home), valid(document_number="测医保〔2025〕1号"))
    report = Report.objects.get()
    accepted = editor_client.post(reverse("admin:reports_report_accept", args=[report.pk]))
    assert accepted.status_code == 302
    add_url = accepted["Location"]
    assert add_url.startswith("/admin/policies/accountrule/add/?")
    report.refresh_from_db()
    assert report.status == "accepted"
    source = Source.objects.get(url=report.source_url)
    assert source.grade == "web" and source.document_number == "测医保〔2025〕1号"
    form = editor_client.get(add_url).content.decode()
    assert f'<option value="{home.pk}" selected>' in form
    assert 'value="120.00"' in form and 'value="2025-01-01"' in form
    assert f'<option value="{source.pk}" selected>' in form
    assert '<option value="draft" selected>' in form
    # Saving the draft links it to the report; readers still don't see it.
    saved = editor_client.post(
        add_url,
        {
            "status": "draft",
            "region": home.pk,
            "category": "retiree",
            "effective_from": "2025-01-01",
            "method": "fixed_monthly",
            "amount": "120",
            "precision": "exact",
            "source": source.pk,
            "brackets-TOTAL_FORMS": "0",
            "deductions-TOTAL_FORMS": "0",
            "deductions-INITIAL_FORMS": "0",
            "pool": "region_wide",
            "start_precision": "day",
            "brackets-INITIAL_FORMS": "0",
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:3000]
    draft = AccountRule.all_objects.get(region=home, category="retiree")
    report.refresh_from_db()
    assert report.rule == draft and draft.is_draft
    assert not AccountRule.objects.filter(pk=draft.pk).exists()


def test_queue_counts_reports_per_region_and_marks_rejected(
    editor_client: Client, home: Region
) -> None:
    other = city()
    reader = Client()
    for _ in range(2):
        reader.post(report_url(home), valid())
    reader.post(report_url(other), valid())
    html = editor_client.get("/admin/reports/report/").content.decode()
    assert "各地区报告数" in html
    assert re.search(rf"{re.escape(home.name)}</a></td><td>2</td><td>2</td>", html)
    assert re.search(rf"{re.escape(other.name)}</a></td><td>1</td><td>1</td>", html)
    ids = list(Report.objects.filter(region=home).values_list("pk", flat=True))
    editor_client.post(
        "/admin/reports/report/", {"action": "mark_rejected", "_selected_action": ids}
    )
    assert set(Report.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"rejected"}
    html = editor_client.get("/admin/reports/report/").content.decode()
    assert re.search(rf"{re.escape(home.name)}</a></td><td>0</td><td>2</td>", html)


def test_moderator_edits_status_with_the_concurrency_guard(
    editor_client: Client, home: Region
) -> None:
    Client().post(report_url(home), valid())
    report = Report.objects.get()
    url = f"/admin/reports/report/{report.pk}/change/"
    token = edit_token(editor_client, url)
    data = {"status": "duplicate", "moderator_note": "与上一条重复", "edit_token": token}
    assert editor_client.post(url, data).status_code == 302
    stale = editor_client.post(url, {**data, "status": "rejected"})
    assert "这条记录已被他人修改" in stale.content.decode()
    report.refresh_from_db()
    assert report.status == "duplicate"


@pytest.mark.parametrize(
    "url",
    [
        "/regions/{code}/",
        "/calculator/?region={code}&category=retiree",  # no rule: the answer asks for one
        # no local rule: the city follows the national (seeded) employee rule
        "/calculator/?region={code}&category=employee",
    ],
)
def test_report_page_is_linked_from_region_pages_and_missing_or_fallback_answers(
    client: Client, home: Region, url: str
) -> None:
    html = client.get(url.format(code=home.code)).content.decode()
    assert f'href="/regions/{home.code}/report/' in html


def test_an_own_rule_answer_does_not_ask_for_a_report(client: Client, home: Region) -> None:
    rule(home, amount=Decimal("120"))
    html = client.get(f"/calculator/?region={home.code}&category=retiree").content.decode()
    assert 'data-status="ok"' in html and 'data-scope="region"' in html
    assert f"/regions/{home.code}/report/" not in html
