#!/usr/bin/env python3
"""Make half-width ,:;?!() that touch Chinese full-width, in templates and reader-facing text.

    .venv/bin/python scripts/fullwidth.py            # fix the default files, list changes
    .venv/bin/python scripts/fullwidth.py --check    # only list; exit 1 if anything would change
    .venv/bin/python scripts/fullwidth.py FILE ...   # just these files

Templates (and our JavaScript): everything outside ``{% %}``, ``{{ }}`` and ``{# #}``. Python: only string
literals, not raw ones (those are patterns); comments and code are left alone. Marks next to a template variable ("({{ x }})")
can't be judged here; the page scan in the test suite (``tests/test_punctuation.py``) finds
those. Not touched: migrations, models and admin modules (editor-facing help texts, and
changing them needs a migration), tests.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from yibao_site.lib.punctuation import fix_text  # noqa: E402

PYTHON = [
    "calculator/**/*.py",
    "policies/*.py",
    "policies/views/*.py",
    "guides/**/*.py",
    "faq/**/*.py",
    "search/**/*.py",
    "ops/*.py",
    "yibao_site/views.py",
    "yibao_site/seo.py",
    "yibao_site/lib/*.py",
]
SKIPPED = re.compile(r"(/migrations/|/models\.py$|/admin\.py$|/tests?/|punctuation\.py$)")
TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)


def default_files() -> list[Path]:
    files = sorted((ROOT / "templates").rglob("*.html")) + sorted((ROOT / "static/js").glob("*.js"))
    for pattern in PYTHON:
        files += sorted(p for p in ROOT.glob(pattern) if not SKIPPED.search(p.as_posix()))
    return list(dict.fromkeys(files))


def fix_template(source: str) -> str:
    out, last = [], 0
    for match in TEMPLATE_CODE.finditer(source):
        out.append(fix_text(source[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(fix_text(source[last:]))
    return "".join(out)


def fix_python(source: str) -> str:
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    edits = []
    for token in tokens:
        if token.type != tokenize.STRING:
            continue
        start = offsets[token.start[0] - 1] + token.start[1]
        end = offsets[token.end[0] - 1] + token.end[1]
        text = source[start:end]
        fixed = fix_string_literal(text)
        if fixed != text:
            edits.append((start, end, fixed))
    for start, end, fixed in reversed(edits):
        source = source[:start] + fixed + source[end:]
    return source


def fix_string_literal(literal: str) -> str:
    """Fix the characters of a literal, leaving f-string replacement fields alone."""
    prefix = re.match(r"[A-Za-z]*", literal).group(0).lower()
    if "r" in prefix or "b" in prefix:
        return literal  # raw strings are patterns (regular expressions), not sentences
    if "f" in prefix:
        parts = re.split(r"(\{[^{}]*\})", literal)
        return "".join(p if p.startswith("{") and p.endswith("}") else fix_text(p) for p in parts)
    return fix_text(literal)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    changed = 0
    for path in args.files or default_files():
        source = path.read_text(encoding="utf-8")
        fixed = fix_python(source) if path.suffix == ".py" else fix_template(source)
        if fixed != source:
            changed += 1
            count = sum(a != b for a, b in zip(source, fixed, strict=False))
            print(f"{path.relative_to(ROOT) if path.is_absolute() else path}: {count} marks")
            if not args.check:
                path.write_text(fixed, encoding="utf-8")
    print(f"{changed} files {'would change' if args.check else 'changed'}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
