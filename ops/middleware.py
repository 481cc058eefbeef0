"""Middleware for production: request limits, security headers, the public page cache."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from ops import pagecache

Handler = Callable[[HttpRequest], HttpResponse]


class RequestLimitsMiddleware:
    """Refuse oversized query strings with 414 before any view parses them."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if len(query) > settings.MAX_QUERY_STRING_LENGTH:
            return HttpResponse(
                "请求的网址太长了。请回到上一页，重新填写后再提交。",
                status=414,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def header(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every response; the admin is never indexed."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        policy = settings.CONTENT_SECURITY_POLICY
        self.policy = header(policy)
        # The admin's third-party templates (simple-history) carry a few style attributes;
        # scripts stay as strict there as everywhere else.
        relaxed_styles = [*policy["style-src"], "'unsafe-inline'"]
        self.admin_policy = header({**policy, "style-src": relaxed_styles})

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        admin = request.path.startswith(settings.ADMIN_PREFIXES)
        policy = self.admin_policy if admin else self.policy
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if admin:
            response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response


class PageCacheMiddleware:
    """Serve anonymous GETs from the shared cache (see ``ops.pagecache``)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not pagecache.cacheable_request(request):
            return self.get_response(request)
        key = pagecache.cache_key(request)
        frozen = pagecache.cache.get(key)
        if frozen is not None:
            response = pagecache.thaw(frozen)
            response.headers[pagecache.HIT_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if pagecache.cacheable_response(request, response):
            pagecache.cache.set(key, pagecache.freeze(response), settings.PAGE_CACHE_SECONDS)
            response.headers[pagecache.HIT_HEADER] = "miss"
        return response
