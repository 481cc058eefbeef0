"""The calculators in the site search: readers type 计算器, 划入, 退休 or 返钱 and find them.

Each calculator is one document; its text lists, in our own words, the questions it
answers and the words readers use for them.
"""

from __future__ import annotations

from calculator.registry import TOOLS
from search.models import Kind, SearchDocument
from search.registry import register_pages


def documents() -> list[SearchDocument]:
    return [
        SearchDocument(
            kind=Kind.TOOL,
            object_id=tool.search_id,
            title=tool.title,
            url=tool.url,
            summary=tool.summary,
            text=f"{tool.summary} {tool.words}",
        )
        for tool in TOOLS
    ]


register_pages(Kind.TOOL, documents)
