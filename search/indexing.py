"""Keep ``SearchDocument`` rows in step with guides, FAQ articles and regions."""

from __future__ import annotations

from django.db import transaction

from faq.models import Article
from guides.models import Guide
from policies.models import Region
from search.models import Kind, SearchDocument


def index_article(article: Article) -> None:
    if not article.published:
        SearchDocument.objects.filter(kind=Kind.ARTICLE, object_id=article.pk).delete()
        return
    SearchDocument.objects.update_or_create(
        kind=Kind.ARTICLE,
        object_id=article.pk,
        defaults={
            "title": article.title,
            "url": article.get_absolute_url(),
            "summary": article.summary[:300],
            "text": f"{article.summary} {article.body_text} {article.category.name}",
        },
    )


def index_guide(guide: Guide) -> None:
    SearchDocument.objects.update_or_create(
        kind=Kind.GUIDE,
        object_id=guide.pk,
        defaults={
            "title": guide.title,
            "url": guide.get_absolute_url(),
            "summary": guide.summary[:300],
            "text": guide.search_text(),
        },
    )


def region_document(region: Region) -> SearchDocument:
    parts = [region.full_name, region.app_name, region.hotline]
    return SearchDocument(
        kind=Kind.REGION,
        object_id=region.pk,
        title=region.full_name,
        url=region.get_absolute_url(),
        summary=f"{region.full_name}的医保个人账户划入标准和本地服务渠道",
        text=" ".join(p for p in parts if p),
    )


def index_region(region: Region) -> None:
    doc = region_document(region)
    SearchDocument.objects.update_or_create(
        kind=Kind.REGION,
        object_id=region.pk,
        defaults={f: getattr(doc, f) for f in ("title", "url", "summary", "text")},
    )


def unindex(kind: str, object_id: int) -> None:
    SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()


def rebuild() -> int:
    """Rebuild the whole index. Returns the number of documents."""
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        for guide in Guide.objects.all():
            index_guide(guide)
        for article in Article.objects.published().select_related("category"):
            index_article(article)
        regions = Region.objects.select_related("parent")
        SearchDocument.objects.bulk_create(region_document(r) for r in regions)
    return SearchDocument.objects.count()
