"""Security: deploy checks, headers and CSP on every page, the admin, refused requests."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, override_settings

from tests import pages

INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)


def production_env() -> dict[str, str]:
    """The environment of a real deployment: DEBUG off, nothing relaxed for tests."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_SECURE", "DJANGO_HSTS", "DJANGO_STATIC", "DJANGO_DEBUG"))
        # Set by the browser fixture in this process for Playwright; never in deployment.
        and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    env["DJANGO_SETTINGS_MODULE"] = "yibao_site.settings"
    return env


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=settings.BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_check_deploy_is_clean_under_production_settings() -> None:
    out = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


def test_production_responses_carry_hsts_and_secure_cookies() -> None:
    script = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
# /livez touches no database; pages are redirected to https before anything else runs,
# the liveness probe is not (it may come over plain HTTP from inside the network).
r = Client().get("/livez", secure=True)
plain = Client().get("/guides/?region=110000")
probe = Client().get("/livez")
print(json.dumps({
    "hsts": r.headers.get("Strict-Transport-Security"),
    "redirect": [plain.status_code, plain.headers.get("Location")],
    "probe": probe.status_code,
    "cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,
                settings.SESSION_COOKIE_HTTPONLY],
    "debug": settings.DEBUG,
}))
"""
    out = run([sys.executable, "-c", script])
    assert out.returncode == 0, out.stderr
    facts = json.loads(out.stdout.strip().splitlines()[-1])
    assert facts["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert facts["redirect"] == [301, "https://testserver/guides/?region=110000"]
    assert facts["probe"] == 200
    assert facts["cookies"] == [True, True, True]
    assert facts["debug"] is False


@pytest.mark.django_db
def test_every_public_page_sends_security_headers_and_a_strict_csp(client: Client) -> None:
    problems = []
    for url in pages.public_pages() + pages.api_endpoints():
        response = client.get(url)
        csp = response.get("Content-Security-Policy", "")
        directives = dict(
            (part.split(" ", 1) + [""])[:2] for part in csp.split("; ") if part.strip()
        )
        if directives.get("script-src") != "'self'":
            problems.append(f"{url}: script-src is {directives.get('script-src')!r}")
        if "unsafe" in csp:
            problems.append(f"{url}: CSP allows unsafe sources")
        if directives.get("frame-ancestors") != "'none'":
            problems.append(f"{url}: frame-ancestors missing")
        expected = {
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin",
            "X-Frame-Options": "DENY",
        }
        for header, value in expected.items():
            if response.get(header) != value:
                problems.append(f"{url}: {header} is {response.get(header)!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_no_page_needs_inline_script_or_style(client: Client) -> None:
    """Only JSON-LD data blocks may be inline; everything else is a file the CSP allows."""
    problems = []
    for url in pages.public_pages():
        response = client.get(url)
        if not pages.is_html(response):
            continue
        html = response.content.decode()
        for attrs in SCRIPT_TAG.findall(html):
            if "src=" not in attrs and "application/ld+json" not in attrs:
                problems.append(f"{url}: inline <script{attrs}>")
        if INLINE_HANDLER.search(html):
            problems.append(f"{url}: inline event handler")
        if STYLE_ATTRIBUTE.search(html) or "<style" in html:
            problems.append(f"{url}: inline style")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_admin_is_never_indexed_and_runs_no_inline_script(
    client: Client, editor_client: Client
) -> None:
    for response in (client.get("/admin/login/"), editor_client.get("/admin/")):
        assert response.status_code == 200
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        directives = dict(
            part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
        )
        assert directives["script-src"] == "'self'"
        # simple-history's templates carry style attributes: allowed in the admin only.
        assert directives["style-src"] == "'self' 'unsafe-inline'"
    public = client.get("/")
    assert "X-Robots-Tag" not in public and "unsafe" not in public["Content-Security-Policy"]


@pytest.mark.django_db
def test_admin_is_for_staff_only(client: Client) -> None:
    assert client.get("/admin/").status_code == 302
    User.objects.create_user("reader", password="reader-password-123")
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "reader", "password": "reader-password-123"}
    )
    assert response.status_code == 200, "a non-staff user must not get into the admin"
    assert client.get("/admin/").status_code == 302


@pytest.mark.slow
@pytest.mark.django_db
def test_admin_login_locks_out_after_repeated_failures(client: Client, editor: User) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit):
        response = client.post(
            "/admin/login/",
            {"username": "editor", "password": "wrong-guess"},
            REMOTE_ADDR="10.9.8.7",
        )
    assert response.status_code in (200, 429)
    locked = client.post(
        "/admin/login/",
        {"username": "editor", "password": "correct-horse-battery"},
        REMOTE_ADDR="10.9.8.7",
    )
    assert locked.status_code == 429
    assert "登录尝试次数过多" in locked.content.decode()
    assert locked["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get("/admin/").status_code == 302, "the locked-out login must not succeed"


@pytest.mark.django_db
def test_admin_login_still_works_below_the_limit(client: Client, editor: User) -> None:
    client.post("/admin/login/", {"username": "editor", "password": "wrong-guess"})
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "editor", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_oversized_query_strings_are_refused_with_414(client: Client) -> None:
    long_query = "region=" + "1" * (settings.MAX_QUERY_STRING_LENGTH + 1)
    for url in pages.public_pages() + pages.api_endpoints():
        path = url.split("?")[0]
        response = client.get(f"{path}?{long_query}")
        assert response.status_code == 414, path
        assert "太长" in response.content.decode()


@pytest.mark.django_db
def test_too_many_parameters_are_refused_cleanly(client: Client) -> None:
    query = "&".join(f"a{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    with override_settings(MAX_QUERY_STRING_LENGTH=10 * len(query)):
        response = client.get(f"/calculator/?{query}")
    assert 400 <= response.status_code < 500


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1:8000@evil.example", "a" * 300, "[::1"])
def test_unknown_hosts_are_refused_with_400(client: Client, host: str) -> None:
    for url in ("/", "/calculator/", "/api/v1/calculate", "/healthz"):
        assert client.get(url, HTTP_HOST=host).status_code == 400
