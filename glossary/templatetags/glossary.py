"""Plain words in place: a term's meaning opens under it with a tap (``<details>``, no
JavaScript).

``{{ text|explain_terms }}`` keeps a plain text as it is (escaped) and adds, after it,
"划入是什么意思？" for each glossary term the text uses; use it where the element may hold
blocks (``<li>``, ``<dd>``, ``<div>``), not inside ``<p>``. ``{% term_help "参保身份" %}``
shows one term's meaning as its own block, e.g. under a question.
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from glossary.terms import glossary

register = template.Library()


def _details(word: str, meaning: str) -> str:
    return format_html(
        '<details class="term"><summary>{}是什么意思？</summary>'
        '<span class="term-meaning">{}</span></details>',
        word,
        meaning,
    )


@register.filter
def explain_terms(text: object) -> SafeString:
    """The text (escaped), then a tap-to-open meaning for each glossary term it uses."""
    escaped = conditional_escape(text)
    found = glossary()
    if found.pattern is None:
        return escaped
    words = list(dict.fromkeys(found.pattern.findall(str(escaped))))
    if not words:
        return escaped
    extra = "".join(_details(word, found.meanings[word]) for word in words)
    return mark_safe(f"{escaped}{extra}")  # noqa: S308 - both parts escaped


@register.inclusion_tag("glossary/term_help.html")
def term_help(word: str, question: str = "") -> dict[str, str]:
    """One term's meaning as a block: "不知道选哪个？" opens the explanation."""
    return {"word": word, "meaning": glossary().meanings.get(word, ""), "question": question}
