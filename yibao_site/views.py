from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from calculator.forms.monthly import CalculatorForm
from calculator.registry import TOOLS
from policies.lookup import national_notes
from policies.remembered import depends_on_cookie, remembered_code
from policies.terms import Topic


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    form = CalculatorForm(initial={"region": remembered_code(request)})
    context = {"form": form, "facts": national_notes(Topic.ACCOUNT), "tools": TOOLS}
    response = render(request, "home.html", context)
    depends_on_cookie(request, response)
    return response
