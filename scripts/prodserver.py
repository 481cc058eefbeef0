"""Run the site as production does, on loopback, for `make bench` and `make lighthouse`.

Production settings (DEBUG off, hashed static files, gunicorn.conf.py) with plain HTTP:
HTTPS redirects, secure cookies and HSTS are off because there is no TLS on 127.0.0.1.
Without DATABASE_URL the data lives in a throwaway SQLite file, migrated and seeded here.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def redis_process(*options: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A throwaway redis-server on a free loopback port (no persistence), with these extra
    options; yields its URL and its process (a fault drill pauses or kills it)."""
    binary = shutil.which("redis-server")
    if not binary:
        raise RuntimeError("redis-server not found: run scripts/system-deps.sh")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", *options],
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
        yield f"redis://127.0.0.1:{port}/0", process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGCONT)  # a paused server would not hear SIGTERM
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def redis_server(*options: str) -> Iterator[str]:
    """``redis_process`` when only the URL matters: `make bench`, `scripts/abuse.py`, tests."""
    with redis_process(*options) as (url, _):
        yield url


def production_environment(workdir: Path) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "yibao_site.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    if not os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    return env


def prepare_django(env: dict[str, str]) -> None:
    """Set up Django in this process with the production environment, data and static."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--noinput", verbosity=0)
    call_command("seed", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("collectstatic", "--noinput", verbosity=0)


@contextmanager
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="yibao-prod-") as tmp:
        yield Path(tmp)


_pids: dict[str, int] = {}


def last_pid() -> int:
    """The master process of the gunicorn most recently started here."""
    return _pids["gunicorn"]


@contextmanager
def gunicorn(env: dict[str, str], log: Path, workers: int | None = None) -> Iterator[str]:
    """gunicorn with gunicorn.conf.py on a free loopback port; yields the base URL."""
    port = free_port()
    child_env = {**os.environ, **env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    if workers:
        child_env["GUNICORN_WORKERS"] = str(workers)
    errors = log.open("w")
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=child_env,
        stdout=subprocess.DEVNULL,
        stderr=errors,
    )
    base = f"http://127.0.0.1:{port}"
    _pids["gunicorn"] = process.pid
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start:\n" + log.read_text()) from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        errors.close()
