"""Loaded by pytest before Django (``-p tests.testenv`` in pyproject.toml).

Tests run the production settings module with the few values a test run needs:
plain HTTP on the test server and a throwaway secret key.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
os.environ.setdefault("DJANGO_HSTS_SECONDS", "0")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "false")
# The test client's default host; production allows only the hosts it is given.
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
