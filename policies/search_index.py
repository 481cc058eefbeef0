"""Region pages in the site search."""

from __future__ import annotations

from policies.models import Region
from search.models import Kind, SearchDocument
from search.registry import register


def document(region: Region) -> SearchDocument:
    parts = [region.full_name, region.app_name, region.hotline]
    return SearchDocument(
        kind=Kind.REGION,
        object_id=region.pk,
        title=region.full_name,
        url=region.get_absolute_url(),
        summary=f"{region.full_name}的医保个人账户划入标准和本地服务渠道",
        text=" ".join(p for p in parts if p),
    )


register(
    Kind.REGION,
    Region,
    document,
    queryset=lambda: Region.objects.select_related("parent").order_by("code"),
)
