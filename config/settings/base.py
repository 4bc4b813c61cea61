"""Settings shared by every environment; values come from the environment only."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_choice, env_fernet_keys, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("TIEPDAN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The admin signs in through the staff login, with its second factor and lockout.
    "accounts.apps.AccountsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_ratelimit",
    "cases",
    "api.apps.ApiConfig",
    "viewflow.workflow",
    "workflows",
    "search.apps.SearchConfig",
    "staff",
    "portal",
    "accounts",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "reports",
    "imports",
    "open311",
    "ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages compressed (the inbox is 60 KB of HTML); Django pads against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.AccountsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last: turns a lockout noticed during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_from_env(default_url: str) -> dict:
    """Return the default database from DATABASE_URL, or from the given default."""
    url = env_str("DATABASE_URL") or default_url
    database = dj_database_url.parse(
        url,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        # A kept connection the server has since closed (a restart, pg_terminate_backend) is
        # replaced before a request uses it, instead of failing that request.
        conn_health_checks=True,
    )
    if database["ENGINE"] == "django.db.backends.postgresql":
        # Lets the hot public lookup run as a prepared statement (Django's own queries bind
        # client-side and are never prepared). Off behind a pooler that cannot keep them.
        prepared = env_bool("DATABASE_PREPARED_STATEMENTS", True)
        database.setdefault("OPTIONS", {})["prepare_threshold"] = 5 if prepared else None
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # Writers take the lock when their transaction begins and wait their turn for it, so
        # two people acting on one case get 200 and 409, never "database is locked".
        database.setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
    return database


DATABASES = {"default": database_from_env(f"sqlite:///{VAR_DIR / 'tiepdan.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "cases.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before any password is checked.
    "accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.validators.TranslatedMinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts: lockout, second factor, sessions, content security policy.
# django-axes locks a username at one address after AXES_FAILURE_LIMIT failures, for
# AXES_COOLOFF_MINUTES; the database handler shares the count between app servers.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"
AXES_VERBOSE = False
# The client's address as the rate limits and the audit trail read it (NUM_PROXIES).
AXES_CLIENT_IP_CALLABLE = "common.client.client_address"
# Roles that must sign in with a TOTP code; their members are sent to enrol first.
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES")
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "tiepdan")
# A staff session ends at browser close, SESSION_MAX_AGE_HOURS after login, or after
# SESSION_IDLE_MINUTES without a request (0: no idle limit).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env_int("SESSION_MAX_AGE_HOURS", 8) * 3600
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 60) * 60
# Every page works without inline script or style; the API docs are served the same way.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# guardian's anonymous user is not needed: the public has no object permissions.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Never routed in urls.py: attachments are served only by the permission-checked staff view.
MEDIA_URL = "media/"
# Uploaded files live outside any directory a web server publishes.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# Attachments (cases/uploads.py): photos and PDF documents, checked by content.
ATTACHMENT_MAX_FILES = env_int("ATTACHMENT_MAX_FILES", 10)
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
ATTACHMENT_MAX_TOTAL_BYTES = env_int("ATTACHMENT_MAX_TOTAL_BYTES", 50 * 1024 * 1024)
PORTAL_ATTACHMENT_MAX_FILES = env_int("PORTAL_ATTACHMENT_MAX_FILES", 3)
# Form fields other than files: the longest form (the desk's) stays well under 1 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Files above this go to a temporary file instead of memory while a request is read.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Far more files than any form takes: Django answers 400 before a form sees them.
DATA_UPLOAD_MAX_NUMBER_FILES = 2 * ATTACHMENT_MAX_FILES

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "tiepdan"),
            # A Redis that is down or hung answers within a second, so a request waits no
            # longer than that before the rate limiter refuses it (docs/operations.md).
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Reverse proxies in front of the application: the client's address is the one the last of
# them saw (X-Forwarded-For). Read by common.client for the rate limits, the lockout and audit.
NUM_PROXIES = env_int("NUM_PROXIES", 0)
# Rate limits (django-ratelimit) count in this cache; keys are hashed client addresses.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "common.client.client_address"
if not REDIS_URL:
    # The in-process cache counts per process: enough for one development server only;
    # a deployment with several workers sets REDIS_URL.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.UnitTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only, even to a browser: the API never answers an HTML page (docs/api.md#errors).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "tracking": env_str("TRACKING_RATE", "30/min"),
        "login": env_str("LOGIN_RATE", "10/min"),
    },
    "NUM_PROXIES": NUM_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "tiepdan API",
    "DESCRIPTION": "Citizen petitions: complaints, denunciations, recommendations and feedback.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI is served from our own static files: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CaseKindEnum": "cases.models.choices.Kind",
        "UnitKindEnum": "cases.models.organisation.Unit.Kind",
        # One choice set under two field names (the case's and its transition body's).
        "ArchiveReasonEnum": "cases.models.choices.ArchiveReason",
        "ResponseMethodEnum": "cases.models.choices.ResponseMethod",
        "ComplexityEnum": "cases.models.choices.Complexity",
    },
    "LICENSE": {"name": "AGPL-3.0-or-later"},
    # Request components of their own, so that a required text says its minimum length.
    "COMPONENT_SPLIT_REQUEST": True,
    # Error statuses, nullable fields and the links between operations (docs/api.md#errors).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.complete",
    ],
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "tiepdan@localhost")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server that does not answer fails the delivery, which the mail outbox retries.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)

# Staff pages sign in with Django's own views; citizens never log in.
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "staff:login"

# The unit that receives petitions sent on the citizens' portal, by its code.
PORTAL_UNIT = env_str("PORTAL_UNIT", "ban-tiep-cong-dan")
# The portal's public address for the link and QR code on receipts, e.g.
# https://tiepdan.example.vn; empty: the address the staff page was served from.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "")
# Per client: status lookups, and petitions submitted, on the portal's pages.
PORTAL_LOOKUP_RATE = env_str("PORTAL_LOOKUP_RATE", "30/min")
PORTAL_SUBMIT_RATE = env_str("PORTAL_SUBMIT_RATE", "10/hour")
# Open311 GeoReport v2 at /open311/v2/ (docs/open311.md). Apps' requests are received by this
# unit, like the portal's; a request naming no commune goes to the nearest commune centre
# within OPEN311_NEAREST_COMMUNE_KM.
OPEN311_UNIT = env_str("OPEN311_UNIT", PORTAL_UNIT)
OPEN311_NEAREST_COMMUNE_KM = env_int("OPEN311_NEAREST_COMMUNE_KM", 30)
OPEN311_ATTACHMENT_MAX_FILES = env_int("OPEN311_ATTACHMENT_MAX_FILES", 3)
# Service discovery: when the services last changed, whom to ask, how to get a key, and
# whether requests here are acted upon ("production") or not ("test").
OPEN311_CHANGESET = env_str("OPEN311_CHANGESET", "2026-01-01T00:00:00+07:00")
OPEN311_CONTACT = env_str("OPEN311_CONTACT")
OPEN311_KEY_SERVICE = env_str("OPEN311_KEY_SERVICE")
OPEN311_ENDPOINT_TYPE = env_choice("OPEN311_ENDPOINT_TYPE", "production", ("production", "test"))
# Set when one endpoint is shared: a request naming another jurisdiction_id is refused.
OPEN311_JURISDICTION_ID = env_str("OPEN311_JURISDICTION_ID")
# Per client address: requests without a key (reads); each key has its own rate in the admin.
OPEN311_RATE = env_str("OPEN311_RATE", "60/min")
# Answer a POST at once with a token and let a worker register the petition.
OPEN311_QUEUE_REQUESTS = env_bool("OPEN311_QUEUE_REQUESTS", False)
# A TrueType font with Vietnamese letters for the PDFs (Debian's fonts-dejavu-core).
PDF_FONT_DIR = env_str("PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu")

# Keys that encrypt denouncers' identities (Fernet, comma-separated): the first encrypts, all
# decrypt, so a new key goes first and `manage.py identity_rotate_key` re-encrypts.
IDENTITY_ENCRYPTION_KEYS = env_fernet_keys("IDENTITY_ENCRYPTION_KEYS")

# Working days before a due date from which a case counts as due soon
# (docs/time-limits.md#overdue-and-due-soon).
DUE_SOON_WORKING_DAYS = env_int("DUE_SOON_WORKING_DAYS", 3)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # The Elasticsearch client logs every request at INFO.
    "loggers": {"elastic_transport": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Background jobs: Celery over Redis when REDIS_URL is set; without it, work runs in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# Queued messages only wake a worker early: the work itself waits in outboxes in the database
# (search updates, mail, flows), which beat sweeps. So a message that cannot be sent while
# Redis is down is dropped at once instead of holding the request up with retries.
CELERY_TASK_PUBLISH_RETRY = False
# Connecting to send one gives up at once too (kombu would retry for its connect timeout).
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# How often beat sweeps the outboxes for work whose wake-up was lost (a worker killed, Redis down).
OUTBOX_SWEEP_SECONDS = env_int("OUTBOX_SWEEP_SECONDS", 30)
CELERY_BEAT_SCHEDULE: dict = {
    # The daily digest of due-soon and overdue cases, before the working day starts.
    "send-reminders": {
        "task": "workflows.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Search updates that failed wait in the outbox; this retries them after their backoff.
    "search-outbox": {"task": "search.tasks.deliver_outbox", "schedule": OUTBOX_SWEEP_SECONDS},
    # Queued Open311 requests whose message was lost are registered here.
    "open311-pending": {"task": "open311.tasks.register_pending", "schedule": 60.0},
    # Mail that was not sent, and flows that missed their catch-up after the commit.
    "mail-outbox": {"task": "workflows.tasks.deliver_mail", "schedule": OUTBOX_SWEEP_SECONDS},
    "flow-backlog": {"task": "workflows.tasks.sync_flow_backlog", "schedule": OUTBOX_SWEEP_SECONDS},
}

# Search: the database (PostgreSQL tsvector + pg_trgm, or SQLite FTS5) unless Elasticsearch is set.
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX = env_str("ELASTICSEARCH_INDEX", "tiepdan-cases")
SEARCH_BACKEND = env_str(
    "SEARCH_BACKEND",
    "search.backends.elasticsearch.ElasticsearchBackend"
    if ELASTICSEARCH_URL
    else "search.backends.database.DatabaseBackend",
)
# The database backend can index a change in its own transaction (the embedded default); with
# background workers, changes are queued in the outbox like for Elasticsearch and intake
# pays one INSERT.
SEARCH_QUEUE_UPDATES = env_bool("SEARCH_QUEUE_UPDATES", bool(CELERY_BROKER_URL))
# On PostgreSQL, the parallel workers one search may take beside its own backend to read the
# matches' rows (docs/search.md#the-statement): one per core of the database server left over
# from the backend; 0 reads them in the backend alone.
SEARCH_PARALLEL_WORKERS = env_int("SEARCH_PARALLEL_WORKERS", 1)
