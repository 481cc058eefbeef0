"""Middleware for production: liveness, request limits, headers, the database guard and
the public page cache."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, UnreadablePostError

from ops import errors, generation, pagecache

Handler = Callable[[HttpRequest], HttpResponse]
logger = logging.getLogger("ops.database")
refused_log = logging.getLogger("ops.refused")

LIVEZ_PATH = "/livez"
SAFE_METHODS = ("GET", "HEAD")
# Control characters (C0 and C1, DEL) have no business in a path; in values, tab and
# line breaks are allowed (an editor's text area), nothing else.
PATH_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
VALUE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class LivezMiddleware:
    """``/livez`` answered first, before any other middleware: the process is up. Being
    outermost, it also empties HEAD answers (nothing after it touches the body).

    It touches nothing (no database, no cache, no session) and is never redirected, so a
    load balancer's probe gets its answer as fast as the worker can write it. With a query
    string (``/livez?through=app``) it goes through every middleware to ``ops.views.livez``
    instead: the framework floor ``make bench`` compares pages with.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path_info == LIVEZ_PATH
            and request.method in SAFE_METHODS
            and not request.META.get("QUERY_STRING")
        ):
            response = HttpResponse("ok", content_type="text/plain; charset=utf-8")
            response["Cache-Control"] = "no-store"
        else:
            response = self.get_response(request)
        if request.method == "HEAD" and not response.streaming:
            # HEAD answers carry the headers of GET (Content-Length too) and no body; the
            # server would drop it anyway, with a warning per request (gunicorn 27).
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
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


def database_unavailable(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """503 in Chinese and one log line (no traceback): the database did not answer."""
    if not isinstance(exc, generation.DatabaseUnavailable):
        generation.mark_database_down(exc)
    first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    logger.error(
        "database unavailable: %s %s -> 503 (%s)", request.method, request.path, first_line
    )
    response = errors.error_response(request, 503)
    # Logged above: Django's own "Service Unavailable" line would make it two per request.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def edited_in_admin(request: HttpRequest, response: HttpResponse) -> bool:
    """A staff member's successful write in the admin."""
    if request.method != "POST" or response.status_code >= 400:
        return False
    if not request.path.startswith(settings.ADMIN_PREFIXES):
        return False
    if request.path.endswith(("/login/", "/logout/", "/password_change/")):
        return False  # signing in or out changes no content
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


class DatabaseGuardMiddleware:
    """Requests see one content generation; a database outage answers 503, not 500.

    Outermost of the database-using middleware: it reads the content generation once for
    the request (``ops.generation``), and turns a database connection failure anywhere in
    the views below into the Chinese 503 page with a single log line.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        generation.begin_request()
        try:
            response = self.get_response(request)
            if edited_in_admin(request, response):
                # Bulk actions and other writes that send no save signal (queryset
                # update()) still move the generation.
                generation.bump()
            return response
        finally:
            generation.end_request()

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError):
            return database_unavailable(request, exception)
        return None


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
            return database_unavailable(request, down)
        request._page_cache = (key, spec)  # type: ignore[attr-defined] - stored on the way out
        return None
