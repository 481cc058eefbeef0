#!/usr/bin/env python3
"""Make half-width ,:;?!() that touch Chinese full-width, in templates and reader-facing text.

    .venv/bin/python scripts/fullwidth.py            # fix the default files, list changes
    .venv/bin/python scripts/fullwidth.py --check    # only list; exit 1 if anything would change
    .venv/bin/python scripts/fullwidth.py FILE ...   # just these files

Templates: everything outside ``{% %}``, ``{{ }}`` and ``{# #}``. Python: string literals
that are not docstrings or raw (patterns). JavaScript: double-quoted strings. Marks next to
a template variable ("({{ x }})") can't always be judged here; the page scan in the test
suite (``tests/test_punctuation.py``) finds those. Not touched: migrations, models and
admin modules (editor-facing help texts; changing them needs a migration), tests.
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

from yibao_site.lib.punctuation import FULL as FULL_MARKS  # noqa: E402
from yibao_site.lib.punctuation import HAN, fix_text  # noqa: E402

PYTHON = [
    "calculator/**/*.py",
    "policies/*.py",
    "regions/views/*.py",
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
FIELD = re.compile(r"\{[^{}]*\}")  # an f-string replacement field


def default_files() -> list[Path]:
    files = sorted((ROOT / "templates").rglob("*.html")) + sorted((ROOT / "static/js").glob("*.js"))
    for pattern in PYTHON:
        files += sorted(p for p in ROOT.glob(pattern) if not SKIPPED.search(p.as_posix()))
    return list(dict.fromkeys(files))


def fix_around(source: str, code: re.Pattern[str]) -> str:
    """``fix_text`` on ``source`` with the spans ``code`` matches left exactly as they are.

    Each span stands in as one private-use character while fixing, so a bracket pair
    around a variable ("个({{ n }})", f"个({n})") is still seen as a pair.
    """
    spans: list[str] = []

    def hide(match: re.Match[str]) -> str:
        spans.append(match.group(0))
        return chr(0xE000 + len(spans) - 1)

    fixed = fix_text(code.sub(hide, source))
    return re.sub("[\ue000-\uf8ff]", lambda m: spans[ord(m.group(0)) - 0xE000], fixed)


JS_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def fix_javascript(source: str) -> str:
    """Only the text of double-quoted string literals (the words readers see)."""
    return JS_STRING.sub(lambda m: fix_text(m.group(0)), source)


def fix_template(source: str) -> str:
    return fix_around(source, TEMPLATE_CODE)


def fix_python(source: str) -> str:
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    edits = []
    skip = {tokenize.NL, tokenize.COMMENT}
    significant = [t for t in tokens if t.type not in skip]
    for index, token in enumerate(significant):
        if token.type != tokenize.STRING:
            continue
        before = significant[index - 1].type if index else tokenize.NEWLINE
        after = significant[index + 1].type if index + 1 < len(significant) else tokenize.NEWLINE
        starts = (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING)
        if before in starts and after in (tokenize.NEWLINE, tokenize.ENDMARKER):
            continue  # a docstring: written for developers, often English with examples
        start = offsets[token.start[0] - 1] + token.start[1]
        end = offsets[token.end[0] - 1] + token.end[1]
        text = source[start:end]
        fixed = fix_string_literal(text)
        if fixed != text:
            edits.append((start, end, fixed))
    for start, end, fixed in reversed(edits):
        source = source[:start] + fixed + source[end:]
    return fix_seams(source)


def _content(literal: str) -> tuple[int, int]:
    """Start and end offsets of a literal's text inside its quotes."""
    prefix = len(re.match(r"[A-Za-z]*", literal).group(0))
    quote = 3 if literal[prefix : prefix + 3] in ('"""', "'''") else 1
    return prefix + quote, len(literal) - quote


def fix_seams(source: str) -> str:
    """A mark at the end of one literal and Chinese at the start of the next ("…60%," "低保")."""
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(source).readline)
        if t.type not in (tokenize.NL, tokenize.COMMENT)
    ]
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    chars = list(source)
    for first, second in zip(tokens, tokens[1:], strict=False):
        if first.type != tokenize.STRING or second.type != tokenize.STRING:
            continue
        if re.match(r"[A-Za-z]*", first.string).group(0).lower().count("r"):
            continue
        a_start = offsets[first.start[0] - 1] + first.start[1]
        b_start = offsets[second.start[0] - 1] + second.start[1]
        a_from, a_to = _content(first.string)
        b_from, b_to = _content(second.string)
        if a_to <= a_from or b_to <= b_from:
            continue
        last, head = a_start + a_to - 1, b_start + b_from
        if chars[last] in FULL_MARKS and HAN.match(chars[head]):
            chars[last] = FULL_MARKS[chars[last]]
        elif chars[head] in FULL_MARKS and HAN.match(chars[last]):
            chars[head] = FULL_MARKS[chars[head]]
    return "".join(chars)


def fix_string_literal(literal: str) -> str:
    """Fix the characters of a literal, leaving f-string replacement fields alone."""
    prefix = re.match(r"[A-Za-z]*", literal).group(0).lower()
    if "r" in prefix or "b" in prefix:
        return literal  # raw strings are patterns (regular expressions), not sentences
    if "f" in prefix:
        return fix_around(literal, FIELD)
    return fix_text(literal)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    changed = 0
    for path in args.files or default_files():
        source = path.read_text(encoding="utf-8")
        fixers = {".py": fix_python, ".js": fix_javascript}
        fixed = fixers.get(path.suffix, fix_template)(source)
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
