"""长辈模式 (elder mode): larger text, larger controls, one column, high contrast.

One plain link on every page (``/elder/?on=1&next=<this page>``) sets the ``elder``
cookie and sends the reader back; ``on=0`` clears it. It works without JavaScript. Pages
read the cookie in the context processor and put ``class="elder"`` on ``<html>``: the page
cache (``ops/pagecache.py``) keys on every cookie a reader sends, so a reader in elder mode
never gets a page cached for one who is not, and the other way round.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

COOKIE = "elder"
MAX_AGE = 365 * 24 * 3600


def is_on(request: HttpRequest) -> bool:
    return request.COOKIES.get(COOKIE) == "1"


def safe_next(request: HttpRequest) -> str:
    """Where to go back to: a path on this site, or the home page."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


@require_safe
def toggle(request: HttpRequest) -> HttpResponse:
    """``on=1`` turns elder mode on, ``on=0`` off, and goes back to ``next``; without
    ``on``, a page says what the mode does and offers the switch."""
    if "on" not in request.GET:
        return render(request, "elder.html", {"next": safe_next(request)})
    response = HttpResponseRedirect(safe_next(request))
    if request.GET["on"] == "0":
        response.delete_cookie(COOKIE, samesite="Lax")
    else:
        response.set_cookie(
            COOKIE,
            "1",
            max_age=MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )
    response["Cache-Control"] = "no-store"
    return response
