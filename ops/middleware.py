"""The middlewares of our own: the Content-Security-Policy header, request limits (before
anything reads the request) and the public page cache (once the URL is resolved). Why
each stays: docs/ARCHITECTURE.md."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, UnreadablePostError

from ops import errors, generation, pagecache

Handler = Callable[[HttpRequest], HttpResponse]
refused_log = logging.getLogger("ops.refused")

# Control characters (C0 and C1, DEL) have no business in a path; in values, tab and
# line breaks are allowed (an editor's text area), nothing else.
PATH_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
VALUE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def policy_header(policy: dict[str, list[str]]) -> str:
    """A Content-Security-Policy value from a ``SECURE_CSP``-style dict."""
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


class ContentSecurityPolicyMiddleware:
    """The Content-Security-Policy header on every response, from ``settings.SECURE_CSP``.

    The setting is Django 6's (a directive → sources dict): on Django 6 this class gives way
    to ``django.middleware.csp.ContentSecurityPolicyMiddleware`` with no other change. The
    header is built once; django-csp, tried in its place, rebuilt it on every response for
    60–110 µs (a tenth of a JSON answer; docs/PERFORMANCE.md). A response that already
    carries one (the admin's, ``ops.adminsite``) keeps it.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.policy = policy_header(settings.SECURE_CSP)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


def has_control_characters(request: HttpRequest) -> bool:
    """A control character in the path, a query parameter or a submitted form field."""
    if PATH_CONTROL.search(request.path):
        return True
    for data in (request.GET, request.POST if request.method == "POST" else None):
        if not data:
            continue
        for key, values in data.lists():
            if VALUE_CONTROL.search(key) or any(VALUE_CONTROL.search(v) for v in values):
                return True
    return False


def body_size(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def refuse(request: HttpRequest, status: int, why: str) -> HttpResponse:
    """The Chinese error page, and one log line (no traceback)."""
    refused_log.warning("refused %s %s: %s -> %s", request.method, request.path[:200], why, status)
    response = errors.error_response(request, status)
    response._has_been_logged = True  # type: ignore[attr-defined] - logged above
    return response


class RequestLimitsMiddleware:
    """Refuse what no page can answer before any view (or the database) sees it.

    - query strings over ``MAX_QUERY_STRING_LENGTH``: 414;
    - bodies over ``MAX_BODY_SIZE`` (``ADMIN_MAX_BODY_SIZE`` in the admin, for imports):
      413, decided from ``Content-Length`` before a byte is read, so nothing reaches disk;
    - more than ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` fields, a file sent to a public form, a
      client gone before its body arrived: 400;
    - NUL or another control character in the path, query or form fields: 400.

    Each refusal is one log line (``ops.refused``). Which methods a page accepts is the
    view's business (``@require_safe``).
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if len(query) > settings.MAX_QUERY_STRING_LENGTH:
            return refuse(request, 414, f"query string of {len(query)} characters")
        admin = request.path.startswith(settings.ADMIN_PREFIXES)
        limit = settings.ADMIN_MAX_BODY_SIZE if admin else settings.MAX_BODY_SIZE
        size = body_size(request)
        if size > limit:
            return refuse(request, 413, f"body of {size} bytes")
        try:
            if has_control_characters(request):
                return refuse(request, 400, "control character")
            if request.method == "POST" and request.FILES and not admin:
                return refuse(request, 400, "a file sent to a form without a file field")
        except TooManyFieldsSent:
            return refuse(request, 400, "too many fields")
        except RequestDataTooBig:
            return refuse(request, 413, "form fields too large")
        except UnreadablePostError as exc:
            return refuse(request, 400, f"client gone before its body arrived ({exc})")
        return self.get_response(request)


class PageCacheMiddleware:
    """Serve anonymous GETs from the shared cache (see ``ops.pagecache``).

    The lookup happens once the URL is resolved (``process_view``): the view says which
    query parameters it knows. While the database is down, pages cached under the last
    content generation this process saw keep being served (no one can edit without a
    database); anything else is answered 503 at once, without waiting on the database again.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key, spec = getattr(request, "_page_cache", (None, None))
        if (
            key
            and pagecache.cacheable_response(request, response)
            and pagecache.valid_query(request, spec)
        ):
            cache.set(key, pagecache.freeze(response), settings.PAGE_CACHE_SECONDS)
            response.headers[pagecache.HIT_HEADER] = "miss"
        return response

    def process_view(
        self, request: HttpRequest, view: Handler, args: object, kwargs: object
    ) -> HttpResponse | None:
        if not pagecache.shareable(request):
            return None
        try:
            token = generation.current()
            down = None
        except generation.DatabaseUnavailable as exc:
            token, down = generation.last_known(), exc
        spec = pagecache.query_spec(view, request.resolver_match.view_name)
        key = pagecache.cache_key(request, spec, token or "")
        frozen = cache.get(key) if key and token else None
        if frozen is not None:
            response = pagecache.thaw(frozen)
            response.headers[pagecache.HIT_HEADER] = "hit"
            return response
        if down is not None:
            raise down  # handler500 (ops.errors.server_error): the Chinese 503
        request._page_cache = (key, spec)  # type: ignore[attr-defined] - stored on the way out
        return None
