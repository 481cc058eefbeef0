"""/compare/ for a phone (issue 20): the reader's regions first and marked, and light."""

from __future__ import annotations

import gzip
import re

import pytest
from django.test import Client

from policies.remembered import COOKIE

pytestmark = pytest.mark.django_db


def rows(html: str, table: str) -> list[tuple[str, str]]:
    body = re.search(rf'<table class="compare-table" id="{table}".*?</table>', html, re.S).group(0)
    row = r'<tr data-label="([^"]*)" data-value="[^"]*"( class="mine")?>'
    found = re.findall(row, body)
    return [("mine" if mark else "", label) for label, mark in found]


def test_the_readers_regions_come_first_and_are_marked(client: Client) -> None:
    html = client.get("/compare/?age=65&base=5000&regions=440100&regions=110000").content.decode()
    for table in ("table-retirees", "table-employees"):
        found = rows(html, table)
        assert [label for mark, label in found[:2]] == ["北京市", "广州市"], table
        assert [mark for mark, _ in found[:2]] == ["mine", "mine"]
        assert all(mark == "" for mark, _ in found[2:])
        assert len({label for _, label in found}) == len(found)  # each region once
    assert html.count('<strong class="mine-mark">您选的</strong>') == 4
    assert "（您选的地区排在最前面）" in html


def test_the_remembered_region_comes_first_without_a_query(client: Client) -> None:
    client.cookies[COOKIE] = "420100"
    html = client.get("/compare/").content.decode()
    assert rows(html, "table-retirees")[0] == ("mine", "武汉市")


def test_without_a_choice_nothing_is_marked(client: Client) -> None:
    html = client.get("/compare/").content.decode()
    assert 'class="mine"' not in html and "（您选的地区排在最前面）" not in html


def test_the_page_is_light(client: Client) -> None:
    html = client.get("/compare/?age=65&base=5000&regions=440100&regions=110000").content
    assert len(gzip.compress(html)) <= 100_000
