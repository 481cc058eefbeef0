"""Change feeds (Atom) and the public 最近更新 page."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.test import Client

from policies.models import AccountRule
from tests.factories import city, province, rule

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def atom(client: Client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def check_valid_atom(feed: ET.Element) -> list[ET.Element]:
    """The elements RFC 4287 requires: feed id, title, updated; each entry id, title,
    updated and a link; ids unique; dates in RFC 3339."""
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{name}") or "").strip(), name
    assert feed.find(f"{ATOM}link[@rel='alternate']") is not None
    entries = feed.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith("http://testserver/")
    return entries


def by_editor(value: AccountRule) -> AccountRule:
    """Saved by an editor in the admin: an update (a seeded value is "首次收录")."""
    from django.contrib.auth.models import User

    value._history_user = User.objects.get_or_create(username="feed-editor")[0]
    value.save()
    return value


def test_site_wide_feed_is_valid_atom_with_the_latest_changes(client: Client) -> None:
    home = city()
    by_editor(
        rule(home, amount=Decimal("83"), precision="about", effective_from=dt.date(2023, 2, 1))
    )
    entries = check_valid_atom(atom(client, "/changes/feed/"))
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert len(entries) == min(50, AccountRule.objects.count())
    assert titles[0] == f"{home.name} · 退休人员 · 2023-02 起：约 83 元/月"
    summary = entries[0].findtext(f"{ATOM}summary")
    assert "来源：" in summary and "证据等级" in summary


def test_region_feed_lists_the_regions_changes_and_those_it_follows(client: Client) -> None:
    entries = check_valid_atom(atom(client, "/regions/310000/feed/"))
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    titles = [t.removeprefix("首次收录 · ") for t in titles]
    assert any(t.startswith("上海市 · 退休人员") for t in titles)
    assert any(t.startswith("全国 · 在职职工") for t in titles)  # Shanghai follows it
    assert not any(t.startswith("武汉市") for t in titles)
    assert client.get("/regions/999999/feed/").status_code == 404


def test_a_new_value_tops_the_feeds_and_a_draft_never_appears(client: Client) -> None:
    region = province(name="测试省")
    by_editor(rule(region, amount=Decimal("99"), effective_from=dt.date(2026, 1, 1)))
    rule(region, amount=Decimal("77"), effective_from=dt.date(2027, 1, 1), status="draft")
    for url in ("/changes/feed/", f"/regions/{region.code}/feed/"):
        entries = check_valid_atom(atom(client, url))
        first = entries[0].findtext(f"{ATOM}title")
        assert first.startswith("测试省 · 退休人员 · 2026-01 起") and "99 元/月" in first
        assert not any("77 元/月" in e.findtext(f"{ATOM}title") for e in entries)
    page = client.get("/changes/").content.decode()
    assert "99 元/月" in page and "77 元/月" not in page


def test_changes_page_lists_dates_and_sources_and_links_the_feed(client: Client) -> None:
    home = city()
    rule(home, verified_on=None)
    html = client.get("/changes/").content.decode()
    assert "<h1>最近更新</h1>" in html
    assert 'type="application/atom+xml"' in html and 'href="/changes/feed/"' in html
    assert "来源：" in html and "待核实" in html
    assert f'href="/regions/{home.code}/#category-retiree"' in html


def test_seeded_values_are_first_recorded_on_their_sources_date_never_updates(
    client: Client,
) -> None:
    """Issue 19: a value the seed recorded and no editor touched is "首次收录", dated by its
    source; only an editor's save is an update."""
    html = client.get("/changes/").content.decode()
    assert 'data-kind="first"' in html and "首次收录" in html
    assert 'data-kind="update"' not in html  # no editor has changed anything yet
    today = dt.date.today().isoformat()
    assert f'<time datetime="{today}">' not in html
    titles = [
        e.findtext(f"{ATOM}title") for e in atom(client, "/changes/feed/").findall(f"{ATOM}entry")
    ]
    assert titles and all(t.startswith("首次收录 · ") for t in titles)
    wuhan = AccountRule.objects.get(region__code="420100", category="retiree")
    by_editor(wuhan)
    html = client.get("/changes/").content.decode()
    first = html.split("<li>", 1)[1]
    assert 'data-kind="update"' in first and "武汉市" in first and today in first
