"""`make serve`: nginx (ops/nginx.conf) in front of gunicorn (gunicorn.conf.py), on loopback.

    .venv/bin/python scripts/serve.py [--host 127.0.0.1] [--port 8000]

gunicorn listens on a free loopback port; nginx listens on HOST:PORT, buffers requests and
answers and serves /static/ itself. Django is told to trust the X-Forwarded-For entry
nginx appends (TRUSTED_PROXY_HEADER). Both stop on Ctrl-C. The settings come from the
environment (the Makefile sets production ones).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
CONFIG = ROOT / "ops" / "nginx.conf"
sys.path.insert(0, str(ROOT / "scripts"))
from prodserver import free_port  # noqa: E402


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        raise SystemExit("nginx not found: run scripts/system-deps.sh")
    return found


def render(run_dir: Path, listen: str, upstream: str, static_root: Path) -> Path:
    """ops/nginx.conf with its ${…} placeholders filled in, written into run_dir."""
    text = CONFIG.read_text()
    for name, value in {
        "RUN_DIR": str(run_dir),
        "LISTEN": listen,
        "UPSTREAM": upstream,
        "STATIC_ROOT": str(static_root),
    }.items():
        text = text.replace("${" + name + "}", value)
    path = run_dir / "nginx.conf"
    path.write_text(text)
    return path


def wait_for(host: str, port: int, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start") from None
            time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@contextlib.contextmanager
def serving(
    host: str = "127.0.0.1", port: int = 8000, env: dict[str, str] | None = None
) -> Iterator[tuple[str, int]]:
    """gunicorn behind nginx; yields (nginx's base URL, gunicorn's port)."""
    upstream_port = free_port()
    child_env = {
        **os.environ,
        **(env or {}),
        "GUNICORN_BIND": f"127.0.0.1:{upstream_port}",
        "TRUSTED_PROXY_HEADER": "X-Forwarded-For",
        "TRUSTED_PROXY_COUNT": "1",
    }
    static_root = ROOT / "staticfiles"
    with tempfile.TemporaryDirectory(prefix="yibao-nginx-") as tmp:
        run_dir = Path(tmp)
        run_dir.chmod(0o755)  # as root, nginx's workers run as another user
        config = render(run_dir, f"{host}:{port}", f"127.0.0.1:{upstream_port}", static_root)
        check = subprocess.run(
            [nginx_binary(), "-t", "-q", "-p", str(run_dir), "-c", str(config), "-e", "stderr"],
            capture_output=True,
            text=True,
        )
        if check.returncode:
            raise RuntimeError(f"nginx refused {config}:\n{check.stderr}")
        gunicorn = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py"], cwd=ROOT, env=child_env
        )
        nginx = None
        try:
            wait_for("127.0.0.1", upstream_port, gunicorn, "gunicorn")
            nginx = subprocess.Popen(
                [
                    nginx_binary(),
                    *("-p", str(run_dir), "-c", str(config), "-e", "stderr"),
                    *("-g", "daemon off;"),
                ]
            )
            wait_for(host, port, nginx, "nginx")
            yield f"http://{host}:{port}", upstream_port
        finally:
            if nginx is not None:
                stop(nginx)
            stop(gunicorn)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with serving(args.host, args.port) as (base, upstream):
        print(f"nginx {base}/ → gunicorn 127.0.0.1:{upstream}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    main()
