"""Answers worked out from a reader's own numbers are never kept in a shared cache.

Every calculator in the registry, page and JSON: a second identical request with the
reader's own numbers is worked out again (no ``X-Page-Cache`` hit), and the response says
``Cache-Control: private`` so a proxy or CDN in front won't store it either. The same
question without them is shared and cached.
"""

from __future__ import annotations

import pytest
from django import forms
from django.test import Client

from calculator.registry import TOOLS

pytestmark = pytest.mark.django_db

# For each calculator: a question without personal numbers, and the reader's own numbers.
QUESTIONS = {
    "monthly": ("region=110000&category=retiree", "age=69"),
    "projection": ("region=110000&category=retiree", "age=69&balance=1234&years=3"),
    "critical_illness": ("region=110000&group=ordinary&year=2025", "costs=56789"),
    "lapse": ("region=110000&scheme=employee", "months=2"),
    "reconcile": ("region=110000&category=retiree", "age=69&month=2026-11&arrived=97"),
    "compare": ("sort=amount", "age=71&base=6543"),
}


def test_every_calculator_has_a_question_here_and_declares_real_fields() -> None:
    assert set(QUESTIONS) == {tool.name for tool in TOOLS}
    for tool in TOOLS:
        fields = tool.form.base_fields
        assert tool.form.personal_fields, tool.name
        for name in tool.form.personal_fields:
            assert isinstance(fields.get(name), forms.Field), (tool.name, name)


@pytest.mark.parametrize("tool", TOOLS, ids=lambda tool: tool.name)
def test_answers_with_personal_numbers_are_private_and_never_served_from_cache(
    client: Client, tool
) -> None:  # noqa: ANN001
    shared, own = QUESTIONS[tool.name]
    urls = [f"{tool.url}?{shared}&{own}"]
    if tool.api_name:
        urls.append(f"/api/v1/{tool.api_path}?{shared}&{own}")
    for url in urls:
        first, again = Client().get(url), Client().get(url)
        assert first.status_code == 200, (url, first.content[:300])
        for response in (first, again):
            assert "private" in response["Cache-Control"], url
            assert response.get("X-Page-Cache") != "hit", url


@pytest.mark.parametrize("tool", TOOLS, ids=lambda tool: tool.name)
def test_the_same_question_without_personal_numbers_is_shared(client: Client, tool) -> None:  # noqa: ANN001
    shared, _own = QUESTIONS[tool.name]
    url = f"{tool.url}?{shared}"
    Client().get(url)
    again = Client().get(url)  # another reader, same question
    assert again.status_code == 200
    assert again["X-Page-Cache"] == "hit", url
    assert "private" not in again.get("Cache-Control", "")
