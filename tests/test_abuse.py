"""Failing small under abuse (issue 22): Redis errors, cache filling, refused requests."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from decimal import Decimal

import pytest
import redis
from django.conf import settings
from django.test import Client, override_settings

from policies.models import Region
from tests.factories import city, rule


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def redis_server(*options: str) -> Iterator[str]:
    """A real redis-server on a free loopback port with these options; its URL."""
    binary = shutil.which("redis-server")
    if not binary:
        pytest.fail("redis-server not found: run scripts/system-deps.sh")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", *options],
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
        **settings.CACHES,  # the template fragments stay in each process (settings)
        "default": {"BACKEND": "ops.cache.ResilientRedisCache", "LOCATION": location},
    }


def fill_up(url: str) -> None:
    """Write until Redis refuses: it is at maxmemory and evicts nothing."""
    client = redis.Redis.from_url(url)
    with pytest.raises(redis.exceptions.OutOfMemoryError):  # noqa: PT012
        for n in range(10_000):
            client.set(f"filler:{n}", b"x" * 10_000)
    client.close()


@pytest.fixture
def shared(db: None) -> Region:
    home = city()
    rule(home, amount=Decimal("120"), effective_from=dt.date(2025, 4, 25))
    return home


def public_urls(region: Region) -> list[str]:
    query = f"region={region.code}&category=retiree&on=2025-04-25"
    return [
        "/",
        f"/calculator/?{query}",
        f"/api/v1/calculate?{query}",
        f"/regions/{region.code}/",
        "/guides/",
        "/faq/",
    ]


@pytest.mark.slow  # starts redis-servers
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "refusal"),
    [
        (("--maxmemory", "1mb", "--maxmemory-policy", "noeviction"), "OutOfMemoryError"),
        (("--replicaof", "127.0.0.1", "1"), "ReadOnlyError"),
    ],
    ids=["full-noeviction", "read-only-replica"],
)
def test_a_redis_that_refuses_writes_leaves_every_page_answered(
    shared: Region, caplog, options: tuple[str, ...], refusal: str  # noqa: ANN001
) -> None:
    with redis_server(*options) as url:
        if "noeviction" in options:
            fill_up(url)
        with override_settings(CACHES=redis_caches(url)), caplog.at_level(logging.WARNING):
            statuses = [Client().get(u).status_code for _ in range(20) for u in public_urls(shared)]
    assert statuses.count(200) == len(statuses), sorted(set(statuses))
    warnings = [r for r in caplog.records if r.name == "ops.cache"]
    assert warnings and refusal in warnings[0].getMessage()
    # One line for the refusal, then writes are skipped for a few seconds: no flood.
    assert len(warnings) <= 2, [r.getMessage() for r in warnings]
    assert not any(r.exc_info for r in caplog.records), "no tracebacks"


@pytest.mark.slow  # starts a redis-server
@pytest.mark.django_db
def test_a_full_redis_still_serves_the_pages_it_holds(shared: Region) -> None:
    url = public_urls(shared)[1]
    with redis_server("--maxmemory", "2mb", "--maxmemory-policy", "noeviction") as location:
        with override_settings(CACHES=redis_caches(location)):
            assert Client().get(url)["X-Page-Cache"] == "miss"
            fill_up(location)
            again = Client().get(url)
    assert again.status_code == 200 and again["X-Page-Cache"] == "hit"
