"""Chinese text takes full-width punctuation (U+FF0C and friends), never "多少,要看".

- ``halfwidth_marks(text)``: every half-width ``,:;?!()`` that touches a Chinese
  character, outside URLs and Markdown link targets (numbers such as "1,000" or "10:30"
  never touch one).
- ``page_text(html)``: what a reader sees of a rendered page (text and the attributes
  read aloud or shown: ``alt``, ``title``, ``aria-label``, ``placeholder``, meta
  ``content``), without ``<code>``, ``<pre>``, scripts and styles.
- ``fix_text(text)``: the same text with those marks made full-width; a pair of
  brackets is changed together when either bracket touches Chinese or it encloses
  Chinese ("代码(GB/T 2260)" → "代码(GB/T 2260)").

``scripts/fullwidth.py`` applies ``fix_text`` to templates and to the string literals of
the Python modules that hold reader-facing text; the test suite scans rendered pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

FULL = {  # half-width → full-width: ,:;?!()
    ",": "\uff0c",
    ":": "\uff1a",
    ";": "\uff1b",
    "?": "\uff1f",
    "!": "\uff01",
    "(": "\uff08",
    ")": "\uff09",
}
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
URL = re.compile(r"(?:https?://|www\.)[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff\"'<>]+")
# A Markdown link's target, "[余额查询指南](/guides/balance/)": its brackets are syntax.
MARKDOWN_TARGET = re.compile(r"\]\([^()\s]+\)")


@dataclass(frozen=True)
class Mark:
    position: int
    mark: str
    context: str

    def __str__(self) -> str:
        return f"“{self.mark}” in “{self.context}”"


def _is_han(text: str, index: int) -> bool:
    return 0 <= index < len(text) and bool(HAN.match(text[index]))


def _outside_urls(text: str) -> list[bool]:
    keep = [True] * len(text)
    for match in [*URL.finditer(text), *MARKDOWN_TARGET.finditer(text)]:
        for i in range(match.start(), match.end()):
            keep[i] = False
    return keep


def halfwidth_marks(text: str) -> list[Mark]:
    keep = _outside_urls(text)
    found = []
    for i, char in enumerate(text):
        if char in FULL and keep[i] and (_is_han(text, i - 1) or _is_han(text, i + 1)):
            found.append(Mark(i, char, text[max(0, i - 12) : i + 12].replace("\n", " ")))
    return found


# When fixing, Chinese punctuation (“”（）、。…) also counts as Chinese text, and a mark
# is judged past Markdown emphasis and one line break: "**电话**:", "（见上）,\n找".
CHINESE_CONTEXT = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f"
    "\uff01-\uff0f\uff1a-\uff1f\u201c\u201d\u2026]"
)
SKIPPED_NEXT = re.compile(r"[*_]+|[ \t]*\n[ \t]*")
SKIPPED_BEFORE = re.compile(r"(?:[*_]+|[ \t]*\n[ \t]*)$")


def _chinese_near(text: str, index: int) -> bool:
    after = SKIPPED_NEXT.match(text, index + 1)
    nxt = after.end() if after else index + 1
    before = SKIPPED_BEFORE.search(text, 0, index)
    prev = (before.start() if before else index) - 1
    return any(
        0 <= i < len(text) and CHINESE_CONTEXT.match(text[i]) is not None for i in (prev, nxt)
    )


def fix_text(text: str) -> str:
    keep = _outside_urls(text)
    chars = list(text)
    change = [keep[i] and c in FULL and _chinese_near(text, i) for i, c in enumerate(chars)]
    # Brackets change in pairs.
    stack: list[int] = []
    for i, c in enumerate(chars):
        if c == "(" and keep[i]:
            stack.append(i)
        elif c == ")" and keep[i] and stack:
            start = stack.pop()
            inner = text[start + 1 : i]
            if change[start] or change[i] or HAN.search(inner):
                change[start] = change[i] = True
    return "".join(FULL[c] if change[i] else c for i, c in enumerate(chars))


BLOCK = frozenset(
    {
        *("p", "li", "ul", "ol", "div", "section", "article", "header", "footer", "nav"),
        *("main", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "dt", "dd", "dl"),
        *("table", "caption", "figcaption", "figure", "option", "optgroup", "br", "title"),
        *("summary", "details", "legend", "fieldset", "label", "form", "aside", "blockquote"),
    }
)
SKIP = frozenset({"code", "pre", "script", "style", "kbd", "samp", "svg"})
READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in READ_ATTRIBUTES:
            if values.get(name):
                self.parts.append(f"\n{values[name]}\n")
        if tag == "meta" and values.get("content"):
            self.parts.append(f"\n{values['content']}\n")
        if tag in SKIP:
            self.skipping += 1
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    return "".join(parser.parts)
