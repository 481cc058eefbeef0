"""``/api/v1/``: each calculator as JSON. 400 with Chinese field errors on bad input."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from calculator import serializers
from calculator.forms.critical_illness import CriticalIllnessForm
from calculator.forms.lapse import LapseForm
from calculator.forms.monthly import CalculatorForm
from calculator.forms.projection import ProjectionForm
from calculator.lookup.critical_illness import critical_illness_for
from calculator.lookup.lapse import lapse_for
from calculator.lookup.monthly import calculate_for
from calculator.lookup.projection import projection_from
from yibao_site.lib.json import errors_response, json_response


@require_safe
def monthly(request: HttpRequest) -> JsonResponse:
    form = CalculatorForm(request.GET)
    if not form.is_valid():
        return errors_response(form)
    region = form.cleaned_data["region"]
    result = calculate_for(region, form.inputs())
    if not form.check_subgroup(result.subgroups):
        return errors_response(form)
    return json_response(serializers.monthly_json(region, result))


@require_safe
def critical_illness(request: HttpRequest) -> JsonResponse:
    form = CriticalIllnessForm(request.GET)
    if not form.is_valid():
        return errors_response(form)
    region = form.cleaned_data["region"]
    result = critical_illness_for(region, form.inputs())
    return json_response(serializers.critical_illness_json(region, result))


@require_safe
def lapse(request: HttpRequest) -> JsonResponse:
    form = LapseForm(request.GET, step_by_step=False)
    if not form.is_valid():
        return errors_response(form)
    region = form.cleaned_data["region"]
    return json_response(serializers.lapse_json(region, lapse_for(region, form.inputs())))


@require_safe
def projection(request: HttpRequest) -> JsonResponse:
    form = ProjectionForm(request.GET)
    if not form.is_valid():
        return errors_response(form)
    region = form.cleaned_data["region"]
    result, level = projection_from(form.cleaned_data, region)
    if not form.check_subgroup(result.subgroups):
        return errors_response(form)
    return json_response(
        serializers.projection_json(region, form.cleaned_data["category"], result, level)
    )
