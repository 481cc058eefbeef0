"""FAQ articles in the site search (published ones only)."""

from __future__ import annotations

from collections.abc import Iterable

from faq.models import Article, Category
from search.models import Kind, SearchDocument
from search.registry import register


def document(article: Article) -> SearchDocument | None:
    if not article.published:
        return None
    return SearchDocument(
        kind=Kind.ARTICLE,
        object_id=article.pk,
        title=article.title,
        url=article.get_absolute_url(),
        summary=article.summary[:300],
        text=f"{article.summary} {article.body_text} {article.category.name}",
    )


def articles_of(category: Category) -> Iterable[Article]:
    return category.articles.select_related("category")


register(
    Kind.ARTICLE,
    Article,
    document,
    queryset=lambda: Article.objects.published().select_related("category"),
    related={Category: articles_of},
)
