"""Answers worked out from a reader's own numbers are theirs: never kept in a shared cache.

Each calculator form declares its ``personal_fields`` (age, base, pension, balance,
costs …). A view wrapped with ``private_when_personal(Form)`` marks its response
``Cache-Control: private`` whenever the request carries any of them, so neither our page
cache nor a proxy or CDN in front stores it. The wrapped view carries its form as
``query_form``, so the page cache keys on its fields and skips even the lookup for a
request with personal numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

View = Callable[..., HttpResponse]


def is_personal(request: HttpRequest, fields: tuple[str, ...]) -> bool:
    return any(request.GET.get(name, "").strip() for name in fields)


def private_when_personal(form_class: Any) -> Callable[[View], View]:
    fields: tuple[str, ...] = tuple(form_class.personal_fields)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if is_personal(request, fields):
                patch_cache_control(response, private=True)
            return response

        # The page cache keys on the form's fields and skips its personal ones (ops/pagecache.py).
        wrapped.query_form = form_class  # type: ignore[attr-defined]
        return wrapped

    return decorator
