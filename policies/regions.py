"""The region list as ``<select>`` choices, grouped by province, built once per content
generation in each process (``ops.generation.memo``), and the rendered options with it."""

from __future__ import annotations

from ops import generation
from policies.models import Region
from yibao_site.lib.widgets import render_grouped_options

Choices = list[tuple[str, list[tuple[str, str]]]]


def _load_choices() -> Choices:
    groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    for region in Region.objects.order_by("code").only("id", "code", "name", "level", "parent_id"):
        if region.level == Region.Level.PROVINCE:
            groups[region.pk] = (region.name, [(region.code, f"{region.name}(全省/全市)")])
        elif region.parent_id in groups:
            groups[region.parent_id][1].append((region.code, region.name))
    return list(groups.values())


def region_choices() -> Choices:
    """(province, [(code, label), …]) groups; the province itself comes first in its group."""
    return generation.memo("policies:region-choices", _load_choices)


def region_options_html() -> str:
    """Every region ``<optgroup>``/``<option>``, rendered once per content generation."""
    return generation.memo(
        "policies:region-options-html", lambda: render_grouped_options(region_choices())
    )


def regions_by_code() -> dict[str, Region]:
    """Every region (with its parent) by code, loaded once per content generation.

    The region question is on every calculator and guide; looking it up here instead of
    one query per answer. Shared, read-only instances: views must not modify them.
    """
    return generation.memo(
        "policies:regions-by-code",
        lambda: {region.code: region for region in Region.objects.select_related("parent")},
    )


def forget_region_choices(**kwargs: object) -> None:
    """Regions were added without signals (``bulk_create`` in seeding): new generation."""
    generation.bump()
