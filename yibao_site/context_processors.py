from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from yibao_site import elder


def site(request: HttpRequest) -> dict[str, object]:
    """Values every template may use.

    ``site_origin`` ("https://example.com") and ``page_url`` (the origin and this page's
    path: the canonical link and Open Graph URL) are worked out on first use, once per
    render; a fragment that shows neither pays nothing.
    """
    origin = SimpleLazyObject(lambda: f"{request.scheme}://{request.get_host()}")
    return {
        "SITE_NAME": settings.SITE_NAME,
        "site_origin": origin,
        "page_url": SimpleLazyObject(lambda: f"{origin}{request.path}"),
        # 长辈模式 (yibao_site/elder.py): the page cache keys on the cookie.
        "elder_mode": elder.is_on(request),
    }
