"""Sharing (issue 20): every page has a title, description and share image for WeChat's
card, a real favicon; a shared answer is titled with what arrives and keeps its question."""

from __future__ import annotations

import re
import struct
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from policies.models import Deduction
from tests import pages
from tests.factories import SourceFactory, city, rule

pytestmark = pytest.mark.django_db


def meta(html: str, name: str) -> str:
    found = re.search(rf'<meta property="{name}" content="([^"]*)">', html)
    assert found, f"no {name}"
    return found.group(1)


def png_size(path: str) -> tuple[int, int]:
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_every_page_has_a_title_description_and_image_to_share(client: Client) -> None:
    missing = []
    for url in pages.public_pages():
        response = client.get(url)
        if response.status_code != 200 or not pages.is_html(response):
            continue
        html = response.content.decode()
        try:
            assert meta(html, "og:title").strip() and meta(html, "og:description").strip()
            assert meta(html, "og:image").startswith("http://testserver/static/img/share")
            assert html.count('property="og:title"') == 1
            assert (
                '<link rel="icon" type="image/png" sizes="32x32" href="/static/img/favicon' in html
            )
        except AssertionError as error:
            missing.append((url, str(error)))
    assert not missing, missing


def test_the_share_image_and_icons_are_real_pngs() -> None:
    assert png_size(finders.find("img/share.png")) == (1200, 630)
    assert png_size(finders.find("img/favicon-32.png")) == (32, 32)
    assert png_size(finders.find("img/icon-180.png")) == (180, 180)


def test_a_shared_answer_says_what_arrives_and_keeps_its_question(client: Client) -> None:
    home = city(name="到账市")
    value = rule(home, amount=Decimal("100"))
    Deduction.objects.create(
        rule=value, label="大病互助", amount=Decimal("3"), source=SourceFactory()
    )
    url = f"/calculator/?region={home.code}&category=retiree"
    html = client.get(url).content.decode()
    assert meta(html, "og:title") == "到账市退休人员每月到账 97 元"
    assert "扣除大病互助 3.00 元后实际到账 97.00 元" in meta(html, "og:description")
    assert "实际到账97.00 元" in re.search(r"<title>(.*?)</title>", html).group(1)
    query = f"?region={home.code}&amp;category=retiree"
    assert f'<link rel="canonical" href="http://testserver/calculator/{query}">' in html
    assert meta(html, "og:url") == f"http://testserver/calculator/{query}"


def test_an_unanswered_calculator_is_canonical_without_a_query(client: Client) -> None:
    html = client.get("/calculator/").content.decode()
    assert '<link rel="canonical" href="http://testserver/calculator/">' in html
