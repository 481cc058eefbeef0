"""Failing small under abuse (issue 22): Redis errors, cache filling, refused requests."""

from __future__ import annotations

import datetime as dt
import logging
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
from scripts import prodserver
from tests.factories import city, rule

free_port, redis_server = prodserver.free_port, prodserver.redis_server


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
    shared: Region,
    caplog,
    options: tuple[str, ...],
    refusal: str,  # noqa: ANN001
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
    full = ("--maxmemory", "2mb", "--maxmemory-policy", "noeviction")
    with redis_server(*full) as location, override_settings(CACHES=redis_caches(location)):
        assert Client().get(url)["X-Page-Cache"] == "miss"
        fill_up(location)
        again = Client().get(url)
    assert again.status_code == 200 and again["X-Page-Cache"] == "hit"


# --- Nobody can fill the shared cache ----------------------------------------------------


def junk_requests(region: Region) -> Iterator[tuple[str, dict[str, str]]]:
    """300 × 3 kinds of junk around one canonical answer: it should stay one entry."""
    page = f"/calculator/?region={region.code}&category=retiree&on=2025-04-25"
    for n in range(300):
        yield f"{page}&utm_source=x{n}", {}  # a parameter the page does not know
        yield page, {"HTTP_COOKIE": f"tracker{n}=1; _ga=GA1.{n}"}  # cookies it does not read
        yield page, {"HTTP_HOST": f"localhost:{10000 + n}"}  # a port nobody listens on


@pytest.mark.slow  # starts a redis-server
@pytest.mark.django_db
def test_junk_requests_add_no_more_than_a_handful_of_keys(shared: Region) -> None:
    with redis_server("--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru") as url:
        keys = redis.Redis.from_url(url)
        with override_settings(CACHES=redis_caches(url), ALLOWED_HOSTS=["testserver", "localhost"]):
            statuses = [Client().get(u, **h).status_code for u, h in junk_requests(shared)]
            junk = keys.dbsize()
            # Junk values of known parameters, other orders, unknown htmx targets.
            page = f"/calculator/?on=2025-04-25&category=retiree&region={shared.code}"
            Client().get(page)
            for n in range(100):
                Client().get(f"/calculator/?region={shared.code}&category=x{n}")
                Client().get(f"/calculator/?region={n:06d}&category=retiree")
                Client().get(page, HTTP_HX_REQUEST="true", HTTP_HX_TARGET=f"t{n}")
            reordered = Client().get(page)
        total = keys.dbsize()
        keys.close()
    assert statuses == [200] * 900
    assert junk <= 3, f"900 junk requests made {junk} keys"
    assert reordered["X-Page-Cache"] == "hit", "the same question in another order is one entry"
    assert total <= 3, f"junk values made {total} keys"


@pytest.mark.django_db
def test_a_known_page_is_still_shared(shared: Region) -> None:
    page = f"/calculator/?region={shared.code}&category=retiree&on=2025-04-25"
    assert Client().get(page)["X-Page-Cache"] == "miss"
    assert Client().get(page)["X-Page-Cache"] == "hit"
    junk = Client().get(f"{page}&utm_source=x")
    assert junk.status_code == 200 and "X-Page-Cache" not in junk
    fragment = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "calc-dynamic"}
    assert Client().get(page, **fragment)["X-Page-Cache"] == "miss"
    assert Client().get(page, HTTP_HX_TRIGGER="x", **fragment)["X-Page-Cache"] == "hit"


def test_every_htmx_target_in_the_templates_is_known_to_the_page_cache() -> None:
    import re

    found = set()
    for path in (settings.BASE_DIR / "templates").rglob("*.html"):
        found.update(re.findall(r'hx-target="#([\w-]+)"', path.read_text()))
    assert found and found <= settings.PAGE_CACHE_HTMX_TARGETS, (
        found - settings.PAGE_CACHE_HTMX_TARGETS
    )


def test_every_page_with_a_query_tells_the_page_cache_its_parameters() -> None:
    from django.urls import resolve, reverse

    from calculator.registry import TOOLS
    from ops.pagecache import query_spec

    names = [f"calculator:{tool.name}" for tool in TOOLS]
    names += [f"api:{tool.api_name}" for tool in TOOLS if tool.api_name]
    names += list(settings.PAGE_CACHE_QUERIES)
    for view_name in names:
        kwargs = {"slug": "balance"} if view_name == "guides:guide" else None
        match = resolve(reverse(view_name, kwargs=kwargs))
        spec = query_spec(match.func, match.view_name)
        assert spec.names, view_name
        assert spec.form is not None or view_name in settings.PAGE_CACHE_QUERIES, view_name


# --- Readers' reports: one limit per reader, also behind the proxy and under concurrency ---


def report_data() -> dict[str, str]:
    return {
        "category": "retiree",
        "amount": "120",
        "unit": "yuan_month",
        "effective_from": "2025-01-01",
        "source_url": "https://ybj.example.gov.cn/notice/1",
        "note": "医保局网站上的通知",
        "website": "",
    }


@pytest.mark.django_db
@override_settings(REPORTS_PER_HOUR=2, TRUSTED_PROXY_HEADER="X-Forwarded-For")
def test_behind_the_proxy_two_readers_each_get_their_own_report_limit() -> None:
    from reports.models import Report

    url = f"/regions/{city().code}/report/"
    proxy = {"REMOTE_ADDR": "127.0.0.1"}  # every request comes from nginx

    def post(forwarded: str) -> int:
        return (
            Client().post(url, report_data(), HTTP_X_FORWARDED_FOR=forwarded, **proxy).status_code
        )

    assert [post("203.0.113.5") for _ in range(3)] == [302, 302, 429]
    assert [post("203.0.113.6") for _ in range(3)] == [302, 302, 429]
    # What a client writes left of the proxy's own entry is not believed.
    assert post("198.51.100.1, 203.0.113.5") == 429
    assert Report.objects.count() == 4


ARRIVED = {"category": "retiree", "age": "70", "month": "2026-11", "amount": "116"}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@override_settings(REPORTS_PER_HOUR=5)
@pytest.mark.parametrize("form", ["report", "arrived"])
def test_thirty_concurrent_reports_from_one_reader_are_accepted_at_most_the_limit(
    form: str,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, connections

    from reports.models import ArrivedReport, Report

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL: scripts/with-postgres.sh")
    url = f"/regions/{city().code}/{form}/"
    data = report_data() if form == "report" else ARRIVED
    model = Report if form == "report" else ArrivedReport

    def post(_: int) -> int:
        try:
            return Client().post(url, data, REMOTE_ADDR="203.0.113.7").status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=30) as pool:
        statuses = list(pool.map(post, range(30)))
    assert sorted(statuses) == [302] * 5 + [429] * 25, statuses
    assert model.objects.count() == 5


# --- Refused requests: one log line each, no traceback; bodies limited before the disk ---


@pytest.fixture
def log_lines(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every record any logger emits (also those that do not propagate to the root)."""
    names = ("django.security", "ops.refused", "django.request")
    for name in names:
        logging.getLogger(name).addHandler(caplog.handler)
    caplog.set_level(logging.WARNING)
    try:
        yield caplog
    finally:
        for name in names:
            logging.getLogger(name).removeHandler(caplog.handler)


def one_line(records: list[logging.LogRecord]) -> str:
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].exc_info is None and records[0].stack_info is None, "no traceback"
    return records[0].getMessage()


@pytest.mark.django_db
def test_a_bad_host_logs_one_line_and_no_traceback(log_lines: pytest.LogCaptureFixture) -> None:
    response = Client().get("/calculator/?region=110000", HTTP_HOST="evil.example")
    assert response.status_code == 400 and "这个请求我们看不懂" in response.content.decode()
    message = one_line(log_lines.records)
    assert "DisallowedHost" in message and "evil.example" in message and "\n" not in message


@pytest.mark.django_db
def test_a_1200_field_query_or_form_logs_one_line_each(log_lines: pytest.LogCaptureFixture) -> None:
    fields = "&".join(f"f{n}=" for n in range(1200))
    assert Client().get(f"/calculator/?{fields}").status_code == 414
    assert "414" in one_line(log_lines.records)
    log_lines.clear()
    short = "&".join("a" for _ in range(1001))  # fits in the query-string limit
    with override_settings(MAX_QUERY_STRING_LENGTH=4096):
        assert Client().get(f"/calculator/?{short}").status_code == 400
    assert "too many fields" in one_line(log_lines.records)
    log_lines.clear()
    url = f"/regions/{city().code}/report/"
    form = "&".join(f"f{n}=1" for n in range(1200))
    response = Client().post(url, form, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "too many fields" in one_line(log_lines.records)


@pytest.mark.django_db
def test_head_requests_log_nothing_and_carry_no_body(log_lines: pytest.LogCaptureFixture) -> None:
    for url in ("/", "/calculator/", "/livez", "/api/v1/calculate?region=110000"):
        get, head = Client().get(url), Client().head(url)
        assert head.status_code == get.status_code, url
        assert head.content == b"" and head["Content-Length"] == str(len(get.content)), url
    assert not log_lines.records


@pytest.mark.slow  # starts gunicorn
def test_head_requests_through_gunicorn_log_nothing(tmp_path) -> None:  # noqa: ANN001
    """Django answers HEAD as GET; gunicorn drops the body as RFC 9110 says, and its
    once-per-request warning about that is not logged (settings ``LOGGING``)."""
    import os
    import sys
    import urllib.request

    env = {
        **prodserver.production_environment(tmp_path),
        "DJANGO_STATIC_MANIFEST": "false",
        "GUNICORN_ACCESSLOG": "",
    }
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py"), "migrate", "--noinput"]
    subprocess.run(manage, env={**os.environ, **env}, check=True, capture_output=True)
    log = tmp_path / "gunicorn.log"
    with prodserver.gunicorn(env, log, workers=1) as base:
        for url in ("/livez", "/faq/", "/no-such-page/") * 3:
            request = urllib.request.Request(base + url, method="HEAD")
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    status, length = response.status, response.headers["Content-Length"]
            except urllib.error.HTTPError as error:
                status, length = error.code, error.headers["Content-Length"]
            assert status in (200, 404) and int(length) > 0, url
    logged = log.read_text()
    assert "no-body" not in logged and "WARNING" not in logged, logged


@pytest.mark.django_db
def test_an_oversized_report_gets_a_chinese_413_and_nothing_is_saved(
    log_lines: pytest.LogCaptureFixture,
) -> None:
    from reports.models import Report

    url = f"/regions/{city().code}/report/"
    response = Client().post(url, {**report_data(), "note": "很" * 3_000_000})
    assert response.status_code == 413
    assert "提交的内容太大了" in response.content.decode()
    assert "413" in one_line(log_lines.records)
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_a_form_without_a_file_field_refuses_a_file(log_lines: pytest.LogCaptureFixture) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reports.models import Report

    url = f"/regions/{city().code}/report/"
    upload = SimpleUploadedFile("big.bin", b"x" * 10_000)
    response = Client().post(url, {**report_data(), "attachment": upload})
    assert response.status_code == 400 and "文件" in response.content.decode()
    assert "file" in one_line(log_lines.records)
    assert not Report.objects.exists()
    # The same form without the file is accepted.
    assert Client().post(url, report_data()).status_code == 302


@pytest.mark.django_db
def test_the_admin_still_takes_an_import_sized_body(editor_client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("rules.csv", b"region_code\n" + b"110000\n" * 2_000_000)
    response = editor_client.post("/admin/policies/source/import/", {"import_file": upload})
    assert response.status_code != 413


class GoneClient:
    """A request body whose sender hung up."""

    def read(self, *args: object) -> bytes:
        raise ConnectionResetError("Connection reset by peer")

    readline = read


@pytest.mark.django_db
def test_a_client_gone_before_its_body_logs_one_line(log_lines: pytest.LogCaptureFixture) -> None:
    url = f"/regions/{city().code}/report/"
    response = Client().generic(
        "POST",
        url,
        b"x" * 100,
        content_type="application/x-www-form-urlencoded",
        **{"wsgi.input": GoneClient()},
    )
    assert response.status_code == 400
    assert "client gone" in one_line(log_lines.records)


# --- Database: a dropped connection is retried once before the 503 path ------------------


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_dropped_database_connection_is_retried_before_any_503() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("terminating a backend needs PostgreSQL: scripts/with-postgres.sh")
    home = city()
    rule(home, amount=Decimal("120"), effective_from=dt.date(2025, 4, 25))
    url = f"/api/v1/calculate?region={home.code}&category=retiree&on=2025-04-25"
    assert Client().get(url).status_code == 200
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    import psycopg

    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    time.sleep(0.2)
    # Answers with the reader's own age: never from the page cache.
    answers = [Client().get(f"{url}&age={60 + n}").status_code for n in range(5)]
    assert answers == [200] * 5


# --- A real proxy: slow clients do not hold gunicorn's workers ----------------------------


def slow_client(port: int, n: int) -> socket.socket:
    """A phone on a bad line: half a request, then nothing (the rest never comes)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    if n % 2:
        sock.sendall(b"GET /calculator/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slo")
    else:
        head = "POST /regions/110000/report/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        head += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\n"
        sock.sendall(head.encode() + b"note=")
    return sock


def reader_times(port: int, count: int = 20, timeout: float = 3.0) -> list[float | None]:
    """Seconds each reader waited for ``/livez`` (through every middleware); None if
    it got no answer within ``timeout``."""
    import http.client

    times: list[float | None] = []
    for _ in range(count):
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            connection.request("GET", "/livez", headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            times.append(time.monotonic() - started if response.status == 200 else None)
        except OSError:
            times.append(None)
        finally:
            connection.close()
    return times


@pytest.mark.slow  # starts gunicorn and nginx
def test_fifty_slow_clients_do_not_stop_other_readers_behind_nginx(tmp_path) -> None:  # noqa: ANN001
    import os
    import sys

    sys.path.insert(0, str(settings.BASE_DIR / "scripts"))
    import serve

    env = {
        "DJANGO_SETTINGS_MODULE": "yibao_site.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "slow-clients-test-" + "x" * 40,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_STATIC_MANIFEST": "false",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESSLOG": "",
    }
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py"), "migrate", "--noinput"]
    subprocess.run(manage, env={**os.environ, **env}, check=True, capture_output=True)
    with serve.serving("127.0.0.1", free_port(), env) as (base, upstream):
        port = int(base.rsplit(":", 1)[1])
        assert all(reader_times(port, count=3)), "the site answers before the test"
        held = [slow_client(port, n) for n in range(50)]
        try:
            behind_nginx = reader_times(port)
        finally:
            for sock in held:
                sock.close()
        # The same against gunicorn directly: a few slow clients take both workers.
        held = [slow_client(upstream, n) for n in range(4)]
        try:
            direct = reader_times(upstream, count=3, timeout=2.0)
        finally:
            for sock in held:
                sock.close()
    assert None not in behind_nginx, behind_nginx
    assert max(behind_nginx) < 1.0, behind_nginx  # type: ignore[type-var]
    assert direct == [None, None, None], "without nginx the readers wait (the test can fail)"


def test_every_cookie_a_page_reads_is_in_the_page_cache_key() -> None:
    from policies import remembered
    from yibao_site import elder

    for name in (remembered.COOKIE, remembered.LEGACY_COOKIE, elder.COOKIE):
        assert name in settings.PAGE_CACHE_COOKIES, name


@pytest.mark.django_db
def test_a_cookie_value_no_page_knows_is_answered_but_never_shared() -> None:
    url = "/faq/"
    reader = Client()
    reader.cookies["elder"] = "yes-please"
    first, again = reader.get(url), reader.get(url)
    assert first.status_code == again.status_code == 200
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in again
