"""Cached template fragments (issue 12): the calculator's first questions, its rule card,
notes and national principles are rendered once per content generation for each choice.

What a reader gets must be exactly what a fresh render gives, whoever asked before them,
and an edit must show on the next request.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client, override_settings

from policies.models import AccountRule, Region, RegionNote
from policies.remembered import COOKIE
from policies.terms import Category
from tests.factories import NoteFactory, city, rule

FRAGMENT_HEADERS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "calc-dynamic"}
NUMBERS = {
    Category.RETIREE: "age=70&pension=3500",
    Category.EMPLOYEE: "age=40&base=6000",
    Category.FLEXIBLE: "age=45&base=5000",
    Category.RESIDENT: "age=50",
}
# Requests that could share a cache key with the answers above yet must differ: no answer
# yet, a remembered region, a date typed or only carried over, and every kind of error.
SPECIAL = [
    ("/calculator/", {}),
    ("/calculator/?region=420100", {}),
    ("/calculator/?region=420100&on=2024-06-01", {}),
    ("/calculator/?region=420100&category=retiree&on=2024-06-01&age=70", {}),
    ("/calculator/?region=420100&category=retiree&age=70", {}),
    ("/calculator/", {"HTTP_COOKIE": f"{COOKIE}=440100"}),
    ("/calculator/?category=retiree", {"HTTP_COOKIE": f"{COOKIE}=440100"}),
    ("/calculator/?region=999999&category=retiree&age=70", {}),
    ("/calculator/?region=420100&category=nobody&age=70", {}),
    ("/calculator/?region=420100&category=retiree&on=2024-02-30&age=70", {}),
    ("/calculator/?region=420100&category=retiree&on=1900-01-01&age=70", {}),
    ("/calculator/?region=420100&category=retiree&age=30", {}),
    ("/calculator/?region=420100&category=employee&base=-5", {}),
    ("/calculator/?region=810000&category=retiree&age=70", {}),
    # No figure for that date: the explanation, the national principles, the report link.
    ("/calculator/?region=420100&category=retiree&on=1995-01-01&age=70", {}),
    ("/calculator/?region=440100&category=retiree&on=1995-01-01&age=70", {}),
    ("/calculator/?region=420100&category=retiree&age=70&subgroup=<b>x</b>", {}),
]
FRESH = {
    **settings.CACHES,
    "template_fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}


def every_answer() -> list[tuple[str, dict[str, str]]]:
    """One answer for each region and category with a published rule (the research table
    included), each as a page and as the htmx fragment, and the special requests."""
    pairs = AccountRule.objects.values_list("region__code", "category").distinct()
    requests = []
    for code, category in sorted(pairs, key=lambda pair: (pair[0] or "", pair[1])):
        query = f"region={code or '110000'}&category={category}&{NUMBERS[category]}"
        requests.append((f"/calculator/?{query}", {}))
        requests.append((f"/calculator/?{query}", FRAGMENT_HEADERS))
    return requests + SPECIAL + [(url, {**meta, **FRAGMENT_HEADERS}) for url, meta in SPECIAL]


def body(url: str, meta: dict[str, str]) -> str:
    response = Client().get(url, **meta)  # a new reader each time: no cookie carried over
    assert response.status_code in (200, 400), (url, response.status_code)
    return response.content.decode()


@pytest.mark.django_db
@override_settings(PAGE_CACHE_SECONDS=0)  # every request renders (no whole-page cache)
def test_cached_fragments_give_every_reader_what_a_fresh_render_gives() -> None:
    requests = every_answer()
    assert len(requests) > 150
    with override_settings(CACHES=FRESH):
        fresh = [body(url, meta) for url, meta in requests]
    caches["template_fragments"].clear()
    first = [body(url, meta) for url, meta in requests]  # fills the fragment cache
    again = [body(url, meta) for url, meta in requests]  # every fragment from the cache
    for (url, meta), expected, filled, served in zip(requests, fresh, first, again, strict=True):
        assert filled == expected, (url, meta)
        assert served == expected, (url, meta)
    assert caches["template_fragments"]._cache, "the fragments were never cached"


@pytest.fixture
def answered(db: None) -> Region:
    home = city()
    rule(home, amount=Decimal("120"), effective_from=dt.date(2025, 1, 1), note="每月定额划入。")
    NoteFactory(region=home, text="门诊补助另行发放，不进个人账户。")
    return home


@override_settings(PAGE_CACHE_SECONDS=0)
def test_an_edited_rule_shows_on_the_next_answer(answered: Region) -> None:
    url = f"/calculator/?region={answered.code}&category=retiree&age=70"
    assert "每月定额划入。" in Client().get(url).content.decode()
    row = AccountRule.objects.get(region=answered)
    row.note = "按月定额划入，每年一月调整。"
    row.save()
    page = Client().get(url).content.decode()
    assert "按月定额划入，每年一月调整。" in page
    assert "每月定额划入。" not in page


@override_settings(PAGE_CACHE_SECONDS=0)
def test_an_edited_note_and_region_name_show_on_the_next_answer(answered: Region) -> None:
    url = f"/calculator/?region={answered.code}&category=retiree&age=70"
    first = Client().get(url, **FRAGMENT_HEADERS).content.decode()
    assert "门诊补助另行发放，不进个人账户。" in first
    note = RegionNote.objects.get(region=answered)
    note.text = "门诊补助按年发放。"
    note.save()
    assert "门诊补助按年发放。" in Client().get(url, **FRAGMENT_HEADERS).content.decode()
    answered.name = "改名市"
    answered.save()
    page = Client().get(url).content.decode()
    assert f'<option value="{answered.code}" selected>改名市</option>' in page


@pytest.mark.slow
def test_development_caches_as_production_does() -> None:
    """With DEBUG on the fragment and furniture aliases are the same per-process caches as
    in production: nothing renders differently while developing."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.core.cache import "
            "caches; print(*(type(caches[a]).__name__ for a in ('template_fragments', "
            "'site_furniture')))",
        ],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "yibao_site.settings", "DJANGO_DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.stdout.split() == ["LocMemCache", "LocMemCache"], shown.stderr


def test_a_template_edit_under_runserver_clears_rendered_blocks(db: None) -> None:
    """runserver's autoreloader reports an edited template: the site furniture and the
    fragments go, so a developer sees the edit on the next request (a Python edit restarts
    anyway)."""
    from pathlib import Path

    from django.core.cache import caches
    from django.utils.autoreload import file_changed

    furniture, fragments = caches["site_furniture"], caches["template_fragments"]
    furniture.set("probe", "old")
    fragments.set("probe", "old")
    file_changed.send(sender=None, file_path=Path("templates/views.py"))
    assert furniture.get("probe") == "old" and fragments.get("probe") == "old"
    file_changed.send(sender=None, file_path=Path("templates/base.html"))
    assert furniture.get("probe") is None and fragments.get("probe") is None
