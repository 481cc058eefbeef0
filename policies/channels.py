"""A region's local service channels, each kind falling back to the province's."""

from __future__ import annotations

from policies.models import LocalChannel, Region
from policies.terms import ChannelKind


def channels_for(region: Region | None) -> list[LocalChannel]:
    """The region's channels of each kind; a kind it lacks comes from the nearest region
    above it. One query; kinds in a fixed order (app, hotline, website, hall)."""
    if region is None:
        return []
    chain = region.lookup_chain()
    rows = list(
        LocalChannel.objects.filter(region__in=chain)
        .select_related("source", "region")
        .order_by("order", "pk")
    )
    depth = {level.pk: i for i, level in enumerate(chain)}
    found: list[LocalChannel] = []
    for kind in ChannelKind.values:
        of_kind = [row for row in rows if row.kind == kind]
        if not of_kind:
            continue
        nearest = min(depth[row.region_id] for row in of_kind)
        found += [row for row in of_kind if depth[row.region_id] == nearest]
    return found
