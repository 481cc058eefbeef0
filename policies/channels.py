"""A region's local service channels, each kind falling back to the province's.

Channels are a small table read on every guide and region page, so all of them are kept
in the cache (one query, then none) until a channel, source or region changes.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.cache import cache

from policies.models import LocalChannel, Region
from policies.terms import ChannelKind

CACHE_KEY = "policies:channels:v1"


def all_channels() -> dict[int, list[LocalChannel]]:
    """Every channel by region id, in display order (cached)."""
    cached = cache.get(CACHE_KEY)
    if cached is not None:
        return cached
    index: dict[int, list[LocalChannel]] = defaultdict(list)
    rows = LocalChannel.objects.select_related("source", "region").order_by("order", "pk")
    for row in rows:
        index[row.region_id].append(row)
    found = dict(index)
    cache.set(CACHE_KEY, found, 24 * 3600)
    return found


def forget(**kwargs: object) -> None:
    """Signal receiver: a channel, source or region changed (``PoliciesConfig.ready``)."""
    cache.delete(CACHE_KEY)


def channels_for(region: Region | None) -> list[LocalChannel]:
    """The region's channels of each kind; a kind it lacks comes from the nearest region
    above it. Kinds in a fixed order (app, hotline, website, hall)."""
    if region is None:
        return []
    index = all_channels()
    chain = region.lookup_chain()
    found: list[LocalChannel] = []
    for kind in ChannelKind.values:
        for level in chain:
            rows = [row for row in index.get(level.pk, []) if row.kind == kind]
            if rows:
                found += rows
                break
    return found
