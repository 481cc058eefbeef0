"""JSON answers for the public API and open data: Chinese kept as Chinese."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import JsonResponse


def json_response(data: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def errors_response(form: forms.Form) -> JsonResponse:
    """400 with every field's messages, in Chinese, as the form wrote them."""
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    return json_response({"errors": errors}, status=400)
