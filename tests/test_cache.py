"""The cache: real Redis, Redis down, and the public page cache with its invalidation."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings

from ops.cache import ResilientRedisCache
from policies.lookup import rule_book
from policies.models import Region
from policies.remembered import COOKIE
from policies.terms import Method
from scripts import prodserver
from tests.admin_forms import edit_token
from tests.factories import LocalChannelFactory, city, rule

FRAGMENT_HEADERS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "calc-dynamic"}


@pytest.fixture
def shared(db: None) -> Region:
    """A city whose retirees get 120 元 a month, whatever their age: its answer has no
    personal numbers, so many readers share one URL and the page cache keeps it."""
    home = city()
    rule(home, amount=Decimal("120"), effective_from=dt.date(2025, 4, 25))
    return home


def cached(region: Region) -> str:
    return f"/calculator/?region={region.code}&category=retiree&on=2025-04-25"


@pytest.fixture
def aged(db: None) -> Region:
    """A city whose retirees get 1620 元 a year up to 74 and 1830 元 from 75: an answer
    needs the reader's own age."""
    home = city()
    rule(
        home,
        brackets=[(None, 74, None, Decimal("1620")), (75, None, None, Decimal("1830"))],
        method=Method.FIXED_YEARLY,
    )
    return home


def answer(region: Region, age: int = 74) -> str:
    return f"/calculator/?region={region.code}&category=retiree&age={age}"


free_port = prodserver.free_port


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """A real redis-server on a loopback port, thrown away after the module."""
    with prodserver.redis_server() as url:
        yield url


def redis_caches(location: str) -> dict[str, dict[str, object]]:
    return {
        **settings.CACHES,  # the template fragments stay in each process (settings)
        "default": {
            "BACKEND": "ops.cache.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-{free_port()}",
        },
    }


def test_real_redis_stores_and_returns_values(redis_url: str) -> None:
    backend = ResilientRedisCache(redis_url, {})
    backend.set("answer", {"monthly": "123.45"}, 30)
    assert backend.get("answer") == {"monthly": "123.45"}
    assert backend.add("answer", "other") is False
    assert backend.add("counter", 1) is True
    assert backend.incr("counter") == 2
    assert backend.get_many(["answer", "missing"]) == {"answer": {"monthly": "123.45"}}
    assert backend.delete("answer") is True
    assert backend.get("answer", "gone") == "gone"
    backend.clear()


def test_dead_redis_behaves_like_an_empty_cache_and_logs(caplog) -> None:  # noqa: ANN001
    backend = ResilientRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})
    with caplog.at_level(logging.WARNING, logger="ops.cache"):
        backend.set("answer", 1)
    assert "Redis cache unreachable" in caplog.text
    assert backend.get("answer", "default") == "default"
    assert backend.add("answer", 1) is False
    assert backend.get_many(["answer"]) == {}
    assert backend.has_key("answer") is False
    assert backend.get_or_set("answer", 5) == 5
    with pytest.raises(ValueError):
        backend.incr("answer")
    backend.delete_many(["answer"])
    backend.clear()


def test_dead_redis_is_skipped_for_a_while_after_a_failure() -> None:
    backend = ResilientRedisCache(
        f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": {"RETRY_AFTER": 60}}
    )
    backend.get("x")
    assert backend.available is False
    started = time.monotonic()
    for _ in range(200):
        backend.get("x")
    assert time.monotonic() - started < 0.5, "calls while Redis is down must not wait on it"


@pytest.mark.django_db
def test_site_serves_pages_while_redis_is_down(aged: Region) -> None:
    api = f"/api/v1/calculate?region={aged.code}&category=retiree&age=74"
    with override_settings(CACHES=redis_caches(f"redis://127.0.0.1:{free_port()}/0")):
        client = Client()
        for url in ("/", answer(aged), api):
            response = client.get(url)
            assert response.status_code == 200, url
        assert 'data-monthly="135.00"' in client.get(answer(aged)).content.decode()


@pytest.mark.django_db
def test_pages_are_cached_in_real_redis(
    redis_url: str,
    shared: Region,
    django_assert_num_queries,  # noqa: ANN001
) -> None:
    with override_settings(CACHES=redis_caches(redis_url)):
        first = Client().get(cached(shared))
        assert first["X-Page-Cache"] == "miss"
        with django_assert_num_queries(1):  # the content generation
            second = Client().get(cached(shared))
        assert second["X-Page-Cache"] == "hit"
        assert second.content == first.content
        cache.clear()


@pytest.mark.django_db
def test_answer_is_served_from_cache_without_queries(
    shared: Region,
    django_assert_num_queries,  # noqa: ANN001
) -> None:
    Client().get(cached(shared))
    with django_assert_num_queries(1):  # the content generation, nothing else
        response = Client().get(cached(shared))
    assert response["X-Page-Cache"] == "hit"
    assert 'data-monthly="120.00"' in response.content.decode()


@pytest.mark.django_db
def test_personal_answers_are_worked_out_not_stored(client: Client, aged: Region) -> None:
    """Every reader's own age, base or pension is a new URL: not worth a cache entry."""
    first = client.get(answer(aged))
    again = client.get(answer(aged))
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in again
    assert 'data-monthly="135.00"' in again.content.decode()


@pytest.mark.django_db
def test_fragment_and_page_on_one_url_are_cached_apart(shared: Region) -> None:
    page = Client().get(cached(shared))
    fragment = Client().get(cached(shared), **FRAGMENT_HEADERS)
    again = Client().get(cached(shared))
    assert fragment["X-Page-Cache"] == "miss", "the fragment must not be the cached page"
    assert "<html" in page.content.decode() and "<html" not in fragment.content.decode()
    assert again.content == page.content
    assert "HX-Request" in page["Vary"] and "HX-Request" in fragment["Vary"]


@pytest.mark.django_db
def test_signed_in_editors_always_see_fresh_pages(editor_client: Client, shared: Region) -> None:
    editor_client.get(cached(shared))
    response = editor_client.get(cached(shared))
    assert "X-Page-Cache" not in response


@pytest.mark.django_db
def test_admin_save_invalidates_cached_answers(editor_client: Client, shared: Region) -> None:
    found = rule_book().resolve(shared, "retiree", dt.date(2025, 4, 25)).current
    assert found is not None
    source = found.source
    Client().get(cached(shared))
    assert Client().get(cached(shared))["X-Page-Cache"] == "hit"

    url = f"/admin/policies/source/{source.pk}/change/"
    response = editor_client.post(
        url,
        {
            "edit_token": edit_token(editor_client, url),
            "title": "编辑改过的来源标题",
            "document_number": source.document_number,
            "publisher": source.publisher,
            "url": source.url,
            "published_on": source.published_on.isoformat() if source.published_on else "",
            "grade": source.grade,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    fresh = Client().get(cached(shared))
    assert fresh["X-Page-Cache"] == "miss"
    assert "编辑改过的来源标题" in fresh.content.decode()


@pytest.mark.django_db
def test_errors_and_other_answers_are_not_mixed_up(client: Client, aged: Region) -> None:
    young = client.get(answer(aged, 74))
    old = client.get(answer(aged, 75))
    assert 'data-monthly="135.00"' in young.content.decode()
    assert 'data-monthly="152.50"' in old.content.decode()
    bad = client.get(f"/api/v1/calculate?region={aged.code}&category=retiree&age=-1")
    assert bad.status_code == 400 and "X-Page-Cache" not in bad


@pytest.mark.django_db
def test_readers_with_a_remembered_choice_do_not_share_pages_with_others(shared: Region) -> None:
    elsewhere = city()
    Client().get(cached(shared))
    assert Client().get(cached(shared))["X-Page-Cache"] == "hit"
    readers = [Client(), Client()]
    for reader in readers:
        reader.cookies[COOKIE] = elsewhere.code
    assert readers[0].get(cached(shared))["X-Page-Cache"] == "miss"
    assert readers[1].get(cached(shared))["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_a_cached_answer_still_remembers_the_region_for_each_new_reader(shared: Region) -> None:
    elsewhere = city()
    first, second = Client().get(cached(shared)), Client().get(cached(shared))
    assert second["X-Page-Cache"] == "hit"
    for response in (first, second):
        assert response.cookies[COOKIE].value == shared.code
        assert response.cookies[COOKIE]["httponly"]
    # A reader who already has this region gets no Set-Cookie; one with another gets it changed.
    same, other = Client(), Client()
    same.cookies[COOKIE] = shared.code
    other.cookies[COOKIE] = elsewhere.code
    assert COOKIE not in same.get(cached(shared)).cookies
    assert other.get(cached(shared)).cookies[COOKIE].value == shared.code


@pytest.mark.django_db
def test_a_page_filled_from_the_cookie_is_never_shared_with_other_readers(shared: Region) -> None:
    url = "/calculator/?category=retiree&on=2025-04-25"
    blank = Client().get(url)
    assert blank["X-Page-Cache"] == "miss" and "Cookie" in blank["Vary"]
    assert 'data-status="invalid"' in blank.content.decode()
    reader = Client()
    reader.cookies[COOKIE] = shared.code
    mine = reader.get(url)
    assert 'data-monthly="120.00"' in mine.content.decode()
    assert "private" in mine["Cache-Control"] and "X-Page-Cache" not in mine
    again = Client().get(url)
    assert again["X-Page-Cache"] == "hit" and 'data-status="invalid"' in again.content.decode()


@pytest.mark.django_db
def test_pages_marked_private_are_never_cached(client: Client, aged: Region) -> None:
    """A view that depends on something outside the URL says so with Cache-Control: private."""
    from ops import pagecache

    for url in ("/", f"/calculator/?region={aged.code}&category=retiree"):
        response = client.get(url)
        assert pagecache.cacheable_response(response.wsgi_request, response)
        response["Cache-Control"] = "private"
        assert not pagecache.cacheable_response(response.wsgi_request, response)


@pytest.mark.django_db
def test_every_url_serving_page_and_fragment_varies_on_hx_request(client: Client) -> None:
    """Browsers and proxies must not hand a fragment to a page load, or the reverse."""
    from tests import pages

    fragments = pages.fragment_requests(client)
    assert fragments, "no htmx fragments found"
    problems = []
    for url, headers in fragments:
        page = client.get(url)
        fragment = client.get(url, **headers)
        if page.content == fragment.content:
            continue
        for name, response in (("page", page), ("fragment", fragment)):
            if "hx-request" not in response.get("Vary", "").lower():
                problems.append(f"{url}: the {name} has no Vary: HX-Request")
    assert not problems, "\n".join(problems)


@override_settings(PAGE_CACHE_SECONDS=0)
def test_data_read_on_every_page_follows_an_edit_on_the_next_request(
    db: None, client: Client
) -> None:
    home = city()
    guide = f"/guides/balance/?region={home.code}"
    assert f"{home.name}的本地医保 App、热线和网站暂未收录" in client.get(guide).content.decode()
    LocalChannelFactory(region=home, kind="hotline", value="0999-12393")
    html = client.get(guide).content.decode()
    assert "0999-12393" in html and "暂未收录" not in html
    # The open data and the reform dates are likewise kept per content generation.
    rows = client.get("/data/rules.json").json()
    rule(home, amount=Decimal("77"), effective_from=dt.date(2025, 1, 1))
    again = client.get("/data/rules.json").json()
    assert len(str(again)) > len(str(rows))
    assert home.code in str(again) and home.code not in str(rows)
