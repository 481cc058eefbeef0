#!/usr/bin/env python
"""`make lighthouse`: Lighthouse scores for the home page, a calculator answer and a guide.

Runs the production server on loopback (scripts/prodserver.py) and the `lighthouse` npm
package installed in .lighthouse/ by the Makefile, in Debian's Chromium (CHROME_PATH),
headless, with Lighthouse's default mobile emulation. Prints a table; --write puts it in
docs/PERFORMANCE.md. Not part of CI: scores depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import prodserver  # noqa: E402

LIGHTHOUSE = prodserver.ROOT / ".lighthouse" / "node_modules" / ".bin" / "lighthouse"
DOC = prodserver.ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def chosen_pages() -> list[tuple[str, str]]:
    """The home page, the first calculator answer and the first guide the site links."""
    from tests import pages

    found = pages.public_pages()
    answers = [u for u in found if u.startswith("/calculator/") and "?" in u]
    answer = next((u for u in answers if "region=" in u and "category=" in u), None)
    answer = answer or next(iter(answers), None)
    # A guide article (a model's page) before the guides index or the withdrawal check.
    guides = [u for u in pages.representative_urls() if u.startswith("/guides/")]
    guides += [u for u in found if u.startswith("/guides/")]
    guide = next(iter(guides), None)
    chosen = [("home", "/")]
    if answer:
        chosen.append(("calculator answer", answer))
    if guide:
        chosen.append(("guide", guide))
    return chosen


def audit(url: str, out: Path) -> dict[str, int]:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    # Lighthouse sometimes loses the trace on a busy machine (NO_NAVSTART): try again.
    for attempt in range(3):
        if subprocess.run(command, env=env, timeout=300).returncode == 0:
            break
        print(f"    lighthouse failed (attempt {attempt + 1}), retrying", file=sys.stderr)
    else:
        raise SystemExit(f"lighthouse failed three times on {url}")
    report = json.loads(out.read_text())
    return {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="update docs/PERFORMANCE.md")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("lighthouse not installed: run `make lighthouse`")
    with prodserver.workdir() as tmp:
        env = prodserver.production_environment(tmp)
        prodserver.prepare_django(env)
        targets = chosen_pages()
        rows = []
        with prodserver.gunicorn(env, tmp / "gunicorn.log") as base:
            for i, (name, path) in enumerate(targets):
                print(f"  {name}: {path}", file=sys.stderr)
                rows.append((name, path, audit(base + path, tmp / f"report-{i}.json")))
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Run {when}, Lighthouse mobile emulation, production settings on loopback (plain HTTP).",
        "",
        "| page | URL | " + " | ".join(CATEGORIES) + " |",
        "|---|---|" + "---:|" * len(CATEGORIES),
    ]
    for name, path, scores in rows:
        lines.append(
            f"| {name} | `{path}` | " + " | ".join(str(scores[c]) for c in CATEGORIES) + " |"
        )
    text = "\n".join(lines)
    print(text)
    if args.write:
        doc = DOC.read_text()
        head, rest = doc.split(START, 1)
        _, tail = rest.split(END, 1)
        DOC.write_text(f"{head}{START}\n{text}\n{END}{tail}")


if __name__ == "__main__":
    main()
