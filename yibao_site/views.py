from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from calculator.forms.monthly import CalculatorForm
from policies.lookup import national_notes
from policies.terms import Topic


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {"form": CalculatorForm(), "facts": national_notes(Topic.ACCOUNT)},
    )
