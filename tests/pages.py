"""Every public page, form and JSON endpoint of the site, found rather than listed by hand.

Pages come from the URL resolver (routes without parameters, outside the admin, the API and
the health checks) plus one representative URL of every model that has
``get_absolute_url()`` (an FAQ article, a guide, a region's answer, …), so new apps are
covered as soon as they are routed. Forms are read from those pages' HTML; JSON endpoints
are the routes under ``/api/``.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

PRIVATE_PREFIXES = ("/admin/", "/api/", "/healthz", "/livez", "/static/", "/media/")
API_PREFIX = "/api/"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _route_text(pattern: object) -> str | None:
    """The literal path of a pattern, or None when it takes parameters."""
    inner = pattern.pattern  # type: ignore[attr-defined]
    if getattr(inner, "converters", None):
        return None
    text = str(inner)
    if hasattr(inner, "regex") and not hasattr(inner, "_route"):
        if inner.regex.groups or re.search(r"[\\()\[\]?*+{}|.]", text.strip("^$")):
            return None
        text = text.strip("^$")
    return text


def routes(resolver: URLResolver | None = None, prefix: str = "/") -> list[str]:
    """Every parameterless path the site routes (including private ones)."""
    resolver = resolver or get_resolver()
    found: list[str] = []
    for pattern in resolver.url_patterns:
        text = _route_text(pattern)
        if text is None:
            continue
        if isinstance(pattern, URLResolver):
            found.extend(routes(pattern, prefix + text))
        elif isinstance(pattern, URLPattern):
            found.append(prefix + text)
    return sorted(set(found))


def is_public(path: str) -> bool:
    return not path.startswith(PRIVATE_PREFIXES)


def project_models() -> list[type]:
    """Project models with a public page whose table exists (an app may be half-built)."""
    base = str(settings.BASE_DIR)
    tables = set(connection.introspection.table_names())
    models = []
    for config in apps.get_app_configs():
        if not config.path.startswith(base) or "/.venv/" in config.path:
            continue
        for model in config.get_models():
            if model.__name__.startswith("Historical"):
                continue
            if hasattr(model, "get_absolute_url") and model._meta.db_table in tables:
                models.append(model)
    return models


def representative_urls() -> list[str]:
    """One URL per model with ``get_absolute_url()``: the first and the last row."""
    urls: list[str] = []
    for model in project_models():
        for row in (model._default_manager.order_by("pk").first(), model._default_manager.last()):
            if row is None:
                continue
            try:
                url = row.get_absolute_url()
            except Exception:  # noqa: BLE001 - a row without a page is not a public URL
                continue
            if url and url.startswith("/") and is_public(url):
                urls.append(url)
    return urls


def region_routes(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Routes whose only parameter is a region ``code`` (a region's report form, its feed),
    as templates with ``{code}``."""
    resolver = resolver or get_resolver()
    found: list[str] = []
    for pattern in resolver.url_patterns:
        inner = pattern.pattern
        text = str(inner)
        if isinstance(pattern, URLResolver):
            if not getattr(inner, "converters", None):
                found.extend(region_routes(pattern, prefix + text))
            continue
        if set(getattr(inner, "converters", {}) or {}) == {"code"} and hasattr(inner, "_route"):
            found.append("/" + prefix + text.replace("<str:code>", "{code}"))
    return found


def region_pages() -> list[str]:
    """Each region-code route for the first and the last region in the insurance system."""
    from policies.models import Region

    regions = Region.objects.filter(in_system=True).order_by("code")
    codes = [r.code for r in (regions.first(), regions.last()) if r]
    urls = [route.format(code=code) for route in region_routes() for code in codes]
    return [url for url in urls if is_public(url)]


def public_pages() -> list[str]:
    """Public parameterless routes plus representative parameterised pages (needs the DB)."""
    pages = [path for path in routes() if is_public(path)]
    for url in representative_urls() + region_pages():
        if url not in pages:
            pages.append(url)
    return pages


def api_endpoints() -> list[str]:
    return [path for path in routes() if path.startswith(API_PREFIX)]


def is_html(response: object) -> bool:
    return response.get("Content-Type", "").startswith("text/html")  # type: ignore[attr-defined]


@dataclass
class Form:
    """A form as a reader's browser would submit it."""

    page: str
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    hx_target: str = ""

    @property
    def names(self) -> list[str]:
        return list(self.fields)


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urljoin(self.page, a.get("action") or self.page)
            method = (a.get("method") or "get").lower()
            target = (a.get("hx-target") or "").removeprefix("#")
            self.forms.append(Form(self.page, action, method, hx_target=target))
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag in ("input", "textarea", "select") and name:
            values = form.fields.setdefault(name, [])
            if tag == "input" and a.get("type") not in ("submit", "button") and "value" in a:
                values.append(a["value"])
            if tag == "select":
                self._select = name
        elif tag == "option" and self._select and a.get("value"):
            form.fields[self._select].append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def forms_in(page: str, html: str) -> list[Form]:
    parser = _FormParser(page)
    parser.feed(html)
    return parser.forms


def site_forms(client: Client, pages: list[str] | None = None) -> list[Form]:
    """Every distinct form (by action and method) on the public pages, same-site only."""
    seen: dict[tuple[str, str], Form] = {}
    for page in pages or public_pages():
        response = client.get(page)
        if response.status_code != 200 or not is_html(response):
            continue
        for form in forms_in(page, response.content.decode()):
            parts = urlsplit(form.action)
            if parts.netloc or not is_public(parts.path):
                continue
            form.action = parts.path
            known = seen.setdefault((form.action, form.method), form)
            known.hx_target = known.hx_target or form.hx_target
            for name, values in form.fields.items():
                known.fields.setdefault(name, [])
                known.fields[name].extend(v for v in values if v not in known.fields[name])
    return list(seen.values())


class _AssetParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and "stylesheet" in a.get("rel", "").split() and a.get("href"):
            self.assets.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"])


def page_assets(html: str) -> list[str]:
    parser = _AssetParser()
    parser.feed(html)
    return parser.assets


def static_file(url: str) -> Path:
    path = urlsplit(url).path
    if not path.startswith(settings.STATIC_URL):
        raise ValueError(f"{url} is not a local static file (no CDNs)")
    name = path[len(settings.STATIC_URL) :]
    found = finders.find(name)
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / name  # hashed names after collectstatic
    if collected.is_file():
        return collected
    raise FileNotFoundError(url)


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def first_visit_bytes(html: bytes) -> dict[str, int]:
    """Compressed bytes a first visit downloads: the HTML, its CSS and its JS."""
    sizes = {"html": gzipped_size(html)}
    for url in page_assets(html.decode()):
        sizes[url] = gzipped_size(static_file(url).read_bytes())
    return sizes


def chinese(text: str) -> bool:
    return bool(CJK.search(text))


class _ErrorParser(HTMLParser):
    """Text of the elements a reader sees as error messages."""

    CLASSES = {"error-message", "errorlist", "error-summary"}

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        if self._depth:
            self._depth += 1
        elif classes & self.CLASSES:
            self._depth = 1
            self.messages.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.messages[-1] += data


VOID = ("input", "br", "img", "meta", "link", "hr", "source", "area", "col", "wbr")
VOID_TAG = re.compile(r"<(?:" + "|".join(VOID) + r")\b[^>]*>", re.I)


def error_messages(html: str) -> list[str]:
    parser = _ErrorParser()
    # Void elements have no end tag; drop them so the depth count stays right.
    parser.feed(VOID_TAG.sub("", html))
    return [" ".join(m.split()) for m in parser.messages if m.strip()]


def fragment_requests(client: Client) -> list[tuple[str, dict[str, str]]]:
    """(URL, headers) of the htmx swaps: a form's hx-target, on the pages its action shows."""
    found = []
    pages_ = public_pages()
    for form in site_forms(client, pages_):
        if not form.hx_target:
            continue
        for url in pages_:
            if urlsplit(url).path == form.action and "?" in url:
                headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": form.hx_target}
                found.append((url, headers))
    return found


def api_requests() -> list[str]:
    """Each JSON endpoint with the query strings of the representative pages."""
    queries = sorted({urlsplit(url).query for url in public_pages() if "?" in url})
    return [f"{endpoint}?{query}" for endpoint in api_endpoints() for query in queries]
