"""``/data/``: every rule value in force and scheduled, as CSV (Excel-friendly) and JSON."""

from __future__ import annotations

import csv
import io

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from regions import open_data
from yibao_site.lib.spreadsheet import neutralise

MAX_AGE = 3600


@require_safe
def data_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "regions/data.html",
        {"fields": open_data.FIELDS, "count": len(open_data.rows(today)), "today": today},
    )


@require_safe
def rules_csv(request: HttpRequest) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(open_data.FIELDS)
    for row in open_data.rows(timezone.localdate()):
        values = dict(
            row,
            brackets=open_data.brackets_text(row["brackets"]),
            deductions=open_data.deductions_text(row["deductions"]),
        )
        cells = ["" if values[f] is None else values[f] for f in open_data.FIELDS]
        writer.writerow([neutralise(cell) for cell in cells])
    # The BOM makes Excel read the file as UTF-8 instead of the system code page.
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="rules.csv"'
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@require_safe
def rules_json(request: HttpRequest) -> JsonResponse:
    today = timezone.localdate()
    response = JsonResponse(
        {
            "generated_on": today.isoformat(),
            "licence_note": "数字来自所注明的来源，仅供参考，以各地医保部门公布的为准。",
            "fields": open_data.FIELDS,
            "rules": open_data.rows(today),
        },
        json_dumps_params={"ensure_ascii": False},
    )
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
