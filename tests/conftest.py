"""Shared fixtures: a seeded database, named personas, and a real Chromium."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

# Passwords in tests need no work factor: a fast hasher keeps each editor persona cheap.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The tests serve static files from the finders. WhiteNoise indexes STATIC_ROOT whenever a
# test client builds its handler, so a `staticfiles/` left by `make serve` or `make bench`
# made the fast suite ~50 % slower (34.5 s against 22.9 s): point it at a directory that
# is never there.
settings.STATIC_ROOT = os.path.join(settings.BASE_DIR, "staticfiles-unused-in-tests")


def seed() -> None:
    call_command("seed", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: ANN001 - pytest-django fixture
    """Every test database starts with the seed content, as a fresh site would."""
    with django_db_blocker.unblock():
        seed()


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Each test starts with empty caches: a rolled-back test leaves no cached pages or
    template fragments behind."""
    from django.core.cache import caches

    for alias in ("default", "template_fragments", "site_furniture"):
        caches[alias].clear()
    yield
    for alias in ("default", "template_fragments", "site_furniture"):
        caches[alias].clear()


@pytest.fixture
def seeded_live_server(transactional_db, live_server):  # noqa: ANN001
    """The live server with seed content (transactional tests start from a flushed DB)."""
    seed()
    return live_server


@pytest.fixture
def editor(db) -> User:  # noqa: ANN001
    """A staff member who edits rules and articles in the admin."""
    return User.objects.create_superuser("editor", "editor@example.com", "correct-horse-battery")


@pytest.fixture
def editor_client(editor: User) -> Client:
    client = Client()
    client.force_login(editor)
    return client


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (``make test`` installs it)."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; run `make browser`.")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser) -> Iterator[object]:  # noqa: ANN001
    """A phone-sized page (360 px wide)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    tab = context.new_page()
    yield tab
    context.close()
