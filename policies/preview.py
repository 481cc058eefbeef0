"""Editors' preview: the public pages as of a chosen date, with draft rule values included.

Readers never get drafts: only a signed-in editor who may view rules and asks with
``?preview=1`` does, and such a response is marked private and not stored, so neither
the page cache (``ops.pagecache`` skips ``private``/``no-store``) nor a proxy keeps it.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control

PARAM = "preview"


def wants_drafts(request: HttpRequest) -> bool:
    """True for an editor's preview request; False for everyone else, whatever they send."""
    if request.GET.get(PARAM) != "1":
        return False
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_staff
        and user.has_perm("policies.view_accountrule")
    )


def preview_date(request: HttpRequest) -> dt.date:
    """The preview's "as of" date (``?on=YYYY-MM-DD``), today when missing or malformed."""
    try:
        return dt.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


def keep_private(response: HttpResponse) -> HttpResponse:
    """Never cached, by the site's page cache or anyone else."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response
