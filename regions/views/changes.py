"""``/changes/``: the latest changed figures, with dates and sources (and their Atom feed)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from policies.describe import describe
from policies.lookup import plain_value
from regions.feeds import change_link, latest_changes


@require_safe
def changes(request: HttpRequest) -> HttpResponse:
    entries = [
        {"change": c, "rule": c.rule, "value": plain_value(c.rule), "link": change_link(c.rule)}
        for c in latest_changes()
    ]
    for entry in entries:
        entry["text"] = describe(entry["value"])
    return render(request, "regions/changes.html", {"entries": entries})
