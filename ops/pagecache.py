"""Whole-response cache for anonymous GET requests to public pages, fragments and the API.

A page's answer depends only on its URL (path and query string), the htmx headers that
choose a fragment, the reader's cookies (a remembered region) and today's date (forms
default to today). Every content save or delete (admin, seed, shell) writes a new content
generation into the database (``ops.generation``); cache keys include it, so all cached
answers built from the old content are ignored at once and expire by themselves. The
token lives in the database, not in the cache, so a Redis outage cannot hide an edit.

Not cached: the admin and health checks, signed-in editors (any session cookie), responses
that are not 200, set cookies, use the CSRF token or say ``private``/``no-store``/``no-cache``,
and personal answers (a query string with any of the reader's own numbers that the view's
form declares in ``personal_fields``; the view marks them ``private``): those are as many
as there are readers and cheap to work out, so storing each one would only fill the cache.
One exception to "set cookies": the remembered-region cookie (``REPLAYABLE_COOKIES``) is
kept and replayed with the page, because what a page sets it to depends only on the URL
and the reader's cookies, which are both part of the key.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db.models import signals
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone

from ops import generation
from yibao_site.lib.personal import is_personal

# The htmx request headers a view may choose its output by.
KEY_HEADERS = (
    "HTTP_HX_REQUEST",
    "HTTP_HX_BOOSTED",
    "HTTP_HX_HISTORY_RESTORE_REQUEST",
    "HTTP_HX_TARGET",
    "HTTP_HX_TRIGGER",
    "HTTP_HX_TRIGGER_NAME",
)
SKIP_PREFIXES = ("/admin/", "/healthz", "/livez", "/static/")
# Models whose changes never alter a public page (logins, sessions, lockouts, admin log).
IGNORED_APPS = frozenset({"sessions", "admin", "axes", "auth", "contenttypes", "ops", "migrations"})
UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")
HIT_HEADER = "X-Page-Cache"
# Cookies no public page depends on.
SHARED_COOKIES = frozenset({"csrftoken"})
# Cookies a page may set and the cache may replay: the value is decided by the URL and the
# request's cookies alone (``policies/remembered.py``: the reader's region).
REPLAYABLE_COOKIES = frozenset({"region", "guide_region"})
# Pages forgotten by ``forget_pages`` (tests and the benchmark measure misses with it).
_page_salt = [0]


def forget_pages() -> None:
    """Forget the pages cached by this process's keys, keeping the data caches warm."""
    _page_salt[0] += 1


def content_changed(sender: type, **kwargs: Any) -> None:
    """Signal receiver: a content row was saved or deleted; forget every cached page."""
    if sender._meta.app_label in IGNORED_APPS or getattr(sender, "changes_no_page", False):
        return
    if sender.__module__ == "__fake__":
        # A data migration's historical model: the generation table may not exist yet,
        # and nothing is cached while migrating.
        return
    generation.bump()


def connect_invalidation() -> None:
    signals.post_save.connect(content_changed, dispatch_uid="pagecache-save")
    signals.post_delete.connect(content_changed, dispatch_uid="pagecache-delete")
    signals.m2m_changed.connect(content_changed, dispatch_uid="pagecache-m2m")


def cacheable_request(request: HttpRequest) -> bool:
    if request.method != "GET" or not settings.PAGE_CACHE_SECONDS:
        return False
    if request.path.startswith(SKIP_PREFIXES):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return not is_personal(request, personal_fields(request.path_info))


def personal_fields(path: str) -> tuple[str, ...]:
    """The reader's own numbers the view at ``path`` answers with (its form declares them,
    ``yibao_site.lib.personal``); such answers are private, so not even looked up."""
    try:
        view = resolve(path).func
    except Resolver404:
        return ()
    return getattr(view, "personal_fields", ())


def cache_key(request: HttpRequest, token: str) -> str:
    parts = [
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        timezone.localdate().isoformat(),
        str(_page_salt[0]),
        *(request.META.get(name, "") for name in KEY_HEADERS),
        # A page may depend on a reader's cookie (e.g. a remembered region): readers with
        # different cookies never share an entry; readers without cookies all do.
        *sorted(f"{k}={v}" for k, v in request.COOKIES.items() if k not in SHARED_COOKIES),
    ]
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{token}:{digest}"


def cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if any(name not in REPLAYABLE_COOKIES for name in response.cookies):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(directive in control for directive in UNCACHEABLE_DIRECTIVES)


def freeze(response: HttpResponse) -> dict[str, Any]:
    return {
        "status": response.status_code,
        "content": response.content,
        "headers": list(response.headers.items()),
        "cookies": response.cookies,
    }


def thaw(frozen: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(frozen["content"], status=frozen["status"])
    for name, value in frozen["headers"]:
        response.headers[name] = value
    if frozen.get("cookies"):
        response.cookies.update(frozen["cookies"])
    return response
