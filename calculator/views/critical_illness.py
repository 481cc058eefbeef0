"""``/calculator/critical-illness/``: 大病保险 threshold and estimated reimbursement."""

from __future__ import annotations

from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from calculator.forms.critical_illness import CriticalIllnessForm
from calculator.lookup.critical_illness import critical_illness_for, latest_year
from policies.lookup import national_notes
from policies.remembered import region_query, remember_answer
from policies.terms import Topic
from yibao_site.lib.htmx import HtmxHttpRequest, vary_on_htmx, wants_fragment

ANSWER_KEYS = frozenset({"year", "group", "costs"})


def build_form(query: QueryDict) -> CriticalIllnessForm:
    if any(key in query for key in ANSWER_KEYS):
        return CriticalIllnessForm(query)
    initial = {"year": latest_year(), "group": "ordinary"}
    if query.get("region"):
        initial["region"] = query["region"]
    return CriticalIllnessForm(initial=initial)


@require_safe
def critical_illness(request: HtmxHttpRequest) -> HttpResponse:
    query, from_cookie = region_query(request)
    form = build_form(query)
    result = region = None
    if form.is_bound and form.is_valid():
        region = form.cleaned_data["region"]
        result = critical_illness_for(region, form.inputs())
    template = "calculator/critical_illness.html"
    context = {"form": form, "result": result, "principles": national_notes(Topic.CRITICAL_ILLNESS)}
    if wants_fragment(request):
        template += "#app"
        context["oob"] = True
    response = render(request, template, context)
    remember_answer(request, response, region, from_cookie=from_cookie)
    return vary_on_htmx(response)
