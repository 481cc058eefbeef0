"""The quick widgets write exactly the markup of Django's templates (faster, same HTML)."""

from __future__ import annotations

import pytest
from django import forms
from django.utils.safestring import mark_safe

from yibao_site.lib.widgets import QuickDateInput, QuickRadioSelect, QuickTextInput

CHOICES = [("a", "甲 <b>"), ("b&c", mark_safe("乙 <i>安全</i>")), ("", "空")]


@pytest.mark.parametrize("value", [None, "a", "b&c", ["a"]])
@pytest.mark.parametrize(
    "attrs",
    [
        {"id": "id_x"},
        {"id": "id_x", "required": True, "aria-invalid": "true", "hx-preserve": "true"},
        {},
        {"class": 'say "hi" & <go>', "disabled": False, "data-n": None},
    ],
)
def test_quick_radio_select_is_djangos_radio_select(value, attrs) -> None:  # noqa: ANN001
    ours = QuickRadioSelect(choices=CHOICES).render("x", value, attrs=attrs)
    django = forms.RadioSelect(choices=CHOICES).render("x", value, attrs=attrs)
    assert ours == django


@pytest.mark.parametrize("value", [None, "", "5000", '"><script>', 65])
@pytest.mark.parametrize(
    "attrs",
    [
        {"id": "id_base", "inputmode": "decimal", "autocomplete": "off"},
        {"id": "id_base", "required": True, "aria-describedby": "id_base_helptext"},
        {"placeholder": "<\"&'>", "disabled": False},
    ],
)
def test_quick_inputs_are_djangos_inputs(value, attrs) -> None:  # noqa: ANN001
    assert QuickTextInput().render("base", value, attrs) == forms.TextInput().render(
        "base", value, attrs
    )
    date = QuickDateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    django_date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    assert date.render("on", value, attrs) == django_date.render("on", value, attrs)
