"""``/guides/`` and ``/guides/<slug>/``: step-by-step guides, personalised by region."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from guides.models import Guide, GuideRegionNote, GuideSection, GuideStep
from guides.personal import choose_region, remember_region
from ops import generation
from yibao_site.lib.htmx import HtmxHttpRequest, vary_on_htmx, wants_fragment
from yibao_site.lib.jsonld import ld_json


@require_safe
def index(request: HtmxHttpRequest) -> HttpResponse:
    # The same guides as their pages (once per content generation in each process).
    guides = generation.memo("guides:guides", load_guides).values()
    return render(request, "guides/index.html", {"guides": guides})


def howto(request: HtmxHttpRequest, guide: Guide, sections: list[GuideSection]) -> dict:
    steps = []
    for section in sections:
        texts = [step.text for step in section.steps.all()]
        if not texts:
            texts = [section.body_text]
        steps.append(
            {
                "@type": "HowToSection",
                "name": section.heading,
                "itemListElement": [{"@type": "HowToStep", "text": t} for t in texts if t],
            }
        )
    data = {
        "@context": "https://schema.org",
        "@type": "HowTo",
        "name": guide.title,
        "description": guide.summary,
        "inLanguage": "zh-CN",
        "url": request.build_absolute_uri(guide.get_absolute_url()),
        "step": steps,
    }
    last = guide.last_updated()
    if last:
        data["dateModified"] = last.isoformat()
    return data


def load_guides() -> dict[str, Guide]:
    """Every guide with its sections, steps and changes (a handful of rows)."""
    sections_qs = GuideSection.objects.select_related("source").prefetch_related(
        Prefetch("steps", queryset=GuideStep.objects.order_by("order", "pk"))
    )
    guides = Guide.objects.prefetch_related(
        Prefetch("sections", queryset=sections_qs), "changes"
    ).annotate(has_notes=Exists(GuideRegionNote.objects.filter(guide=OuterRef("pk"))))
    return {guide.slug: guide for guide in guides}


@require_safe
def detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    # Loaded once per content generation in each process (ops.generation.memo).
    guide = generation.memo("guides:guides", load_guides).get(slug)
    if guide is None:
        raise Http404("no such guide")
    sections = list(guide.sections.all())
    choice = choose_region(request)
    notes = []
    if choice.region is not None and guide.has_notes:
        notes = list(
            GuideRegionNote.objects.filter(guide=guide, region__in=choice.chain)
            .select_related("region", "source")
            .order_by("region__level", "pk")
        )
    context = {
        "guide": guide,
        "sections": sections,
        "changes": guide.changes.all(),
        "last_updated": guide.last_updated(),
        "choice": choice,
        "form": choice.form,
        "region": choice.region,
        "notes": notes,
        "missing_local_html": guide.missing_local_html(choice.region.name)
        if choice.region is not None
        else "",
        "jsonld": ld_json(howto(request, guide, sections)),
    }
    template = "guides/guide.html"
    if wants_fragment(request) and request.htmx.target == "guide-local":
        template += "#local"
    response = render(request, template, context)
    remember_region(request, response, choice)
    return vary_on_htmx(response)
