"""``/calculator/lapse/``: after a gap in contributions, when reimbursement resumes."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from calculator.forms_more import LapseForm
from calculator.http import HtmxHttpRequest, vary_on_htmx, wants_fragment
from calculator.lapse import Inputs
from calculator.lookup_more import lapse_for

ANSWER_KEYS = frozenset({"scheme", "months", "years"})


def lapse_inputs(form: LapseForm) -> Inputs:
    data = form.cleaned_data
    return Inputs(
        scheme=data["scheme"],
        paid_on=data["paid_on"],
        months=data.get("months") or 0,
        years=data.get("years") or 0,
        backpaid=data.get("backpaid", False),
        backpaid_years=data.get("backpaid_years") or 0,
        moving=data.get("moving", False),
        exempt=data.get("exempt", False),
    )


@require_safe
def lapse(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET
    if any(key in query for key in ANSWER_KEYS):
        form = LapseForm(query)
    else:
        form = LapseForm(initial={"region": query.get("region", ""), "scheme": "employee"})
    result = lapse_for(form.region_obj, lapse_inputs(form)) if form.is_valid() else None
    template = "calculator/lapse.html"
    if wants_fragment(request):
        template += "#app"
    return vary_on_htmx(render(request, template, {"form": form, "result": result}))
