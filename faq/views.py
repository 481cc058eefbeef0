"""``/faq/`` (by category, filterable with the site search) and ``/faq/<slug>/``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from faq.models import Article, Category
from ops import generation
from policies.models import Region, Source
from policies.terms import Grade
from search.engine import search
from search.models import Kind
from yibao_site.lib.htmx import vary_on_htmx, wants_fragment
from yibao_site.lib.jsonld import ld_json


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    results = search(raw, kinds=[Kind.ARTICLE]) if "q" in request.GET else None
    categories: list[tuple[Category, list[Article]]] = []
    if results is None or not results.query.raw:
        articles = (
            Article.objects.published()
            .select_related("category")
            .order_by("category__order", "category__name", "title")
        )
        grouped: dict[int, tuple[Category, list[Article]]] = {}
        for article in articles:
            grouped.setdefault(article.category_id, (article.category, []))[1].append(article)
        categories = list(grouped.values())
        results = None
    context = {"categories": categories, "results": results, "q": raw}
    template = "faq/index.html"
    if wants_fragment(request) and request.htmx.target == "faq-results":  # type: ignore[attr-defined]
        template += "#results"
    return vary_on_htmx(render(request, template, context))


def faq_page_data(request: HttpRequest, article: Article) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": "zh-CN",
        "dateModified": article.updated_on.isoformat(),
        "mainEntity": [
            {
                "@type": "Question",
                "name": article.title,
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": f"{article.summary} {article.body_text}",
                    "url": request.build_absolute_uri(article.get_absolute_url()),
                },
            }
        ],
    }


def article_links() -> dict[int, tuple[list[Source], list[Region]]]:
    """Each article's sources and regions, loaded once per content generation."""
    links: dict[int, tuple[list[Source], list[Region]]] = {}
    for article in Article.objects.prefetch_related("sources", "regions").only("pk"):
        links[article.pk] = (list(article.sources.all()), list(article.regions.all()))
    return links


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.published().select_related("category"), slug=slug)
    links = generation.memo("faq:article-links", article_links)
    sources, regions = links.get(article.pk, ([], []))
    context = {
        "article": article,
        "sources": sources,
        "has_web_source": any(source.grade == Grade.WEB for source in sources),
        "regions": regions,
        "related": article.related_articles(),
        "related_page": article.related_page_link(),
        "jsonld": ld_json(faq_page_data(request, article)),
        "category_url": f"{reverse('faq:index')}#{article.category.slug}",
    }
    return render(request, "faq/article.html", context)
