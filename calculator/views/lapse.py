"""``/calculator/lapse/``: after a gap in contributions, when reimbursement resumes."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from calculator.forms.lapse import LapseForm
from calculator.lookup.lapse import lapse_for
from yibao_site.lib.htmx import HtmxHttpRequest, vary_on_htmx, wants_fragment

ANSWER_KEYS = frozenset({"scheme", "months", "years"})


@require_safe
def lapse(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET
    if any(key in query for key in ANSWER_KEYS):
        form = LapseForm(query)
    else:
        form = LapseForm(initial={"region": query.get("region", ""), "scheme": "employee"})
    result = None
    if form.is_bound and form.is_valid():
        result = lapse_for(form.cleaned_data["region"], form.inputs())
    template = "calculator/lapse.html"
    if wants_fragment(request):
        template += "#app"
    return vary_on_htmx(render(request, template, {"form": form, "result": result}))
