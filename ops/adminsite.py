"""The editors' admin site: Django's, with what every admin answer needs.

Installed through ``ops.apps.EditorsAdminConfig`` (``default_site``), so ``admin.site``
everywhere is this one. Every admin view goes through ``admin_view`` (Django wraps each
model admin's, import-export's and simple-history's views with it), which is where:

- a staff member's successful write moves the content generation, including bulk actions
  and other writes that send no save signal (a ``QuerySet.update()``);
- the answer is marked never to be indexed, and its Content-Security-Policy allows the
  inline style attributes of third-party admin templates (simple-history), never inline
  scripts.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ops import generation
from ops.middleware import policy_header

# Signing in, out or changing one's password changes no content.
NOT_CONTENT = ("/login/", "/logout/", "/password_change/")


def admin_policy() -> str:
    """The site's Content-Security-Policy with inline styles allowed (never scripts)."""
    policy = dict(settings.SECURE_CSP)
    policy["style-src"] = [*policy["style-src"], "'unsafe-inline'"]
    return policy_header(policy)


def for_editors(response: HttpResponse) -> HttpResponse:
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Content-Security-Policy"] = ADMIN_POLICY
    return response


def is_content_write(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        request.method == "POST"
        and response.status_code < 400
        and not request.path.endswith(NOT_CONTENT)
    )


ADMIN_POLICY = admin_policy()


class EditorsAdminSite(admin.AdminSite):
    site_header = "医保个人账户 · 内容管理"
    site_title = "医保个人账户管理"
    index_title = "地区、标准与文章"

    def admin_view(self, view: Callable[..., HttpResponse], cacheable: bool = False) -> Any:
        guarded = super().admin_view(view, cacheable)

        @wraps(guarded)
        def editors_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = guarded(request, *args, **kwargs)
            if self.has_permission(request) and is_content_write(request, response):
                generation.bump()
            return for_editors(response)

        return editors_view

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        return for_editors(super().login(request, extra_context))

    def logout(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        return for_editors(super().logout(request, extra_context))


def lockout(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes' answer to a locked sign-in (``AXES_LOCKOUT_CALLABLE``): the Chinese
    page, never indexed, like the sign-in page it replaces."""
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_timedelta": get_cool_off(request),
    }
    status = settings.AXES_HTTP_RESPONSE_CODE
    return for_editors(render(request, "ops/lockout.html", context, status=status))
