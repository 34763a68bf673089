"""The test suite: fast and isolated. ``DATABASE_URL`` picks SQLite (default) or PostgreSQL."""

import tempfile

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret-pm1"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rolled-back test data would linger in cached pages: tests/site/test_cache.py and
# tests/website/test_cache_*.py turn it on for themselves.
PUBLIC_PAGE_CACHE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="pm1-test-media-")
ERASURE_LEDGER = f"{tempfile.mkdtemp(prefix='pm1-test-ledger-')}/erasures.jsonl"
STATIC_ROOT = tempfile.mkdtemp(prefix="pm1-test-static-")
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
LOGGING["root"]["level"] = env.str("LOG_LEVEL", default="WARNING")  # noqa: F405
# Every test client comes from 127.0.0.1: the anonymous limit is exercised by its own test, at its
# own rate (tests/api/test_open_data.py).
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"] = "1000000/min"  # noqa: F405
# A kind of tracked item that exists only in the tests, registered from its own app (tests/core/test_kinds.py).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testkind"]  # noqa: F405
