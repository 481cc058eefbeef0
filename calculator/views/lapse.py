"""``/calculator/lapse/``: after a gap in contributions, when reimbursement resumes."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from calculator.forms.lapse import LapseForm
from calculator.lookup.lapse import lapse_for
from policies.remembered import region_query, remember_answer
from yibao_site.lib.htmx import HtmxHttpRequest, vary_on_htmx, wants_fragment

ANSWER_KEYS = frozenset({"scheme", "months", "years"})


@require_safe
def lapse(request: HtmxHttpRequest) -> HttpResponse:
    query, from_cookie = region_query(request)
    if any(key in query for key in ANSWER_KEYS):
        form = LapseForm(query)
    else:
        form = LapseForm(initial={"region": query.get("region", ""), "scheme": "employee"})
    result = region = None
    if form.is_bound and form.is_valid():
        region = form.cleaned_data["region"]
        if not form.missing:
            result = lapse_for(region, form.inputs())
    context = {
        "form": form,
        "result": result,
        "scheme": form.chosen_scheme,
        "missing": form.missing,
    }
    template = "calculator/lapse.html"
    if wants_fragment(request):
        template += "#app"
        context["oob"] = True
    response = render(request, template, context)
    remember_answer(request, response, region, from_cookie=from_cookie)
    return vary_on_htmx(response)
