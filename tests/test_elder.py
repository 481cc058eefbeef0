"""长辈模式 without a browser: the link, the cookie, a safe way back, and the page cache."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from yibao_site.elder import COOKIE

pytestmark = pytest.mark.django_db


def test_the_link_is_on_every_kind_of_page_and_comes_back_here(client: Client) -> None:
    for url in ("/", "/faq/", "/calculator/?region=110000&category=retiree", "/compare/"):
        html = client.get(url).content.decode()
        assert 'href="/elder/?on=1&amp;next=' in html, url
        assert ">长辈模式（大字）</a>" in html
        assert '<html lang="zh-CN">' in html  # off until the reader asks


def test_turning_it_on_sets_the_cookie_and_returns_to_the_page(client: Client) -> None:
    answer = "/calculator/?region=110000&category=retiree"
    response = client.get("/elder/", {"on": "1", "next": answer})
    assert response.status_code == 302
    assert response["Location"] == answer
    assert response.cookies[COOKIE].value == "1"
    assert response.cookies[COOKIE]["max-age"] == 365 * 24 * 3600
    page = client.get(response["Location"]).content.decode()
    assert '<html lang="zh-CN" class="elder">' in page
    assert ">退出长辈模式</a>" in page and 'href="/elder/?on=0&amp;next=' in page


def test_turning_it_off_forgets_the_cookie(client: Client) -> None:
    client.cookies[COOKIE] = "1"
    response = client.get("/elder/", {"on": "0", "next": "/faq/"})
    assert response["Location"] == "/faq/"
    assert response.cookies[COOKIE].value == "" and response.cookies[COOKIE]["max-age"] == 0
    client.cookies.pop(COOKIE)
    assert 'class="elder"' not in client.get("/faq/").content.decode()


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "", "\\\\evil.example"],
)
def test_next_never_leaves_the_site(client: Client, target: str) -> None:
    response = client.get("/elder/", {"on": "1", "next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_without_a_choice_a_page_explains_the_mode(client: Client) -> None:
    response = client.get("/elder/", {"next": "/faq/"})
    html = response.content.decode()
    assert response.status_code == 200 and COOKIE not in response.cookies
    assert "<h1>长辈模式</h1>" in html and "24 像素" in html
    assert 'href="/elder/?on=1&amp;next=%2Ffaq%2F">打开长辈模式</a>' in html
    assert '<meta name="robots" content="noindex, follow">' in html


def test_only_get_and_head(client: Client) -> None:
    assert client.post("/elder/", {"on": "1"}).status_code == 405


def test_a_cached_page_is_never_shown_in_the_other_mode(client: Client) -> None:
    """The page cache keys on cookies: the plain page, once cached, is not what an elder
    reader gets, and the elder page, once cached, is not what anyone else gets."""
    url = "/faq/"
    plain_first = Client().get(url)
    plain_again = Client().get(url)
    assert plain_again["X-Page-Cache"] == "hit"
    elder = Client()
    elder.cookies[COOKIE] = "1"
    first = elder.get(url)
    assert first["X-Page-Cache"] == "miss"
    assert 'class="elder"' in first.content.decode()
    assert elder.get(url)["X-Page-Cache"] == "hit"
    assert 'class="elder"' in elder.get(url).content.decode()
    assert 'class="elder"' not in Client().get(url).content.decode()
    assert 'class="elder"' not in plain_first.content.decode()


def test_read_aloud_comes_only_with_elder_mode(client: Client) -> None:
    """Readers who do not use it download nothing for it: no button, no script."""
    url = "/calculator/?region=110000&category=retiree"
    plain = client.get(url).content.decode()
    assert "data-speak" not in plain and "speak" not in plain.split("<body")[1].split("</main>")[1]
    assert "elder.css" not in plain
    client.cookies[COOKIE] = "1"
    html = client.get(url).content.decode()
    button = '<button type="button" class="tool-link speak-button" data-speak hidden'
    assert button in html  # shown by speak.js only where a Chinese voice exists
    assert re.search(r'<script src="/static/js/speak[.0-9a-f]*js" defer></script>', html)
    assert re.search(r'<link rel="stylesheet" href="/static/css/elder[.0-9a-f]*css">', html)


@pytest.mark.django_db
def test_in_elder_mode_sources_fold_behind_one_line(client) -> None:  # noqa: ANN001
    """长辈模式: each source sits behind "依据：…", opened with a tap; normal mode unchanged."""
    url = "/calculator/?region=110000&category=retiree&age=69"
    plain = client.get(url).content.decode()
    assert 'class="source-line"' in plain and "source-fold" not in plain
    client.cookies["elder"] = "1"
    elder = client.get(url).content.decode()
    lines = elder.count('class="source-line"')
    assert lines >= 2
    assert elder.count('<details class="source-fold"><summary>依据：') == lines
    region = client.get("/regions/110000/").content.decode()
    assert region.count('class="source-line"') == region.count('class="source-fold"') > 0
