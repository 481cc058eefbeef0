"""Re-index a page whenever an editor saves or deletes what it is built from."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from faq.models import Article, Category
from guides.models import Guide, GuideSection, GuideStep
from policies.models import Region
from search import indexing
from search.models import Kind


@receiver(post_save, sender=Article)
def article_saved(sender: type, instance: Article, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        indexing.index_article(instance)


@receiver(post_delete, sender=Article)
def article_deleted(sender: type, instance: Article, **kwargs: Any) -> None:
    indexing.unindex(Kind.ARTICLE, instance.pk)


@receiver(post_save, sender=Category)
def category_saved(sender: type, instance: Category, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        for article in instance.articles.published().select_related("category"):
            indexing.index_article(article)


@receiver(post_save, sender=Guide)
def guide_saved(sender: type, instance: Guide, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        indexing.index_guide(instance)


@receiver(post_delete, sender=Guide)
def guide_deleted(sender: type, instance: Guide, **kwargs: Any) -> None:
    indexing.unindex(Kind.GUIDE, instance.pk)


@receiver(post_save, sender=GuideSection)
@receiver(post_delete, sender=GuideSection)
def section_changed(sender: type, instance: GuideSection, raw: bool = False, **kwargs: Any) -> None:
    if not raw and Guide.objects.filter(pk=instance.guide_id).exists():
        indexing.index_guide(instance.guide)


@receiver(post_save, sender=GuideStep)
@receiver(post_delete, sender=GuideStep)
def step_changed(sender: type, instance: GuideStep, raw: bool = False, **kwargs: Any) -> None:
    section = GuideSection.objects.filter(pk=instance.section_id).select_related("guide").first()
    if not raw and section is not None:
        indexing.index_guide(section.guide)


@receiver(post_save, sender=Region)
def region_saved(sender: type, instance: Region, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        indexing.index_region(instance)


@receiver(post_delete, sender=Region)
def region_deleted(sender: type, instance: Region, **kwargs: Any) -> None:
    indexing.unindex(Kind.REGION, instance.pk)
