"""The reader's or editor's address, as login throttling (django-axes) sees it.

Without a proxy in front, ``REMOTE_ADDR`` is the client. Behind one (nginx, a load
balancer) every request comes from the proxy, so all editors would share one address and
one lockout; set ``TRUSTED_PROXY_HEADER`` to the header the proxy writes (e.g.
``X-Forwarded-For`` or ``X-Real-IP``). The proxy appends the address it saw at the right
of ``X-Forwarded-For``; ``TRUSTED_PROXY_COUNT`` says how many proxies of ours there are,
so the entry that many places from the right is taken, and anything a client put further
left (which it could forge) is ignored. Off by default: only trust a header your own
proxy sets.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def meta_name(header: str) -> str:
    return "HTTP_" + header.strip().upper().replace("-", "_")


def valid_ip(text: str) -> str | None:
    text = text.strip()
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client address: REMOTE_ADDR, or the trusted proxy's entry in its header."""
    remote = request.META.get("REMOTE_ADDR")
    header = settings.TRUSTED_PROXY_HEADER
    if not header:
        return remote
    value = request.META.get(meta_name(header), "")
    entries = [part for part in value.split(",") if part.strip()]
    count = max(1, settings.TRUSTED_PROXY_COUNT)
    if len(entries) < count:
        return remote
    return valid_ip(entries[-count]) or remote
