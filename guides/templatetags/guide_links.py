"""Links from an answer into the guides: how to see one's own monthly credit."""

from __future__ import annotations

from django import template

from guides.personal import local_channels
from policies.models import Region
from policies.terms import ChannelKind

register = template.Library()


@register.inclusion_tag("guides/includes/see_your_own.html")
def see_your_own(region: Region | None) -> dict[str, object]:
    """Where a reader sees their own credit: the balance guide for their region, and the
    local app and hotline where editors recorded them (each row has its source)."""
    channels = [
        c for c in local_channels(region) if c.kind in (ChannelKind.APP, ChannelKind.HOTLINE)
    ]
    return {"region": region, "channels": channels}
