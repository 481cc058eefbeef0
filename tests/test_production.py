"""Production plumbing: health checks, every public page renders, gunicorn's settings load."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests import pages

ROOT = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_is_reachable(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_down() -> None:
    """A real process whose DATABASE_URL points at a port nobody listens on."""
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz'); print(r.status_code, r.content.decode())"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "yibao_site.settings",
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:9/nowhere?connect_timeout=2",
    }
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.startswith("503 database default unreachable"), out.stdout + out.stderr


@pytest.mark.django_db
def test_livez_touches_no_database(client: Client, django_assert_num_queries) -> None:  # noqa: ANN001
    with django_assert_num_queries(0):
        response = client.get("/livez")
    assert response.status_code == 200


@pytest.mark.django_db
def test_every_public_page_renders_with_one_h1_in_chinese(client: Client) -> None:
    found = pages.public_pages()
    assert "/" in found and "/calculator/" in found
    problems = []
    for url in found:
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{url}: status {response.status_code}")
            continue
        if not pages.is_html(response):
            continue
        html = response.content.decode()
        if len(re.findall(r"<h1[\s>]", html)) != 1:
            problems.append(f"{url}: not exactly one <h1>")
        if '<html lang="zh-CN">' not in html:
            problems.append(f'{url}: no <html lang="zh-CN">')
    assert not problems, "\n".join(problems)


def test_gunicorn_config_sizes_workers_from_cpus_and_logs_to_stdout(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["workers"] == max(2, os.cpu_count() or 1)
    assert config["accesslog"] == "-"
    assert config["wsgi_app"] == "yibao_site.wsgi:application"
    assert 0 < config["timeout"] <= 60


FIRST_VISIT_BUDGET = 40 * 1024


@pytest.mark.django_db
def test_first_visit_to_any_page_is_at_most_40_kb_compressed(client: Client) -> None:
    """HTML plus every stylesheet and script it loads, gzip-compressed, no CDNs."""
    problems = []
    for url in pages.public_pages():
        response = client.get(url)
        if not pages.is_html(response):
            continue
        sizes = pages.first_visit_bytes(response.content)
        assert any(name.endswith(".css") for name in sizes), f"{url}: no stylesheet found"
        total = sum(sizes.values())
        if total > FIRST_VISIT_BUDGET:
            problems.append(f"{url}: {total} bytes compressed {sizes}")
    assert not problems, "\n".join(problems)
