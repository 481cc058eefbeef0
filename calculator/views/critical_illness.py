"""``/calculator/critical-illness/``: 大病保险 threshold and estimated reimbursement."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from calculator.critical_illness import Inputs
from calculator.forms_more import CriticalIllnessForm
from calculator.http import HtmxHttpRequest, vary_on_htmx, wants_fragment
from calculator.lookup_more import critical_illness_for, latest_critical_illness_year

ANSWER_KEYS = frozenset({"year", "group", "costs"})


def build_form(request: HtmxHttpRequest) -> CriticalIllnessForm:
    query = request.GET
    if any(key in query for key in ANSWER_KEYS):
        return CriticalIllnessForm(query)
    initial = {"year": latest_critical_illness_year(), "group": "ordinary"}
    if query.get("region"):
        initial["region"] = query["region"]
    return CriticalIllnessForm(initial=initial)


@require_safe
def critical_illness(request: HtmxHttpRequest) -> HttpResponse:
    form = build_form(request)
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        result = critical_illness_for(
            form.region_obj, Inputs(data["year"], data["group"], data["costs"])
        )
    template = "calculator/critical_illness.html"
    if wants_fragment(request):
        template += "#app"
    return vary_on_htmx(render(request, template, {"form": form, "result": result}))
