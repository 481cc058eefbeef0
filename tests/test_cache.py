"""The cache: real Redis, Redis down, and the public page cache with its invalidation."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from ops.cache import ResilientRedisCache
from policies.lookup import resolve_rule
from policies.models import Region
from policies.remembered import COOKIE
from tests.admin_forms import edit_token

ANSWER = "/calculator/?region=310000&category=retiree&age=74"
# A URL many readers share (no personal numbers): the page cache keeps it.
CACHED = "/calculator/?region=620000&category=retiree&on=2025-04-25"
FRAGMENT_HEADERS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "calc-dynamic"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """A real redis-server on a loopback port, thrown away after the module."""
    binary = shutil.which("redis-server")
    if not binary:
        pytest.fail("redis-server not found: run scripts/system-deps.sh")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def redis_caches(location: str) -> dict[str, dict[str, object]]:
    return {
        "default": {
            "BACKEND": "ops.cache.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-{free_port()}",
        }
    }


def test_real_redis_stores_and_returns_values(redis_url: str) -> None:
    backend = ResilientRedisCache(redis_url, {})
    backend.set("answer", {"monthly": "140.00"}, 30)
    assert backend.get("answer") == {"monthly": "140.00"}
    assert backend.add("answer", "other") is False
    assert backend.add("counter", 1) is True
    assert backend.incr("counter") == 2
    assert backend.get_many(["answer", "missing"]) == {"answer": {"monthly": "140.00"}}
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
def test_site_serves_pages_while_redis_is_down() -> None:
    with override_settings(CACHES=redis_caches(f"redis://127.0.0.1:{free_port()}/0")):
        client = Client()
        for url in ("/", ANSWER, "/api/v1/calculate?region=310000&category=retiree&age=74"):
            response = client.get(url)
            assert response.status_code == 200, url
        assert 'data-monthly="140.00"' in client.get(ANSWER).content.decode()


@pytest.mark.django_db
def test_pages_are_cached_in_real_redis(redis_url: str, django_assert_num_queries) -> None:  # noqa: ANN001
    with override_settings(CACHES=redis_caches(redis_url)):
        first = Client().get(CACHED)
        assert first["X-Page-Cache"] == "miss"
        with django_assert_num_queries(1):  # the content generation
            second = Client().get(CACHED)
        assert second["X-Page-Cache"] == "hit"
        assert second.content == first.content
        cache.clear()


@pytest.mark.django_db
def test_answer_is_served_from_cache_without_queries(
    client: Client, django_assert_num_queries
) -> None:  # noqa: ANN001, E501
    Client().get(CACHED)
    with django_assert_num_queries(1):  # the content generation, nothing else
        response = Client().get(CACHED)
    assert response["X-Page-Cache"] == "hit"
    assert 'data-monthly="120.00"' in response.content.decode()


@pytest.mark.django_db
def test_personal_answers_are_worked_out_not_stored(client: Client) -> None:
    """Every reader's own age, base or pension is a new URL: not worth a cache entry."""
    first = client.get(ANSWER)
    again = client.get(ANSWER)
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in again
    assert 'data-monthly="140.00"' in again.content.decode()


@pytest.mark.django_db
def test_fragment_and_page_on_one_url_are_cached_apart(client: Client) -> None:
    page = Client().get(CACHED)
    fragment = Client().get(CACHED, **FRAGMENT_HEADERS)
    again = Client().get(CACHED)
    assert fragment["X-Page-Cache"] == "miss", "the fragment must not be the cached page"
    assert "<html" in page.content.decode() and "<html" not in fragment.content.decode()
    assert again.content == page.content
    assert "HX-Request" in page["Vary"] and "HX-Request" in fragment["Vary"]


@pytest.mark.django_db
def test_signed_in_editors_always_see_fresh_pages(editor_client: Client) -> None:
    editor_client.get(CACHED)
    response = editor_client.get(CACHED)
    assert "X-Page-Cache" not in response


@pytest.mark.django_db
def test_admin_save_invalidates_cached_answers(client: Client, editor_client: Client) -> None:
    region = Region.objects.get(code="620000")
    rule = resolve_rule(region, "retiree", dt.date(2025, 4, 25)).current
    assert rule is not None
    source = rule.source
    Client().get(CACHED)
    assert Client().get(CACHED)["X-Page-Cache"] == "hit"

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

    fresh = Client().get(CACHED)
    assert fresh["X-Page-Cache"] == "miss"
    assert "编辑改过的来源标题" in fresh.content.decode()


@pytest.mark.django_db
def test_errors_and_other_answers_are_not_mixed_up(client: Client) -> None:
    young = client.get("/calculator/?region=310000&category=retiree&age=74")
    old = client.get("/calculator/?region=310000&category=retiree&age=75")
    assert 'data-monthly="140.00"' in young.content.decode()
    assert 'data-monthly="157.50"' in old.content.decode()
    bad = client.get("/api/v1/calculate?region=310000&category=retiree&age=-1")
    assert bad.status_code == 400 and "X-Page-Cache" not in bad


@pytest.mark.django_db
def test_readers_with_a_remembered_choice_do_not_share_pages_with_others() -> None:
    Client().get(CACHED)
    assert Client().get(CACHED)["X-Page-Cache"] == "hit"
    readers = [Client(), Client()]
    for reader in readers:
        reader.cookies[COOKIE] = "110000"
    assert readers[0].get(CACHED)["X-Page-Cache"] == "miss"
    assert readers[1].get(CACHED)["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_a_cached_answer_still_remembers_the_region_for_each_new_reader() -> None:
    first, second = Client().get(CACHED), Client().get(CACHED)
    assert second["X-Page-Cache"] == "hit"
    for response in (first, second):
        assert response.cookies[COOKIE].value == "620000"
        assert response.cookies[COOKIE]["httponly"]
    # A reader who already has 620000 gets no Set-Cookie; one with 110000 gets it changed.
    same, other = Client(), Client()
    same.cookies[COOKIE] = "620000"
    other.cookies[COOKIE] = "110000"
    assert COOKIE not in same.get(CACHED).cookies
    assert other.get(CACHED).cookies[COOKIE].value == "620000"


@pytest.mark.django_db
def test_a_page_filled_from_the_cookie_is_never_shared_with_other_readers() -> None:
    url = "/calculator/?category=retiree&on=2025-04-25"
    blank = Client().get(url)
    assert blank["X-Page-Cache"] == "miss" and "Cookie" in blank["Vary"]
    assert 'data-status="invalid"' in blank.content.decode()
    reader = Client()
    reader.cookies[COOKIE] = "620000"
    mine = reader.get(url)
    assert 'data-monthly="120.00"' in mine.content.decode()
    assert "private" in mine["Cache-Control"] and "X-Page-Cache" not in mine
    again = Client().get(url)
    assert again["X-Page-Cache"] == "hit" and 'data-status="invalid"' in again.content.decode()


@pytest.mark.django_db
def test_pages_marked_private_are_never_cached(client: Client) -> None:
    """A view that depends on something outside the URL says so with Cache-Control: private."""
    from ops import pagecache

    for url in ("/", ANSWER):
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
