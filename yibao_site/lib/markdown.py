"""Markdown written by editors, turned into HTML that is safe to show readers.

Editors write Markdown in the admin. It is converted with the ``Markdown`` package and
then cleaned with ``nh3`` (an allow-list sanitiser): scripts, event-handler attributes
(``onerror=``…) and ``javascript:`` links are removed, whatever the editor typed.
"""

from __future__ import annotations

import html as html_lib
import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td",
    "dl", "dt", "dd", "abbr", "sub", "sup",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


# A link to one of our own pages ("/guides/balance/", not "//elsewhere"): search engines
# should follow it, so it loses the rel="noopener nofollow" every other link gets.
OWN_LINK_REL = re.compile(r'(<a href="/(?!/)[^"]*") rel="noopener nofollow"')

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]")
BLOCK_START = re.compile(r"^\s*([#>|]|[-*+]\s|\d+[.)]\s)")


def ends_chinese(line: str) -> bool:
    """True when a line ends in a Chinese character, or in punctuation right after one."""
    if CJK.match(line[-1]):
        return True
    return len(line) > 1 and line[-1] in ",;:!?)" and bool(CJK.match(line[-2]))


def join_cjk_lines(text: str) -> str:
    """Join a paragraph's wrapped lines when both sides are Chinese.

    HTML turns a line break into a space, which shows as a gap between Chinese
    characters; editors wrap long lines, so continuation lines are joined here.
    """
    out: list[str] = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        prev = out[-1] if out else ""
        if (
            stripped
            and prev.strip()
            and not prev.lstrip().startswith(("#", "|"))
            and not BLOCK_START.match(line)
            and CJK.match(stripped[0])
            and ends_chinese(prev.rstrip())
        ):
            out[-1] = prev.rstrip() + stripped
        else:
            out.append(line)
    return "\n".join(out)


def render_markdown(text: str) -> SafeString:
    """Markdown to sanitised HTML. Headings start at <h2>: the page owns its one <h1>.

    Not remembered here: the guides keep their rendered texts on instances held for a
    content generation (``cached_property``), and an FAQ article is rendered on a page-cache
    miss only.
    """
    html = markdown.markdown(
        join_cjk_lines(text), extensions=["extra", "sane_lists"], output_format="html"
    )
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
    )
    return mark_safe(OWN_LINK_REL.sub(r"\1", cleaned))  # noqa: S308 - nh3 has just sanitised it


def plain_text(text: str) -> str:
    """The words of a Markdown text without markup, for search and descriptions."""
    html = markdown.markdown(text or "", extensions=["extra"])
    return " ".join(html_lib.unescape(nh3.clean(html, tags=set())).split())
