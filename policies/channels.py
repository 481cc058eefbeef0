"""A region's local service channels, each kind falling back to the province's.

Channels are a small table read on every guide and region page, so all of them are kept
in each process (one query, then none) until the content changes (``ops.generation``).
"""

from __future__ import annotations

from collections import defaultdict

from ops import generation
from policies.models import LocalChannel, Region
from policies.terms import ChannelKind


def all_channels() -> dict[int, list[LocalChannel]]:
    """Every channel by region id, in display order (per content generation)."""
    return generation.memo("policies:channels", _load_channels)


def _load_channels() -> dict[int, list[LocalChannel]]:
    index: dict[int, list[LocalChannel]] = defaultdict(list)
    rows = LocalChannel.objects.select_related("source", "region").order_by("order", "pk")
    for row in rows:
        index[row.region_id].append(row)
    return dict(index)


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
