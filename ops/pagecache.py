"""Whole-response cache for anonymous GET requests to public pages, fragments and the API.

A page's answer depends only on its URL (path and query string), the htmx headers that
choose a fragment, the reader's cookies (a remembered region) and today's date (forms
default to today). Every content save or delete (admin, seed, shell) writes a new content
generation into the database (``ops.generation``); cache keys include it, so all cached
answers built from the old content are ignored at once and expire by themselves. The
token lives in the database, not in the cache, so a Redis outage cannot hide an edit.

Only canonical answers are stored (issue 22): the key holds the view's own query
parameters in sorted order (the view's form, or ``PAGE_CACHE_QUERIES``), the cookies a page
depends on (``PAGE_CACHE_COOKIES``: the remembered region, elder mode), the htmx flags and
a known target (``PAGE_CACHE_HTMX_TARGETS``) and the host on our own port. A request with
an unknown parameter, a cookie value those cookies never take, an unknown target or another
port is answered but never read from or stored in the cache, and a page is stored only
when every value the query gave passes its form field. Other cookies and ``HX-Trigger``
are not in the key. So junk requests cannot fill the cache.

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

import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import signals
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.module_loading import import_string

from ops import generation

# The htmx flags a view may choose its output by (with ``HX-Target``, one of
# ``PAGE_CACHE_HTMX_TARGETS``); no view reads ``HX-Trigger``, which names any element.
HTMX_FLAGS = ("HTTP_HX_REQUEST", "HTTP_HX_BOOSTED", "HTTP_HX_HISTORY_RESTORE_REQUEST")
SKIP_PREFIXES = ("/admin/", "/healthz", "/livez", "/static/")
# Models whose changes never alter a public page (logins, sessions, lockouts, admin log).
IGNORED_APPS = frozenset({"sessions", "admin", "axes", "auth", "contenttypes", "ops", "migrations"})
UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")
HIT_HEADER = "X-Page-Cache"
# Cookies a page may set and the cache may replay: the value is decided by the URL and the
# request's cookies alone (``policies/remembered.py``: the reader's region).
REPLAYABLE_COOKIES = ("region", "guide_region")
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


@dataclass(frozen=True)
class QuerySpec:
    """The query parameters a view knows: its form's fields (or a list of names)."""

    names: frozenset[str]
    personal: frozenset[str]
    form: type[forms.BaseForm] | None = None


@functools.cache
def query_spec(view: Callable[..., Any], view_name: str) -> QuerySpec:
    """The query parameters a view knows: its form's fields (a calculator's view carries its
    form, ``yibao_site.lib.personal``), else what ``PAGE_CACHE_QUERIES`` names, else none."""
    entry = settings.PAGE_CACHE_QUERIES.get(view_name, ())
    form = getattr(view, "query_form", None)
    if form is None and isinstance(entry, str):
        form = import_string(entry)
    names = frozenset(form.base_fields if form is not None else entry)
    personal = set(getattr(form, "personal_fields", ()))
    personal.update(n for n in settings.PAGE_CACHE_FREE_TEXT if n in names)
    return QuerySpec(names, frozenset(personal), form)


def canonical_query(request: HttpRequest, spec: QuerySpec) -> str | None:
    """The query string in a canonical order, or None when the page must not be shared:
    a parameter the view does not know, or a reader's own number."""
    query = request.GET
    for name, values in query.lists():
        if name not in spec.names or (name in spec.personal and any(values)):
            return None
    return urlencode(sorted(query.lists()), doseq=True)


def canonical_host(request: HttpRequest) -> str | None:
    """The host, or None for a port the reader cannot have used (``Host: x:1234``): not
    the server's (``SERVER_PORT``) nor, behind the proxy, the proxy's (``X-Forwarded-Port``)."""
    host = request.get_host()
    if host != host.lower():
        return None
    _, colon, port = host.rpartition(":")
    if colon and not host.endswith("]") and port != request.get_port():
        return None
    return host


def canonical_htmx(request: HttpRequest) -> tuple[str, ...] | None:
    """The htmx headers a view may choose its output by, or None for an unknown target."""
    meta = request.META
    flags = tuple(str(meta.get(name) == "true") for name in HTMX_FLAGS)
    target = meta.get("HTTP_HX_TARGET", "")
    if target and target not in settings.PAGE_CACHE_HTMX_TARGETS:
        return None
    return (*flags, target)


def canonical_cookies(request: HttpRequest) -> tuple[str, ...] | None:
    """The cookies a public page depends on (``PAGE_CACHE_COOKIES``: the remembered region,
    elder mode), or None when one holds a value it never takes (then nothing is shared)."""
    values = []
    for name, pattern in settings.PAGE_CACHE_COOKIES.items():
        value = request.COOKIES.get(name)
        if value is not None and not re.fullmatch(pattern, value, flags=re.ASCII):
            return None
        values.append(f"{name}={value or ''}")
    return tuple(values)


def shareable(request: HttpRequest) -> bool:
    """An anonymous GET for a public page: the cache may answer it."""
    if request.method != "GET" or not settings.PAGE_CACHE_SECONDS:
        return False
    if request.path.startswith(SKIP_PREFIXES):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def cache_key(request: HttpRequest, spec: QuerySpec, token: str) -> str | None:
    """The page's key, or None when this request must neither read nor fill the cache.

    Only what can change the answer is in it: the view's own query parameters (sorted),
    the remembered region, the htmx flags and a known target, the host on our own port,
    the scheme and the day. Unknown parameters, other cookies and other Host ports never
    make a new key, so nobody can fill the cache with junk.
    """
    query = canonical_query(request, spec)
    host = canonical_host(request)
    htmx = canonical_htmx(request)
    remembered = canonical_cookies(request)
    if query is None or host is None or htmx is None or remembered is None:
        return None
    parts = [
        request.scheme,
        host,
        request.path,
        query,
        timezone.localdate().isoformat(),
        str(_page_salt[0]),
        *htmx,
        *remembered,
    ]
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{token}:{digest}"


def valid_query(request: HttpRequest, spec: QuerySpec) -> bool:
    """Every value the request gave passes its form field (checked before storing)."""
    form_class = spec.form
    if form_class is None or not request.GET:
        return True
    form = form_class(request.GET)
    form.is_valid()
    return not any(name == NON_FIELD_ERRORS or request.GET.get(name) for name in form.errors)


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
