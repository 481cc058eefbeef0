"""Hypothesis throws random and hostile input at every form, fragment and JSON endpoint.

Whatever arrives (huge numbers, unicode, SQL and script strings, missing and repeated
parameters, impossible dates), the site answers without a server error, never reflects
markup unescaped, and every error message a reader sees is in Chinese.
"""

from __future__ import annotations

import json
import os

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import pages

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SCRIPT = "<script>alert(1)</script>"
HOSTILE = [
    "",
    " ",
    "-1",
    "0",
    "-0.001",
    "1e309",
    "NaN",
    "Infinity",
    "-Infinity",
    "9" * 60,
    "1" + "0" * 25,
    "1.005",
    "1,000",
    "１２３",
    "٣٤",
    "5000元",
    "' OR 1=1 --",
    "'; DROP TABLE policies_region; --",
    "1; SELECT pg_sleep(5)",
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}{% debug %}",
    "\x00",
    "%00",
    "\u202eevil",
    "😀" * 10,
    "医保卡",
    "../../etc/passwd",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "9999-12-31",
    "1900-01-01",
    "2026/01/01",
    "２０２６-０１-０１",
    "-2026-01-01",
    "x" * 500,
]
# Checked in every field of every form, every run (the rest are drawn at random).
EVERY_FIELD = [
    "-1",
    "1e309",
    "NaN",
    "9" * 60,
    "１２３",
    "'; DROP TABLE policies_region; --",
    SCRIPT,
    "\x00",
    "😀" * 10,
    "2026-02-30",
    "x" * 500,
]
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(lambda d: d.isoformat()),
    TEXT,
)


def params_for(form: pages.Form) -> st.SearchStrategy[dict[str, list[str]]]:
    """Some of the form's fields (and strangers), each missing, once or repeated."""
    names = st.sampled_from([*form.names, "unknown", "region[]", "csrfmiddlewaretoken"])

    def value_for(name: str) -> st.SearchStrategy[str]:
        valid = form.fields.get(name) or []
        return st.one_of(st.sampled_from(valid), VALUES) if valid else VALUES

    return st.dictionaries(names, st.lists(VALUES, min_size=1, max_size=3), max_size=6).flatmap(
        lambda chosen: st.fixed_dictionaries(
            {
                name: st.lists(value_for(name), min_size=1, max_size=len(v))
                for name, v in chosen.items()
            }
        )
    )


def check_html(response, sent: str) -> None:  # noqa: ANN001
    assert response.status_code < 500, sent
    if response.status_code != 200 or not pages.is_html(response):
        return
    html = response.content.decode()
    assert SCRIPT not in html, f"markup reflected unescaped for {sent}"
    for message in pages.error_messages(html):
        assert pages.chinese(message), f"error message not in Chinese: {message!r} for {sent}"


def check_json(response, sent: str) -> None:  # noqa: ANN001
    assert response.status_code in (200, 400, 414), (response.status_code, sent)
    if response.status_code == 414:
        return
    body = json.loads(response.content)
    if response.status_code == 400:
        assert body["errors"], sent
        for field, messages in body["errors"].items():
            for message in messages:
                assert pages.chinese(message), f"{field}: {message!r} not in Chinese for {sent}"


def fuzz_form(client: Client, form: pages.Form) -> None:
    header_sets: list[dict[str, str]] = [{}]
    if form.hx_target:
        header_sets.append({"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": form.hx_target})
    send = client.post if form.method == "post" else client.get

    @FUZZ
    @given(data=params_for(form), headers=st.sampled_from(header_sets))
    def submit(data: dict[str, list[str]], headers: dict[str, str]) -> None:
        response = send(form.action, data, **headers)
        check_html(response, f"{form.method.upper()} {form.action} {data!r} {headers}")

    submit()


def fuzz_endpoint(client: Client, endpoint: str, fields: pages.Form) -> None:
    @FUZZ
    @given(data=params_for(fields))
    def call(data: dict[str, list[str]]) -> None:
        check_json(client.get(endpoint, data), f"{endpoint} {data!r}")

    call()


@pytest.mark.slow
@pytest.mark.django_db
def test_every_form_survives_hostile_input(client: Client) -> None:
    forms = pages.site_forms(client)
    assert forms, "no forms found on the public pages"
    for form in forms:
        fuzz_form(client, form)


@pytest.mark.slow
@pytest.mark.django_db
def test_every_json_endpoint_answers_400_in_chinese_for_bad_input(client: Client) -> None:
    endpoints = pages.api_endpoints()
    assert endpoints, "no JSON endpoints found"
    fields = pages.Form("", "", "get")
    for form in pages.site_forms(client):
        for name, values in form.fields.items():
            fields.fields.setdefault(name, []).extend(values)
    for endpoint in endpoints:
        fuzz_endpoint(client, endpoint, fields)


def fixed_cases(form: pages.Form) -> list[dict[str, list[str]]]:
    """Each hostile value in every field at once, then each field alone among valid answers."""
    cases = [dict.fromkeys(form.names, [value]) for value in EVERY_FIELD]
    base = {name: values[:1] for name, values in form.fields.items() if values}
    for i, name in enumerate(form.names):
        cases.append({**base, name: [EVERY_FIELD[i % len(EVERY_FIELD)]]})
    return cases


@pytest.mark.slow
@pytest.mark.django_db
def test_each_hostile_value_in_each_field_is_answered_cleanly(client: Client) -> None:
    """The fixed list, deterministically, in every form and every JSON endpoint."""
    forms = pages.site_forms(client)
    every_field = pages.Form("", "", "get")
    for form in forms:
        for name, values in form.fields.items():
            every_field.fields.setdefault(name, []).extend(values)
        for data in fixed_cases(form):
            check_html(client.get(form.action, data), f"{form.action} {data!r}")
    for endpoint in pages.api_endpoints():
        for data in fixed_cases(every_field):
            check_json(client.get(endpoint, data), f"{endpoint} {data!r}")
