"""Seed content and schema: idempotent seeding that respects editors, complete migrations."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from policies.models import AccountRule, LocalChannel, Region, Source

pytestmark = pytest.mark.django_db


def test_no_missing_migrations() -> None:
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # makemigrations --check exits 1 when a migration is missing
        pytest.fail(f"Missing migrations (exit {exc.code}):\n{out.getvalue()}")


def test_regions_come_from_the_dataset_with_parents() -> None:
    assert Region.objects.provinces().count() == 34
    assert Region.objects.cities().count() > 300
    wuhan = Region.objects.get(code="420100")
    assert (wuhan.name, wuhan.level, wuhan.parent.code) == ("武汉市", "city", "420000")
    assert Region.objects.get(code="310000").name == "上海市"
    assert not Region.objects.filter(level="city", parent__isnull=True).exists()


def test_every_domain_figure_is_seeded_with_its_grade() -> None:
    """The brief's own table (seed content); the research table's rows are tested in
    test_regional_data.py. 北京 and 深圳 come from the research table, which dates them."""
    expected = {
        (None, "employee"): ("percent_base", "official"),
        (None, "resident"): ("none", "web"),
        ("420100", "retiree"): ("fixed_monthly", "media"),
    }
    seeded = {
        (r.region.code if r.region else None, r.category): (r.method, r.source.grade)
        for r in AccountRule.objects.select_related("region", "source").exclude(
            source__key__startswith="lead-"
        )
    }
    assert seeded == expected
    # 上海 and 甘肃 come from the research table, dated 2023 (issue 19), not from seed 002.
    assert not AccountRule.objects.filter(source__key="seed-002").exists()
    gansu = AccountRule.objects.get(region__code="620000", category="retiree")
    assert gansu.pool == "provincial_units" and gansu.source.key.startswith("lead-")


def test_seed_is_idempotent_and_keeps_an_editors_change() -> None:
    counts = (Region.objects.count(), AccountRule.objects.count(), Source.objects.count())
    rule = AccountRule.objects.get(region__code="620000", category="retiree")
    rule.amount = Decimal("125")
    rule.save()
    AccountRule.objects.get(region__code="420100", category="retiree").delete()
    AccountRule.objects.get(region__code="620100", category="retiree").delete()

    call_command("seed", stdout=io.StringIO())

    assert AccountRule.objects.get(pk=rule.pk).amount == Decimal("125.00")
    assert not AccountRule.objects.filter(region__code="420100", category="retiree").exists()
    assert not AccountRule.objects.filter(region__code="620100", category="retiree").exists()
    assert (
        Region.objects.count(),
        AccountRule.objects.count() + 2,
        Source.objects.count(),
    ) == counts


def test_region_import_keeps_channels_an_editor_entered() -> None:
    shanghai = Region.objects.get(code="310000")
    shanghai.name = "上海市(编辑改过)"
    shanghai.save()
    LocalChannel.objects.create(
        region=shanghai, kind="hotline", value="021-12393", source=Source.objects.first()
    )
    call_command("import_regions", stdout=io.StringIO())
    call_command("seed", stdout=io.StringIO())
    shanghai.refresh_from_db()
    assert shanghai.name == "上海市(编辑改过)"
    assert shanghai.channels.get().value == "021-12393"
