"""对账 (``/calculator/reconcile/``, ``/api/v1/reconcile``) against the seeded rules."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from reports.models import ArrivedReport

pytestmark = pytest.mark.django_db

PAGE = "/calculator/reconcile/"
API = "/api/v1/reconcile"
BEIJING_69 = {"region": "110000", "category": "retiree", "age": "69", "month": "2026-11"}


def api(client: Client, **params: str) -> dict:
    response = client.get(API, params)
    assert response.status_code == 200, response.content.decode()
    assert "private" in response["Cache-Control"]
    return json.loads(response.content)


def kinds(body: dict) -> list[str]:
    return [reason["kind"] for reason in body["reasons"]]


def test_beijing_97_names_the_3_yuan_critical_illness_deduction(client: Client) -> None:
    body = api(client, **BEIJING_69, arrived="97")
    assert body["outcome"] == "matches"
    assert body["credited"] == "100.00" and body["expected"] == "97.00"
    (reason,) = body["reasons"]
    assert reason["kind"] == "deduction"
    assert "大病互助 3.00 元" in reason["text"]
    assert reason["source"]["grade"] == "web"
