"""``/search/?q=``: guides, FAQ articles and regions, title matches first."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from search.engine import MAX_QUERY_LENGTH, search
from yibao_site.lib.htmx import vary_on_htmx, wants_fragment

SUGGESTIONS = ("余额", "流水", "取出", "共济", "断缴", "大病")


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    results = search(request.GET.get("q", ""))
    context = {
        "results": results,
        "q": results.query.raw,
        "suggestions": SUGGESTIONS,
        "max_length": MAX_QUERY_LENGTH,
    }
    template = "search/search.html"
    if wants_fragment(request) and request.htmx.target == "search-results":  # type: ignore[attr-defined]
        template += "#results"
    return vary_on_htmx(render(request, template, context))
