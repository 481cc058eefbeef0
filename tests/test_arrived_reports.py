"""Readers' "what arrived" reports: shared anonymously, grouped for editors, published only
by an editor, shown apart from every sourced rule."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from reports import figures
from reports.models import ArrivedReport, ReaderFigure
from tests import pages

pytestmark = pytest.mark.django_db

GUANGZHOU = "/regions/440100/arrived/"
SHARE_116 = {"category": "retiree", "age": "70", "month": "2026-11", "amount": "116"}
ANSWER = "/calculator/?region=440100&category=retiree&age=70&on=2026-11-01"
GROUPS = "/admin/reports/arrivedreport/groups/"
PUBLISH = "/admin/reports/arrivedreport/groups/publish/"


def share(client: Client, data: dict, address: str, url: str = GUANGZHOU) -> object:
    return client.post(url, data, REMOTE_ADDR=address)


def five_readers_share_116(client: Client) -> None:
    for n in range(5):
        response = share(client, SHARE_116, f"203.0.113.{n + 1}")
        assert response.status_code == 302


def group_key(region_code: str = "440100") -> str:
    return ReaderFigureKey.of(ArrivedReport.objects.filter(region__code=region_code).first())


class ReaderFigureKey:
    @staticmethod
    def of(report: ArrivedReport) -> str:
        low = "" if report.age_min is None else report.age_min
        high = "" if report.age_max is None else report.age_max
        return f"{report.region_id}|{report.category}|{low}|{high}|{report.month.year}"


def public_pages_text(client: Client) -> str:
    return "".join(
        client.get(url).content.decode()
        for url in (ANSWER, "/calculator/?region=440100&category=retiree", "/regions/440100/")
    )


def test_a_shared_amount_is_stored_without_the_address(client: Client) -> None:
    response = share(client, SHARE_116, "203.0.113.9")
    assert response.status_code == 302
    report = ArrivedReport.objects.get()
    assert (report.region.code, report.category, report.age) == ("440100", "retiree", 70)
    assert report.month == dt.date(2026, 11, 1) and report.amount == Decimal("116")
    # 广东's rule has no age brackets: five-year bands.
    assert (report.age_min, report.age_max) == (70, 74)
    assert "203.0.113.9" not in report.address_hash and len(report.address_hash) == 32


def test_five_readers_change_nothing_public_until_an_editor_publishes(
    client: Client, editor_client: Client
) -> None:
    before = public_pages_text(client)
    five_readers_share_116(client)
    assert public_pages_text(client) == before
    assert "位读者反馈" not in client.get(ANSWER).content.decode()
    api = json.loads(client.get("/api/v1/reader-figures", {"region": "440100"}).content)
    assert api["figures"] == []

    queue = editor_client.get(GROUPS).content.decode()
    assert "广州市" in queue and "<td>5</td>" in queue and "116.00" in queue
    response = editor_client.post(PUBLISH, {"key": group_key()})
    assert response.status_code == 302
    figure = ReaderFigure.objects.get()
    assert (figure.readers, figure.amount, figure.year) == (5, Decimal("116.00"), 2026)

    html = client.get(ANSWER).content.decode()
    aside = html.split('class="reader-figure"')[1].split("</aside>")[0]
    assert "5 位读者反馈 2026 年每月到账约 116 元" in aside
    assert "读者反馈" in aside and "2026-11" in aside
    # Apart from the 广东 formula, which is still the rule.
    assert 'data-status="formula"' in html
    assert "2.8%" in html.split('class="reader-figure"')[0]
    assert "116" not in html.split('class="rule-card"')[1].split("</div>")[0]
    # Also when the answer was not asked an age (the formula needs none).
    plain = client.get("/calculator/?region=440100&category=retiree&on=2026-11-01")
    assert "5 位读者反馈 2026 年每月到账约 116 元" in plain.content.decode()
    region = client.get("/regions/440100/").content.decode()
    assert "5 位读者反馈 2026 年每月到账约 116 元" in region


def test_published_figures_are_their_own_kind_in_the_api_and_open_data(
    client: Client, editor_client: Client
) -> None:
    five_readers_share_116(client)
    editor_client.post(PUBLISH, {"key": group_key()})
    body = json.loads(client.get("/api/v1/reader-figures", {"region": "440100"}).content)
    assert body["kind"] == "reader_figures" and body["grade_label"] == "读者反馈"
    (row,) = body["figures"]
    assert (row["readers"], row["monthly_median"], row["grade"]) == (5, "116.00", "reader")
    csv_text = client.get("/data/reader-figures.csv").content.decode("utf-8-sig")
    assert "440100" in csv_text and "116.00" in csv_text and "读者反馈" in csv_text
    rules = client.get("/data/rules.csv").content.decode("utf-8-sig")
    assert "读者反馈" not in rules and "reader" not in rules
    rules_json = client.get("/data/rules.json").content.decode()
    assert "读者反馈" not in rules_json


def test_a_group_needs_five_distinct_readers(client: Client, editor_client: Client) -> None:
    for n in range(4):
        share(client, SHARE_116, f"198.51.100.{n + 1}")
    for _ in range(3):  # the same reader again is still one reader
        share(client, SHARE_116, "198.51.100.1")
    queue = editor_client.get(GROUPS).content.decode()
    assert "不到 5 位读者" in queue and 'name="key"' not in queue
    editor_client.post(PUBLISH, {"key": group_key()})
    assert not ReaderFigure.objects.exists()


def test_publishing_needs_the_permission(client: Client) -> None:
    five_readers_share_116(client)
    clerk = User.objects.create_user("clerk", password="x", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_arrivedreport"))
    staff = Client()
    staff.force_login(clerk)
    assert staff.get(GROUPS).status_code == 200
    assert 'name="key"' not in staff.get(GROUPS).content.decode()
    assert staff.post(PUBLISH, {"key": group_key()}).status_code == 403
    assert not ReaderFigure.objects.exists()
    assert Client().post(PUBLISH, {"key": group_key()}).status_code == 302  # to the login
    assert not ReaderFigure.objects.exists()


def test_a_group_that_disagrees_with_a_published_rule_is_flagged(
    client: Client, editor_client: Client
) -> None:
    beijing = "/regions/110000/arrived/"
    for n in range(5):
        share(client, {**SHARE_116, "age": "66", "amount": "90"}, f"192.0.2.{n + 1}", beijing)
        share(client, {**SHARE_116, "age": "72", "amount": "107"}, f"192.0.2.{n + 1}", beijing)
    queue = editor_client.get(GROUPS).content.decode()
    rows = {
        row.split("</td>")[2]: row for row in queue.split("<tr data-key=")[1:] if "北京市" in row
    }
    flagged = [row for row in rows.values() if "possible-rule-change" in row]
    assert len(flagged) == 1 and "90.00" in flagged[0]


def test_honeypot_rate_limit_and_hostile_input_store_nothing(client: Client) -> None:
    assert share(client, {**SHARE_116, "website": "http://spam"}, "192.0.2.50").status_code == 302
    assert not ArrivedReport.objects.exists()
    for bad, field, message in [
        ({"amount": "-3"}, "amount", "负数"),
        ({"amount": "<script>alert(1)</script>"}, "amount", "数字"),
        ({"month": "0000-00"}, "month", "年-月"),
        ({"month": "2999-01"}, "month", "还没到"),
        ({"age": "9"}, "age", "退休人员"),
        ({"category": "employee"}, "category", "退休人员和城乡居民"),
        ({"age": "'; DROP TABLE reports_arrivedreport; --"}, "age", "整数"),
    ]:
        response = share(client, {**SHARE_116, **bad}, "192.0.2.51")
        assert response.status_code == 200
        html = response.content.decode()
        beside = html.split(f'id="id_{field}_error">')[1].split("</p>")[0]
        assert message in beside and pages.chinese(beside)
        assert "<script>alert(1)</script>" not in html
    assert not ArrivedReport.objects.exists()
    for _ in range(5):
        share(client, SHARE_116, "192.0.2.60")
    limited = share(client, SHARE_116, "192.0.2.60")
    assert limited.status_code == 429
    assert ArrivedReport.objects.count() == 5


def test_no_figure_answers_invite_readers_to_share(client: Client) -> None:
    html = client.get("/calculator/?region=440100&category=retiree").content.decode()
    assert 'href="/regions/440100/arrived/?category=retiree"' in html
    form = client.get("/regions/440100/arrived/?category=retiree&age=70&month=2026-11&amount=116")
    assert form.status_code == 200
    assert 'value="116"' in form.content.decode()


@pytest.mark.parametrize(
    ("values", "median", "outliers"),
    [
        (["116", "116", "117", "115", "116"], "116.00", []),
        (["116", "116", "117", "115", "600"], "116.00", ["600"]),
        (["100", "110"], "105.00", []),
    ],
)
def test_group_median_and_outliers(values: list[str], median: str, outliers: list[str]) -> None:
    now = dt.datetime(2026, 11, 5, tzinfo=dt.UTC)
    group = figures.Group(
        figures.Key(1, "retiree", 70, 74, 2026),
        [
            figures.Entry(f"r{i}", Decimal(v), dt.date(2026, 11, 1), now)
            for i, v in enumerate(values)
        ],
    )
    assert group.median == Decimal(median)
    assert group.outliers == [Decimal(v) for v in outliers]
    assert group.publishable == (len(values) >= figures.MIN_READERS)


@pytest.mark.parametrize(
    ("median", "expected", "approximate", "agrees"),
    [
        ("97", ["100", "97"], False, True),
        ("90", ["100", "97"], False, False),
        ("80", ["83"], True, True),
        ("60", ["83"], True, False),
    ],
)
def test_agreement_with_a_rule(
    median: str, expected: list[str], approximate: bool, agrees: bool
) -> None:
    assert figures.agrees(Decimal(median), [Decimal(e) for e in expected], approximate) is agrees


def test_a_readers_share_does_not_move_the_content_generation(client: Client) -> None:
    from ops.models import Generation

    before = Generation.objects.values_list("token", flat=True).first()
    assert before
    share(client, SHARE_116, "203.0.113.77")
    assert ArrivedReport.objects.count() == 1
    assert Generation.objects.values_list("token", flat=True).first() == before
