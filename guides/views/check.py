"""``/guides/withdrawal/check/``: can I take the money out? One question per step.

The flow (``guides/withdrawal_flow.py``) decides; this view only renders. Answers are
in the query string, so every step is a URL and the back button works. The first
question is the reader's region (a ``<select>`` of the regions we know).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from guides.withdrawal_flow import QUESTIONS, REGION_KEY, REGION_LABEL, Question, Step, walk
from policies.forms import RegionField
from policies.models import Region, Source
from policies.regions import region_choices
from yibao_site.lib.htmx import HtmxHttpRequest, vary_on_htmx, wants_fragment

CHOICE_ERRORS = {
    "required": "请选择一项。",
    "invalid_choice": "这个选项不在列表里，请重新选择一项。",
}


class AnswerForm(forms.Form):
    def __init__(self, question: Question, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if question.key == REGION_KEY:
            field: forms.Field = RegionField(label=question.text, help_text=question.hint)
        else:
            field = forms.ChoiceField(
                label=question.text,
                help_text=question.hint,
                choices=question.choices,
                widget=forms.RadioSelect,
                error_messages=CHOICE_ERRORS,
            )
        self.fields[question.key] = field


def known_regions() -> dict[str, str]:
    """Code → name of every region a reader can choose (from the cached region list)."""
    return {code: label for _group, options in region_choices() for code, label in options}


def summary_rows(step: Step, regions: dict[str, str]) -> list[tuple[str, str, str]]:
    """(question, answer, change URL) for each accepted answer; the URL drops it and later."""
    rows = []
    answers = list(step.answers)
    for index, (key, value) in enumerate(answers):
        before = urlencode(answers[:index])
        if key == REGION_KEY:
            rows.append((REGION_LABEL, regions.get(value, value), f"?{before}"))
        else:
            question = QUESTIONS[key]
            rows.append((question.summary_label, question.label_for(value), f"?{before}"))
    return rows


def outcome_source(key: str) -> Source | None:
    """The source row an outcome cites, by its stable key (editors may retitle it)."""
    return Source.objects.filter(key=key).first()


@require_safe
def withdrawal_check(request: HtmxHttpRequest) -> HttpResponse:
    regions = known_regions()
    step = walk(request.GET, regions)
    form = None
    if step.question is not None:
        key = step.question.key
        data = {key: request.GET[key]} if key in request.GET else None
        form = AnswerForm(step.question, data=data)
        if form.is_bound:
            form.is_valid()  # only to attach the error message the flow found
    code = step.answers_dict().get(REGION_KEY)
    region = None
    if step.outcome is not None and step.outcome.regional and code:
        region = Region.objects.filter(code=code).first()
    context = {
        "step": step,
        "form": form,
        "field": form[step.question.key] if form is not None and step.question else None,
        "answers": step.answers,
        "summary": summary_rows(step, regions),
        "outcome": step.outcome,
        "region": region,
        "source": outcome_source(step.outcome.source_key) if step.outcome else None,
    }
    template = "guides/withdrawal_check.html"
    if wants_fragment(request) and request.htmx.target == "flow":
        template += "#flow"
        context["fragment"] = True  # the fragment carries its own <title> for htmx
        if form is not None:
            # htmx focuses [autofocus] after the swap, so keyboard and screen-reader users
            # land on the new question (full page loads keep the browser's own focus).
            form.fields[step.question.key].widget.attrs["autofocus"] = True
    return vary_on_htmx(render(request, template, context))
