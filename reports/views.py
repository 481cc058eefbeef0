"""``/regions/<code>/report/``: a reader reports their local figure with its source."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from ops import ratelimit
from ops.clientip import client_ip
from policies.models import Region
from policies.terms import Category
from reports.forms import ReportForm
from reports.models import ArrivedReport, Report, hash_address


def address_of(request: HttpRequest) -> str:
    """The client address, behind the trusted proxy too (the same helper as the lockout)."""
    return client_ip(request) or "unknown"


def reporting_region(code: str) -> Region:
    return get_object_or_404(Region.objects.select_related("parent"), code=code, in_system=True)


def too_many(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "reports/limited.html",
        {"limit": settings.REPORTS_PER_HOUR},
        status=429,
    )
    response["Retry-After"] = "3600"
    return response


def over_the_limit(scope: str, model: type[Report] | type[ArrivedReport], sender: str) -> bool:
    """Whether this address has sent ``REPORTS_PER_HOUR`` of these in the last hour. Call it
    inside the transaction that saves the next one: it holds the address's lock
    (``ops.ratelimit``), so concurrent posts from one address are counted one after another."""
    ratelimit.hold(scope, sender)
    return model.objects.recent_count(sender) >= settings.REPORTS_PER_HOUR


@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest, code: str) -> HttpResponse:
    region = reporting_region(code)
    if request.method == "POST":
        form = ReportForm(request.POST)
        address = hash_address(address_of(request))
        with transaction.atomic():
            if over_the_limit("reports", Report, address):
                return too_many(request)
            if form.is_spam:
                return redirect("reports:thanks", code=region.code)  # a robot learns nothing
            if form.is_valid():
                sent = form.save(commit=False)
                sent.region = region
                sent.address_hash = address
                sent.save()
                return redirect("reports:thanks", code=region.code)
    else:
        category = request.GET.get("category", "")
        initial = {"category": category} if category in Category.values else {}
        form = ReportForm(initial=initial)
    context = {"region": region, "form": form, "limit": settings.REPORTS_PER_HOUR}
    return render(request, "reports/report.html", context)


@require_safe
def thanks(request: HttpRequest, code: str) -> HttpResponse:
    region = reporting_region(code)
    return render(request, "reports/thanks.html", {"region": region})
