"""
Production: every secret and host comes from the environment, and the process refuses to start
without them.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, MEDIA_ROOT, PUBLIC_PAGE_CACHE, env

DEBUG = False

for required in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"):
    if not env.str(required, default=""):
        raise ImproperlyConfigured(f"The {required} environment variable is required in production.")

SECRET_KEY = env.str("SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters of real randomness.")

# Uploads live outside the code tree, so that a deployment never serves, ships or overwrites them.
if Path(MEDIA_ROOT).resolve().is_relative_to(BASE_DIR):
    raise ImproperlyConfigured(f"MEDIA_ROOT must be outside the code tree ({BASE_DIR}), e.g. /var/lib/pm1/media.")

# Backups hold personal data: never written in the clear here.
BACKUP_UNENCRYPTED_ALLOWED = False

# A cache of each process's own would keep serving a page that another process (the other worker,
# the task worker, cron, an import) published or withdrew.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
if PUBLIC_PAGE_CACHE and CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
    raise ImproperlyConfigured(
        f"CACHE_URL names a cache of each process's own ({CACHES['default']['BACKEND']}): publishing in one "
        "process would leave the public pages of the others stale. Use the database's (dbcache://pm1_cache, "
        "the default) or Redis (rediscache://host:6379/0), or set PUBLIC_PAGE_CACHE=False."
    )

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# HTTPS-only cookies; the headers sent over HTTP too (nosniff, Referrer-Policy, frames, CSP,
# Permissions-Policy) are in base.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
