"""
Settings shared by every PM1 environment.

Every environment variable PM1 reads is declared once, with its type and default, in ``env`` below; the
README's configuration reference lists the same names. Secrets have no default here: ``dev`` and ``test``
supply throwaway values, ``production`` refuses to start without real ones.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    DATABASE_URL=(str, f"sqlite:///{VAR_DIR / 'pm1.sqlite3'}"),
    DATABASE_CONN_MAX_AGE=(int, 60),
    ELASTICSEARCH_URL=(str, ""),
    ELASTICSEARCH_INDEX=(str, "pm1"),
    ELASTICSEARCH_ANALYZER=(str, "pm1"),
    EMAIL_URL=(str, "consolemail://"),
    DEFAULT_FROM_EMAIL=(str, "PM1 <no-reply@pm1.localhost>"),
    MEDIA_ROOT=(str, str(VAR_DIR / "media")),
    MEDIA_URL=(str, "/media/"),
    STATIC_ROOT=(str, str(VAR_DIR / "static")),
    MEDIA_STORAGE_BACKEND=(str, "security.storage.UnguessableFileSystemStorage"),
    WAGTAILADMIN_BASE_URL=(str, "http://127.0.0.1:8000"),
    # Django keeps 300 entries in a database cache unless told: a few pages only.
    CACHE_URL=(str, "dbcache://pm1_cache?max_entries=20000"),
    PUBLIC_PAGE_CACHE=(bool, True),
    LOG_LEVEL=(str, "INFO"),
    API_KEY_RATE=(str, "600/min"),
    API_ANON_RATE=(str, "120/min"),
    NUM_PROXIES=(int, 0),
    TASKS_BACKEND=(str, "immediate"),
    SESSION_IDLE_MINUTES=(int, 30),
    LOGIN_FAILURE_LIMIT=(int, 5),
    LOGIN_LOCKOUT_MINUTES=(int, 60),
    CITIZEN_FOLLOW_RATE=(str, "10/hour"),
    CITIZEN_QUESTION_RATE=(str, "5/hour"),
    COMPLAINANT_DATA_RETENTION_DAYS=(int, 1825),
    BACKUP_KEY=(str, ""),
    ERASURE_LEDGER=(str, ""),
    LINE_CHANNEL_ACCESS_TOKEN=(str, ""),
    LINE_CHANNEL_SECRET=(str, ""),
    LINE_API_URL=(str, "https://api.line.me"),
    NOTIFY_DEADLINE_DAYS=(list, ["7", "3", "1"]),
    NOTIFY_OVERDUE_PMO_AFTER_DAYS=(int, 7),
    NOTIFY_OVERDUE_REPEAT_DAYS=(int, 7),
    NOTIFY_CLAIM_SECONDS=(int, 300),
)

SECRET_KEY = env.str("SECRET_KEY", default=None)
DEBUG = env("DEBUG")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "agencies",
    "home",
    "directives",
    "policies",
    "updates",
    "complaints",
    "foreign",
    "search",
    "api",
    "imports",
    "website",
    "reports",
    "security",
    "citizens",
    # Before wagtail.admin: its receivers replace Wagtail's moderation e-mails for progress updates.
    "notifications",
    # After every app whose pages and data it loads.
    "demo",
    "wagtail_localize",
    "wagtail_localize.locales",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "security.middleware.PermissionsPolicyMiddleware",
    "security.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers' pages from the cache, before sessions, auth and the rest (website.cache).
    "website.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "security.middleware.AdminAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: it turns a refused login of a locked-out account into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {"default": env.db_url("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env("DATABASE_CONN_MAX_AGE")
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the site read while the demo loader or an import writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every process (the web workers, the task worker, cron, imports, a shell): by
# default a table of the database, made by `migrate`; Redis (`rediscache://`) across machines. The
# public pages and the API's and forms' rate limits live in it.
CACHES = {"default": env.cache_url("CACHE_URL")}
# Anonymous readers' pages are served from that cache, invalidated on publication (website.cache).
PUBLIC_PAGE_CACHE = env("PUBLIC_PAGE_CACHE")

# django-axes counts failed logins first; PM1's backend refuses API key accounts (security.backends).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "security.backends.StaffModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A session ends after this long without a request: every request pushes the expiry forward.
SESSION_COOKIE_AGE = env("SESSION_IDLE_MINUTES") * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Lock-out (django-axes): after this many failed logins from one address the account is locked there for a
# while, or until a PMO administrator unlocks it (Settings → Account security). A successful login starts
# the count again. By account and address together, so that staff behind one office NAT do not lock each
# other out.
AXES_FAILURE_LIMIT = env("LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=env("LOGIN_LOCKOUT_MINUTES"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "security.views.locked_out"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "security.network.client_address"

# Headers sent everywhere; production adds HTTPS-only cookies and HSTS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail relaxes this to SAMEORIGIN on its preview views, the only pages shown in a frame.
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
# The public site and the API: nothing inline but what carries the request's nonce. The Wagtail admin
# needs inline scripts and styles and frames its own previews: security.middleware gives /admin/ its
# own policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Languages: Thai first. The same pair serves the public site and the admin.
LANGUAGE_CODE = "th"
LANGUAGES = [
    ("th", _("Thai")),
    ("en", _("English")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
STATIC_ROOT = env("STATIC_ROOT")
STATIC_URL = "/static/"
MEDIA_ROOT = env("MEDIA_ROOT")
MEDIA_URL = env("MEDIA_URL")
STORAGES = {
    "default": {"BACKEND": env("MEDIA_STORAGE_BACKEND")},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: django-tasks. Immediate (in the request) by default, so the embedded site needs
# no worker; TASKS_BACKEND=database queues the work in the database for `manage.py db_worker`
# (search indexing, updates sent with `Prefer: respond-async`), as production should.
TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if env("TASKS_BACKEND") not in TASKS_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(TASKS_BACKENDS)}.")
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[env("TASKS_BACKEND")]}}

# Notifications (notifications/): LINE's Messaging API channel (no token: no LINE messages), reminders
# before deadlines (days), overdue escalation (to the agency's approvers from the day after the deadline,
# to the PMO from NOTIFY_OVERDUE_PMO_AFTER_DAYS, each again every NOTIFY_OVERDUE_REPEAT_DAYS), and how
# temporary failures are retried: after these delays (seconds), or the server's Retry-After up to a cap.
LINE_CHANNEL_ACCESS_TOKEN = env("LINE_CHANNEL_ACCESS_TOKEN")
LINE_CHANNEL_SECRET = env("LINE_CHANNEL_SECRET")
LINE_API_URL = env("LINE_API_URL")
NOTIFY_DEADLINE_DAYS = sorted({int(days) for days in env("NOTIFY_DEADLINE_DAYS")}, reverse=True)
NOTIFY_OVERDUE_PMO_AFTER_DAYS = env("NOTIFY_OVERDUE_PMO_AFTER_DAYS")
NOTIFY_OVERDUE_REPEAT_DAYS = max(1, env("NOTIFY_OVERDUE_REPEAT_DAYS"))
NOTIFY_RETRY_DELAYS = [10, 60, 300, 1800, 7200]
NOTIFY_RETRY_AFTER_MAX_SECONDS = 3600
NOTIFY_LINE_TIMEOUT_SECONDS = 10
# A delivery claimed this long ago by a worker that never finished it is sent again.
NOTIFY_CLAIM_SECONDS = env("NOTIFY_CLAIM_SECONDS")
NOTIFY_BATCH_SIZE = 200
# Messages of a batch sent at once by each worker: sending is mostly waiting for the mail and LINE servers.
NOTIFY_SEND_THREADS = 8

# Wagtail
WAGTAIL_SITE_NAME = "PM1"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL")
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip", "jpg", "png"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Every document uploaded in the admin is checked by content, as the API's evidence is
# (security/documents.py); Wagtail decodes every image itself and accepts no SVG. Documents are always
# served through Wagtail's view, where PM1 decides who may have them (security/documents.py) and
# Wagtail adds Content-Disposition, nosniff and a CSP.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "security.forms.CheckedDocumentForm"
# Images are decoded by Wagtail; a web page or an SVG sent as one gets PM1's reason (security/forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "security.forms.CheckedImageForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# No calls from the admin to outside services: no avatars from Gravatar, no version check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Both backends segment Thai (core/text.py). With Elasticsearch configured, the database index is
# kept too: public search falls back to it when the engine cannot be reached.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "search.backends.database"},
}
# PM1's Thai segmentation ("pm1"), or Elasticsearch's own thai analyzer ("thai"): README, "Search".
ELASTICSEARCH_BACKENDS = {"pm1": "search.backends.elasticsearch", "thai": "search.backends.elasticsearch_thai"}
if env("ELASTICSEARCH_ANALYZER") not in ELASTICSEARCH_BACKENDS:
    raise ImproperlyConfigured(f"ELASTICSEARCH_ANALYZER must be one of {sorted(ELASTICSEARCH_BACKENDS)}.")
if env("ELASTICSEARCH_URL"):
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": ELASTICSEARCH_BACKENDS[env("ELASTICSEARCH_ANALYZER")],
            "URLS": [env("ELASTICSEARCH_URL")],
            "INDEX_PREFIX": f"{env('ELASTICSEARCH_INDEX')}_",
            "TIMEOUT": 5,
            "ATOMIC_REBUILD": True,
        },
        "database": {"BACKEND": "search.backends.database"},
    }

# Proxies in front of PM1 that append the client's address to X-Forwarded-For: anonymous API limits,
# lock-outs and the audit log count the address the outermost proxy saw (security.network).
NUM_PROXIES = env("NUM_PROXIES")

# Citizens' follow requests and questions per client address (citizens.limits).
CITIZEN_FOLLOW_RATE = env("CITIZEN_FOLLOW_RATE")
CITIZEN_QUESTION_RATE = env("CITIZEN_QUESTION_RATE")

REST_FRAMEWORK = {
    # Agency systems use API keys (api/); staff may use their admin session.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Times answered in UTC with Z (api.renderers).
    "DEFAULT_RENDERER_CLASSES": ["api.renderers.UTCJSONRenderer", "rest_framework.renderers.BrowsableAPIRenderer"],
    # JSON bodies too deep, not UTF-8 or not finite are refused as 400s (api.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.CheckedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiKeyRateThrottle", "api.throttling.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_key": env("API_KEY_RATE"), "anon": env("API_ANON_RATE")},
    "NUM_PROXIES": NUM_PROXIES,
    "EXCEPTION_HANDLER": "api.errors.problem_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

# The OpenAPI 3 schema (/api/v1/schema/) and its interactive docs (/api/v1/docs/), assets served by PM1.
SPECTACULAR_SETTINGS = {
    "TITLE": "PM1 API",
    "DESCRIPTION": "Agencies report progress on the Prime Minister's directives and the government's policies; "
    "anyone searches what is published. Authenticate with 'Authorization: Bearer <API key>'.",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["api.schema.only_api_v1"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The Elasticsearch client logs every request at INFO; failures still come through.
        "elastic_transport": {"level": "WARNING"},
    },
}

# PDPA: a complainant's personal data is erased this many days after the complaint closed
# (``manage.py erase_complainant_data``, run daily); the anonymised case stays.
COMPLAINANT_DATA_RETENTION_DAYS = env("COMPLAINANT_DATA_RETENTION_DAYS")

# Backups (security/backup.py, README "Backups"): the archive is encrypted with BACKUP_KEY (32 random
# bytes in URL-safe base64, `manage.py backup_key`); production refuses `backup --unencrypted`.
BACKUP_KEY = env("BACKUP_KEY")
BACKUP_UNENCRYPTED_ALLOWED = True
# Every erasure of personal data, one line each, applied again after a restore. Outside the database
# and out of the restore's reach: beside MEDIA_ROOT by default, never inside it.
ERASURE_LEDGER = env("ERASURE_LEDGER") or str(Path(MEDIA_ROOT).parent / "erasures.jsonl")
if Path(ERASURE_LEDGER).resolve().is_relative_to(Path(MEDIA_ROOT).resolve()):
    raise ImproperlyConfigured("ERASURE_LEDGER must be outside MEDIA_ROOT, which a restore writes into.")
