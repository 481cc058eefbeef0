"""``/calculator/reconcile/``: 对账, "why is what arrived not what you said?", one question a
step; and ``/api/v1/reconcile`` with every answer at once.

The answers live in the query string, so every step is a URL and the back button works.
Answers with a reader's own numbers (``ReconcileForm.personal_fields``) are
``Cache-Control: private`` (the calculator registry wraps both views).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from calculator.engines.reconcile import Result
from calculator.forms.reconcile import ReconcileForm
from calculator.lookup.reconcile import reconcile_for, subgroups_for
from policies.terms import Category
from yibao_site.lib.formatting import amount
from yibao_site.lib.htmx import HtmxHttpRequest, vary_on_htmx, wants_fragment
from yibao_site.lib.json import errors_response, json_response

SUMMARY_UNITS = {"age": "周岁", "arrived": "元"}


def build_form(query: QueryDict) -> ReconcileForm:
    """The form, offering the region's sub-groups once region and category are known."""
    form = ReconcileForm(query)
    form.is_valid()
    region, category = form.cleaned_data.get("region"), form.cleaned_data.get("category")
    if region is None or not category:
        return form
    on = form.cleaned_data.get("month") or timezone.localdate()
    labels = subgroups_for(region, category, on)
    if not labels:
        return form
    form = ReconcileForm(query, subgroups=labels)
    form.is_valid()
    return form


def current_step(form: ReconcileForm, query: QueryDict) -> str | None:
    """The first question not answered yet, or answered with an error (None: all done)."""
    for name in form.steps():
        if name not in query or name in form.errors:
            return name
    return None


def summary_rows(form: ReconcileForm, upto: str | None) -> list[tuple[str, str, str]]:
    """(question, answer, change URL) for the answers before ``upto``; the URL drops the
    answer and the ones after it."""
    rows: list[tuple[str, str, str]] = []
    kept: list[tuple[str, str]] = []
    data = form.cleaned_data
    for name in form.steps():
        if name == upto or name not in data or data.get(name) in (None, ""):
            break
        value = data[name]
        if name == "region":
            shown = value.full_name
        elif name == "category":
            shown = Category(value).label
        elif name == "month":
            shown = f"{value:%Y-%m}"
        else:
            shown = f"{value} {SUMMARY_UNITS.get(name, '')}".strip()
        rows.append((str(form.fields[name].label), shown, f"?{urlencode(kept)}"))
        kept.append((name, form.data.get(name, "")))
    return rows


def answers_kept(form: ReconcileForm, upto: str | None) -> list[tuple[str, str]]:
    """The other answers given so far, carried as hidden fields in this step's form."""
    return [(name, form.data[name]) for name in form.steps() if name != upto and name in form.data]


def run(form: ReconcileForm) -> Result:
    data = form.cleaned_data
    return reconcile_for(
        data["region"],
        data["category"],
        data["month"],
        data["arrived"],
        age=data.get("age") if form.needs_age() else None,
        subgroup=data.get("subgroup") or "",
    )


def share_answers(form: ReconcileForm) -> dict[str, str]:
    """The readers' "what arrived" form, filled in with these answers."""
    data = form.cleaned_data
    query = {
        "category": data["category"],
        "month": f"{data['month']:%Y-%m}",
        "amount": str(data["arrived"]),
    }
    if data.get("age") is not None and form.needs_age():
        query["age"] = str(data["age"])
    return query


@require_safe
def reconcile(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET
    form = build_form(query) if query else ReconcileForm()
    step = current_step(form, query) if form.is_bound else "region"
    if form.is_bound and step is not None:
        # One question a step: only its own error is shown, and a question not asked yet
        # (absent from the query) has none.
        for name in list(form.errors):
            if name != step or name not in query:
                del form.errors[name]
    result = run(form) if form.is_bound and step is None else None
    context: dict[str, Any] = {
        "form": form,
        "step": step,
        "field": form[step] if step else None,
        "answers": answers_kept(form, step),
        "summary": summary_rows(form, step) if form.is_bound else [],
        "result": result,
        "region": form.cleaned_data.get("region") if form.is_bound else None,
        "share": share_answers(form) if result is not None else {},
    }
    template = "calculator/reconcile.html"
    if wants_fragment(request) and request.htmx.target == "flow":
        template += "#flow"
        context["fragment"] = True
    return vary_on_htmx(render(request, template, context))


def result_json(form: ReconcileForm, result: Result) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "region": {"code": data["region"].code, "name": data["region"].name},
        "category": data["category"],
        "age": data.get("age"),
        "subgroup": data.get("subgroup") or "",
        "month": f"{data['month']:%Y-%m}",
        "arrived": amount(data["arrived"]),
        "outcome": result.outcome.value,
        "headline": result.headline,
        "precision": result.current.precision if result.current else None,
        "credited": amount(result.credited),
        "expected": amount(result.expected),
        "rule": result.rule_words,
        "reasons": [
            {
                "kind": reason.kind,
                "label": reason.label,
                "text": reason.text,
                "source": _source_json(reason.source),
                "verified_on": reason.verified_on.isoformat() if reason.verified_on else None,
            }
            for reason in result.reasons
        ],
        "invite_to_share": result.invite_to_share,
    }


def _source_json(source: Any) -> dict[str, Any] | None:
    if source is None:
        return None
    return {
        "title": source.title,
        "grade": source.grade,
        "grade_label": source.grade_label,
        "document_number": source.document_number or "",
        "url": source.url if source.link_safe else "",
    }


@require_safe
def reconcile_api(request: HttpRequest) -> JsonResponse:
    form = build_form(request.GET)
    if form.errors:
        return errors_response(form)
    return json_response(result_json(form, run(form)))
