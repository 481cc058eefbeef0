"""Guides in the site search: title, summary, intro, every section and step."""

from __future__ import annotations

from collections.abc import Iterable

from guides.models import Guide, GuideSection, GuideStep
from search.models import Kind, SearchDocument
from search.registry import register


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
