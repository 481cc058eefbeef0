"""The region list as ``<select>`` choices, grouped by province, cached until a region changes."""

from __future__ import annotations

from django.core.cache import cache

from policies.models import Region

CHOICES_CACHE_KEY = "policies:region-choices:v1"


def region_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """(province, [(code, label), …]) groups; the province itself comes first in its group."""
    cached = cache.get(CHOICES_CACHE_KEY)
    if cached is not None:
        return cached
    groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    regions = Region.objects.filter(in_system=True).order_by("code")
    for region in regions.only("id", "code", "name", "level", "parent_id"):
        if region.level == Region.Level.PROVINCE:
            groups[region.pk] = (region.name, [(region.code, f"{region.name}(全省/全市)")])
        elif region.parent_id in groups:
            groups[region.parent_id][1].append((region.code, region.name))
    choices = list(groups.values())
    # Saves clear it at once in a shared cache; per-process caches catch up within 5 minutes.
    cache.set(CHOICES_CACHE_KEY, choices, 300)
    return choices


def forget_region_choices(**kwargs: object) -> None:
    """Signal receiver: a region was saved or deleted (``PoliciesConfig.ready``)."""
    cache.delete(CHOICES_CACHE_KEY)
