"""Guides in the site search: title, summary, intro, every section and step."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from guides.models import Guide, GuideSection, GuideStep
from search.models import Kind, SearchDocument
from search.registry import register, register_pages


def document(guide: Guide) -> SearchDocument:
    return SearchDocument(
        kind=Kind.GUIDE,
        object_id=guide.pk,
        title=guide.title,
        url=guide.get_absolute_url(),
        summary=guide.summary[:300],
        text=guide.search_text(),
    )


def guide_of_section(section: GuideSection) -> Iterable[Guide]:
    return Guide.objects.filter(pk=section.guide_id)


def guide_of_step(step: GuideStep) -> Iterable[Guide]:
    return Guide.objects.filter(sections__pk=step.section_id)


register(
    Kind.GUIDE,
    Guide,
    document,
    related={GuideSection: guide_of_section, GuideStep: guide_of_step},
)


def check_documents() -> list[SearchDocument]:
    """The withdrawal check: "医保卡的钱怎么取出来" finds it before any one region's answer."""
    summary = "一步一个问题，看看您的情况能不能提取医保个人账户的余额，要带什么材料、去哪里办。"
    return [
        SearchDocument(
            kind=Kind.TOOL,
            object_id=101,  # the calculators use 1–99 (calculator/search_index.py)
            title="个人账户能不能取出：自查",
            url=reverse("guides:withdrawal_check"),
            summary=summary,
            text=f"{summary} 取出 取钱 提取 提现 怎么取 取出来 退钱 出国定居 去世 继承",
        )
    ]


register_pages(Kind.TOOL, check_documents)
