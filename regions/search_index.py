"""Region pages in the site search."""

from __future__ import annotations

from policies.models import LocalChannel, Region
from search.models import Kind, SearchDocument
from search.registry import register


def document(region: Region) -> SearchDocument:
    parts = [region.full_name, *(channel.value for channel in region.channels.all())]
    return SearchDocument(
        kind=Kind.REGION,
        object_id=region.pk,
        title=region.full_name,
        url=region.get_absolute_url(),
        summary=f"{region.full_name}的医保个人账户每月划入标准、依据的文件和本地服务渠道。",
        text=" ".join(p for p in parts if p),
    )


register(
    Kind.REGION,
    Region,
    document,
    queryset=lambda: (
        Region.objects.select_related("parent").prefetch_related("channels").order_by("code")
    ),
    related={LocalChannel: lambda channel: [channel.region]},
)
