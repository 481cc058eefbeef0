"""Query budget: at most 4 SQL queries per public page, fragment and API answer.

Measured on a page-cache miss with the site's small data caches warm (region choices), the
steady state of a busy site; and again with ten times the seed content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ops import pagecache
from policies.models import AccountRule
from tests import pages

MAX_QUERIES = 4
# Reference data and bookkeeping, not content that grows with the site.
NOT_CONTENT = {"policies.region", "policies.seedmark"}


def requests_to_measure(client: Client) -> list[tuple[str, dict[str, str]]]:
    found = [(url, {}) for url in pages.public_pages()]
    found += [(url, {}) for url in pages.api_requests()]
    found += pages.fragment_requests(client)
    return found


def over_budget(client: Client, requests: Iterable[tuple[str, dict[str, str]]]) -> list[str]:
    problems = []
    for url, headers in requests:
        client.get(url, **headers)  # warm the small data caches
        pagecache.forget_pages()  # but not the page itself
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **headers)
        assert response.status_code < 500, url
        if len(queries) > MAX_QUERIES:
            listing = "\n    ".join(q["sql"][:160] for q in queries.captured_queries)
            problems.append(f"{url} {headers or ''}: {len(queries)} queries\n    {listing}")
    return problems


@pytest.mark.django_db
def test_every_page_fragment_and_answer_stays_within_the_query_budget(client: Client) -> None:
    requests = requests_to_measure(client)
    assert any(headers for _, headers in requests), "no htmx fragment found"
    assert any(url.startswith("/api/") for url, _ in requests), "no API answer found"
    problems = over_budget(client, requests)
    assert not problems, "\n".join(problems)


def content_models() -> list[type[models.Model]]:
    base = str(settings.BASE_DIR)
    found = []
    for config in apps.get_app_configs():
        if not config.path.startswith(base) or config.label == "ops":
            continue
        for model in config.get_models():
            if model.__name__.startswith("Historical") or model._meta.label_lower in NOT_CONTENT:
                continue
            found.append(model)
    return found


def unique_dates(model: type[models.Model]) -> set[str]:
    names: set[str] = set()
    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()) or ())
    for together in model._meta.unique_together:
        names.update(together)
    return {
        f.name
        for f in model._meta.concrete_fields
        if f.name in names and isinstance(f, models.DateField)
    }


def clone(
    row: models.Model, copy: int, overrides: dict[str, object] | None = None
) -> models.Model | None:
    """A copy of ``row`` with unique values made unique again; None if it cannot be saved."""
    model = type(row)
    new = model._default_manager.get(pk=row.pk)
    new.pk = None
    new._state.adding = True
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        value = getattr(new, f.attname)
        if f.name in unique_dates(model) and value:
            setattr(new, f.attname, value - dt.timedelta(days=400 * copy))
        elif f.unique and isinstance(value, str):
            suffix = f"-{copy}"
            setattr(new, f.attname, value[: (f.max_length or 200) - len(suffix)] + suffix)
    for name, value in (overrides or {}).items():
        setattr(new, name, value)
    try:
        with transaction.atomic():
            new.save()
    except (IntegrityError, ValueError):
        return None
    return new


def multiply_content(times: int) -> None:
    """Ten times the seed content: every content row again, with its dependent rows."""
    content = content_models()
    children = {
        model: [
            rel
            for rel in model._meta.related_objects
            if rel.one_to_many and rel.on_delete is models.CASCADE and rel.related_model in content
        ]
        for model in content
    }
    child_models = {rel.related_model for rels in children.values() for rel in rels}
    for model in content:
        if model in child_models:
            continue
        for row in list(model._default_manager.all()):
            for copy in range(1, times):
                new = clone(row, copy)
                if new is None:
                    continue
                for rel in children[model]:
                    for child in rel.related_model._default_manager.filter(**{rel.field.name: row}):
                        clone(child, copy, {rel.field.name: new})


@pytest.mark.slow
@pytest.mark.django_db
def test_query_budget_holds_with_ten_times_the_seed_content(client: Client) -> None:
    rules_before = AccountRule.objects.count()
    multiply_content(10)
    assert AccountRule.objects.count() >= 10 * rules_before
    problems = over_budget(client, requests_to_measure(client))
    assert not problems, "\n".join(problems)
