"""Faults that must fail small: bad bytes, wrong methods, a database or Redis outage,
login lockout used as a weapon. Quick and deterministic; `make faults` drives the same
failures against gunicorn under load."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client, RequestFactory, override_settings

from ops import clientip, errors, generation
from policies.lookup import rule_book
from policies.models import Region
from scripts import prodserver
from tests import pages
from tests.admin_forms import edit_token

ROOT = settings.BASE_DIR
CACHED = "/calculator/?region=620000&category=retiree&on=2025-04-25"
FRAGMENT = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "calc-dynamic"}


free_port = prodserver.free_port


# --- Control characters: 400 before the database -------------------------------------


NUL_REQUESTS = [
    ("/search/?q=a%00", {}),
    ("/faq/?q=x%00", {}),
    ("/faq/?q=x%00", {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "faq-results"}),
    ("/regions/110000%00/", {}),
    ("/calculator/?region=110000&category=retiree&age=7%00", {}),
    ("/calculator/?region=110000&category=retiree&age=7%00", FRAGMENT),
    ("/calculator/?region%00=110000", {}),
    ("/guides/balance/?region=%1b110000", {}),
    ("/calculator/?region=110000&category=retiree%7f", {}),
    ("/calculator/?region=110000&category=%C2%85retiree", {}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "headers"), NUL_REQUESTS)
def test_control_characters_are_refused_with_400_before_the_database(
    client: Client, url: str, headers: dict[str, str], django_assert_num_queries
) -> None:  # noqa: ANN001
    with django_assert_num_queries(0):
        response = client.get(url, **headers)
    assert response.status_code == 400
    html = response.content.decode()
    assert "无法识别的字符" in html and 'href="/"' in html


@pytest.mark.django_db
def test_control_characters_in_the_api_get_a_json_400_in_chinese(client: Client) -> None:
    response = client.get("/api/v1/calculate?region=110000%00&category=retiree")
    assert response.status_code == 400
    body = response.json()
    assert pages.chinese(body["errors"]["__all__"][0])


@pytest.mark.django_db
def test_control_characters_in_an_admin_form_are_refused_and_nothing_is_saved(
    editor_client: Client,
) -> None:
    region = Region.objects.get(code="310000")
    response = editor_client.post(
        f"/admin/policies/region/{region.pk}/change/",
        {"code": "310000", "name": "上海\x00市", "level": "province", "in_system": "on"},
    )
    assert response.status_code == 400
    assert Region.objects.get(pk=region.pk).name == "上海市"


@pytest.mark.django_db
def test_line_breaks_and_tabs_in_form_text_are_still_accepted(client: Client) -> None:
    assert client.get("/search/?q=%E4%BD%99%E9%A2%9D%0A%09").status_code == 200


# --- Methods and hosts ------------------------------------------------------------------


@pytest.mark.django_db
def test_public_pages_answer_only_get_and_head(client: Client) -> None:
    urls = [*pages.public_pages(), *pages.api_endpoints(), "/sitemap.xml", "/livez"]
    problems = []
    for url in urls:
        if client.head(url).status_code >= 500:
            problems.append(f"HEAD {url}")
        for method in ("post", "put", "patch", "delete", "options", "trace"):
            response = getattr(client, method)(url)
            if method == "post" and url.endswith(("/report/", "/arrived/")):
                # The readers' report forms post (and answer an empty post with errors).
                if response.status_code != 200 or "请" not in response.content.decode():
                    problems.append(f"POST {url}: {response.status_code}")
                continue
            if response.status_code != 405 or "GET" not in response.get("Allow", ""):
                problems.append(f"{method.upper()} {url}: {response.status_code}")
    assert not problems, "\n".join(problems)


@pytest.mark.slow  # starts a Python process
def test_testserver_is_not_an_allowed_host_outside_the_test_run() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOWED_HOSTS"}
    env["DJANGO_SETTINGS_MODULE"] = "yibao_site.settings"
    script = "from django.conf import settings; print(settings.ALLOWED_HOSTS)"
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert "testserver" not in out.stdout and "localhost" in out.stdout


# --- Error pages ------------------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_pages_get_a_chinese_404_with_a_way_back(client: Client) -> None:
    for url in ("/no-such-page/", "/faq/no-such-thing/", "/regions/999999/"):
        response = client.get(url)
        assert response.status_code == 404, url
        html = response.content.decode()
        assert "找不到这个页面" in html and 'href="/"' in html and 'lang="zh-CN"' in html


@pytest.mark.django_db
def test_500_and_503_pages_render_without_the_database(django_assert_num_queries) -> None:  # noqa: ANN001
    request = RequestFactory().get("/calculator/")
    with django_assert_num_queries(0):
        page = errors.error_response(request, 500)
        busy = errors.error_response(request, 503)
    assert page.status_code == 500 and "网站出了点问题" in page.content.decode()
    assert busy.status_code == 503 and "暂时" in busy.content.decode()
    assert busy["Retry-After"] and busy["Cache-Control"] == "no-store"


def test_handler500_answers_503_when_the_database_was_the_problem() -> None:
    request = RequestFactory().get("/guides/balance/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = errors.server_error(request)
    generation._last["down_until"] = 0.0
    assert response.status_code == 503
    assert "网站暂时忙不过来" in response.content.decode()


def test_requests_refused_while_the_database_is_down_do_not_push_the_next_try_back() -> None:
    """Under steady traffic the database is tried again once the window has passed."""
    until = time.monotonic() + 0.5
    generation._last["down_until"] = until
    try:
        request = RequestFactory().get("/guides/balance/")
        try:
            raise generation.DatabaseUnavailable("database marked unavailable")
        except OperationalError:
            response = errors.server_error(request)
        assert response.status_code == 503
        assert generation._last["down_until"] == until
    finally:
        generation._last["down_until"] = 0.0


@pytest.mark.django_db
def test_oversized_query_is_414_in_the_site_layout(client: Client) -> None:
    response = client.get("/calculator/?region=" + "1" * (settings.MAX_QUERY_STRING_LENGTH + 1))
    assert response.status_code == 414
    assert "网址太长了" in response.content.decode() and 'href="/"' in response.content.decode()


# --- Database down ----------------------------------------------------------------------


def run_with_database(url: str, script: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "yibao_site.settings",
        "DATABASE_URL": url,
        "DATABASE_CONNECT_TIMEOUT": "2",
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )


DOWN_SCRIPT = """
import time
from django.test import Client
c = Client(raise_request_exception=False)  # as in production: handler500 answers
for url in ("/calculator/?region=110000&category=retiree&age=70", "/guides/balance/",
            "/api/v1/calculate?region=110000&category=retiree&age=70"):
    r = c.get(url)
    print("STATUS", url, r.status_code, "暂时" in r.content.decode())
t = time.perf_counter(); r = c.get("/livez"); ms = (time.perf_counter() - t) * 1000
print("LIVEZ", r.status_code, round(ms, 1))
"""


@pytest.mark.slow  # starts a Python process
def test_database_down_answers_503_in_chinese_and_logs_one_line_each() -> None:
    """A real process whose database refuses connections."""
    out = run_with_database(f"postgres://nobody:x@127.0.0.1:{free_port()}/nowhere", DOWN_SCRIPT)
    lines = out.stdout.splitlines()
    statuses = [line.split() for line in lines if line.startswith("STATUS")]
    assert len(statuses) == 3, out.stdout + out.stderr
    for _, url, status, chinese in statuses:
        assert status == "503" and chinese == "True", url
    livez = next(line.split() for line in lines if line.startswith("LIVEZ"))
    assert livez[1] == "200" and float(livez[2]) < 50
    assert "Traceback" not in out.stderr, out.stderr
    logged = [line for line in out.stderr.splitlines() if "navailable" in line]
    assert len(logged) == 3, "one line per failure:\n" + out.stderr
    assert all("Service Unavailable" in line and "database unavailable" in line for line in logged)


@pytest.mark.slow  # starts a Python process
def test_healthz_reports_a_hung_database_within_its_timeout() -> None:
    """A database that accepts the connection and never answers (e.g. a stuck server)."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # never accepted: the client waits for the server's greeting
        port = silent.getsockname()[1]
        script = (
            "import time\nfrom django.test import Client\n"
            "t = time.perf_counter(); r = Client().get('/healthz')\n"
            "print('HEALTHZ', r.status_code, round((time.perf_counter() - t) * 1000))\n"
        )
        out = run_with_database(f"postgres://nobody:x@127.0.0.1:{port}/nowhere", script)
    line = next(x for x in out.stdout.splitlines() if x.startswith("HEALTHZ"))
    _, status, ms = line.split()
    assert status == "503"
    assert int(ms) < 1000, "healthz must not wait for the database's connect timeout"


@pytest.mark.django_db
def test_cached_pages_keep_serving_while_the_database_is_down(client: Client) -> None:
    Client().get(CACHED)
    assert Client().get(CACHED)["X-Page-Cache"] == "hit"
    # What ops.generation records after a failed connection (without closing the test's).
    generation._last["down_until"] = time.monotonic() + 60
    try:
        cached = Client().get(CACHED)
        # The 503 comes from handler500, as in production (the test client would re-raise).
        uncached = Client(raise_request_exception=False).get("/guides/family-sharing/")
    finally:
        generation._last["down_until"] = 0.0
    assert cached.status_code == 200 and 'data-monthly="120.00"' in cached.content.decode()
    assert uncached.status_code == 503 and "网站暂时忙不过来" in uncached.content.decode()


# --- Redis paused around an admin save --------------------------------------------------


@pytest.fixture(scope="module")
def redis_server() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    with prodserver.redis_process() as found:
        yield found


def change_source_title(editor_client: Client, title: str) -> None:
    region = Region.objects.get(code="620000")
    source = rule_book().resolve(region, "retiree", dt.date(2025, 4, 25)).current.source
    url = f"/admin/policies/source/{source.pk}/change/"
    response = editor_client.post(
        url,
        {
            "edit_token": edit_token(editor_client, url),
            "key": source.key or "",
            "title": title,
            "document_number": source.document_number,
            "publisher": source.publisher,
            "url": source.url,
            "published_on": source.published_on.isoformat() if source.published_on else "",
            "grade": source.grade,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.mark.slow  # starts a redis-server
@pytest.mark.django_db
def test_admin_save_during_a_redis_pause_shows_on_the_next_request_of_every_worker(
    redis_server: tuple[str, subprocess.Popen[bytes]], client: Client, editor_client: Client
) -> None:
    url, process = redis_server
    shared = {
        **settings.CACHES,  # the template fragments stay in each process (settings)
        "default": {
            "BACKEND": "ops.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"pause-{free_port()}",
            "OPTIONS": {"socket_timeout": 0.2, "socket_connect_timeout": 0.2},
        },
    }
    with override_settings(CACHES=shared):
        Client().get(CACHED)
        assert Client().get(CACHED)["X-Page-Cache"] == "hit"
        process.send_signal(signal.SIGSTOP)  # Redis stops answering, connections stay open
        try:
            change_source_title(editor_client, "暂停期间改过的来源标题")
        finally:
            process.send_signal(signal.SIGCONT)
    # Another worker: its own connection to the same Redis, which still holds the old page.
    with override_settings(CACHES=shared):
        fresh = Client().get(CACHED)
        assert "暂停期间改过的来源标题" in fresh.content.decode()
        assert fresh["X-Page-Cache"] == "miss"
        cache.clear()


@pytest.mark.django_db
def test_without_redis_every_worker_sees_an_edit_on_its_next_request(
    client: Client, editor_client: Client
) -> None:
    """Local-memory caches are per worker; the generation in the database is shared."""
    Client().get(CACHED)
    token = generation.current()
    change_source_title(editor_client, "编辑刚改的来源标题")
    assert generation.current() != token
    # A worker that cached the page and its data before the edit, in another process:
    # its cache keys hold the old token, which no request will read again.
    assert "编辑刚改的来源标题" in Client().get(CACHED).content.decode()


# --- Login lockout ----------------------------------------------------------------------


def login(client: Client, username: str, password: str, ip: str, **meta: str):  # noqa: ANN201
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        **meta,
    )


@pytest.mark.django_db
def test_lockout_is_per_username_and_address_pair(editor: User) -> None:
    User.objects.create_superuser("colleague", "c@example.com", "colleague-password-42")
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(attacker, "editor", "wrong", "10.0.0.5")
    locked = login(attacker, "editor", "correct-horse-battery", "10.0.0.5")
    assert locked.status_code == 429
    assert "登录尝试次数过多" in locked.content.decode()
    # The same editor from home, and a colleague behind the same office address, get in.
    assert login(Client(), "editor", "correct-horse-battery", "10.0.0.9").status_code == 302
    assert login(Client(), "colleague", "colleague-password-42", "10.0.0.5").status_code == 302


@pytest.mark.django_db
def test_attempts_while_locked_do_not_restart_the_cool_off(editor: User) -> None:
    from axes.models import AccessAttempt

    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "editor", "wrong", "10.0.0.6")
    locked_at = AccessAttempt.objects.get(username="editor").attempt_time
    for _ in range(3):
        assert login(client, "editor", "wrong", "10.0.0.6").status_code == 429
    assert AccessAttempt.objects.get(username="editor").attempt_time == locked_at
    # Once the cool-off has passed since the lock, the editor gets in.
    cool_off = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(attempt_time=locked_at - cool_off - dt.timedelta(minutes=1))
    assert login(client, "editor", "correct-horse-battery", "10.0.0.6").status_code == 302


def test_client_address_comes_from_the_trusted_proxy_header_only_when_configured() -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    assert clientip.client_ip(request) == "127.0.0.1", "off by default: the header is ignored"
    with override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=1):
        assert clientip.client_ip(request) == "203.0.113.7", "the entry our proxy appended"
    with override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=3):
        assert clientip.client_ip(request) == "127.0.0.1", "fewer entries than proxies"
    junk = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="not-an-ip")
    with override_settings(TRUSTED_PROXY_HEADER="X-Real-IP"):
        assert clientip.client_ip(junk) == "127.0.0.1"


@pytest.mark.django_db
def test_behind_a_proxy_editors_are_told_apart_by_their_real_address(editor: User) -> None:
    with override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(Client(), "editor", "wrong", "127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
        blocked = login(
            Client(),
            "editor",
            "correct-horse-battery",
            "127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.1",
        )
        allowed = login(
            Client(),
            "editor",
            "correct-horse-battery",
            "127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.2",
        )
    assert blocked.status_code == 429
    assert allowed.status_code == 302


@pytest.mark.django_db
def test_any_successful_admin_write_by_staff_moves_the_generation(editor: User) -> None:
    """Writes that send no save signal (a QuerySet.update() in an action) still count: any
    successful admin POST by staff moves the content generation; signing in does not."""
    from ops import generation

    staff = Client()
    before = generation.current()
    signed_in = staff.post(
        "/admin/login/", {"username": "editor", "password": "correct-horse-battery"}
    )
    assert signed_in.status_code == 302
    assert generation.current() == before
    # An action over no rows changes nothing through signals; the POST still moves it.
    posted = staff.post(
        "/admin/policies/accountrule/", {"action": "publish_action", "_selected_action": []}
    )
    assert posted.status_code in (200, 302)
    moved = generation.current()
    assert moved != before
    staff.get("/admin/policies/accountrule/")
    assert generation.current() == moved  # reading changes nothing
    stranger = Client().post("/admin/policies/accountrule/", {"action": "publish_action"})
    assert stranger.status_code == 302 and generation.current() == moved


@pytest.mark.django_db
def test_livez_touches_nothing_and_is_answered_like_any_page(
    client: Client, django_assert_num_queries
) -> None:  # noqa: ANN001
    """An ordinary view through every middleware: no query, the site's headers, and a Host
    we do not serve is refused as for any page (probes send the site's own Host)."""
    with django_assert_num_queries(0):
        probe = client.get("/livez")
        head = client.head("/livez")
    assert probe.status_code == 200 and probe.content == b"ok"
    assert "Content-Security-Policy" in probe and probe["Cache-Control"].startswith("max-age=0")
    assert head.status_code == 200 and head.content == b""
    assert client.get("/livez", HTTP_HOST="not-ours.example").status_code == 400
