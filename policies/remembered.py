"""The reader's region, remembered in one cookie that every calculator, guide and /compare/ read.

A page whose URL names a region (``?region=440100``) answers for it and remembers it; a
page opened without one starts from the remembered region. Such a page depends on the
cookie, so it is sent ``Vary: Cookie``, and ``Cache-Control: private`` when the reader has
the cookie: proxies must not keep it, and the page cache (``ops/pagecache.py``, which keys
on cookies and never stores responses that set one) stays correct.

The cookie holds only a 6-digit code; an unknown or mangled value is ignored.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import patch_cache_control, patch_vary_headers

from policies.models import Region
from policies.regions import region_by_code

COOKIE = "region"
# Guides remembered the region under this name before every page shared one cookie.
LEGACY_COOKIE = "guide_region"
MAX_AGE = 365 * 24 * 3600


def _valid(code: str) -> bool:
    return len(code) == 6 and code.isascii() and code.isdigit()


def remembered_code(request: HttpRequest) -> str:
    """The remembered region's code, or "" (no query: forms pre-select by code)."""
    for name in (COOKIE, LEGACY_COOKIE):
        code = request.COOKIES.get(name, "")
        if _valid(code):
            return code
    return ""


def has_cookie(request: HttpRequest) -> bool:
    return COOKIE in request.COOKIES or LEGACY_COOKIE in request.COOKIES


def remembered_region(request: HttpRequest) -> Region | None:
    code = remembered_code(request)
    return region_by_code(code) if code else None


def remember(request: HttpRequest, response: HttpResponse, code: str) -> None:
    """Store ``code`` (a chosen region) or, with "", forget the remembered region."""
    if not code:
        for name in (COOKIE, LEGACY_COOKIE):
            if name in request.COOKIES:
                response.delete_cookie(name, samesite="Lax")
        return
    if request.COOKIES.get(COOKIE) != code:
        response.set_cookie(
            COOKIE,
            code,
            max_age=MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )
    if LEGACY_COOKIE in request.COOKIES:
        response.delete_cookie(LEGACY_COOKIE, samesite="Lax")


def depends_on_cookie(request: HttpRequest, response: HttpResponse) -> None:
    """Mark a response built from the remembered region (see the module docstring)."""
    patch_vary_headers(response, ("Cookie",))
    if has_cookie(request):
        patch_cache_control(response, private=True)


def remember_answer(
    request: HttpRequest, response: HttpResponse, region: Region | None, *, from_cookie: bool
) -> None:
    """The common ending of a view with a region question.

    ``region`` is the region the answer is for (remembered); ``from_cookie`` says the
    form started from the cookie because the URL named no region.
    """
    if region is not None:
        remember(request, response, region.code)
    if from_cookie:
        depends_on_cookie(request, response)


def region_query(request: HttpRequest) -> tuple[QueryDict, bool]:
    """The query string, with the remembered region filled in when the URL names none.

    Returns (query, depends_on_cookie). A URL without ``region`` depends on the cookie
    even when the reader has none (then the page is the same for every such reader).
    """
    query = request.GET
    if "region" in query:
        return query, False
    code = remembered_code(request)
    if code:
        query = query.copy()
        query["region"] = code
    return query, True
