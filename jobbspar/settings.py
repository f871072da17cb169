"""Settings, read from the environment.

The embedded default (no variables set) runs on SQLite and Celery's file-system broker in
`var/`, so a fresh clone needs nothing but Python. Production sets `DEBUG=false` and the
variables listed in `PRODUCTION_REQUIRED_ENV`; `manage.py check --deploy` then refuses a
missing secret.
"""

import os
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# What a production deployment must set (docker-compose.yml is tested against this list).
PRODUCTION_REQUIRED_ENV = ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL",
                           "EMAIL_URL", "DEFAULT_FROM_EMAIL", "SITE_URL")

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="" if not DEBUG else "dev-only-insecure-key-do-not-use")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    # Before accounts, whose admin takes their admin pages away (accounts/two_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "taxonomy",
    "employers",
    "providers",
    "participants",
    "tracks",
    "reports",
    "jobbspar",
]

MIDDLEWARE = [
    # First: the request id for every log line, and the count and time of every answer.
    "jobbspar.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jobbspar.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.MembershipMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",
    "accounts.middleware.ParticipantBoundaryMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "jobbspar.middleware.AtomicWritesMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jobbspar.urls"
WSGI_APPLICATION = "jobbspar.wsgi.application"
FORM_RENDERER = "lib.widgets.Renderer"  # Django's, with the common widgets in Python

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
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "accounts.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'jobbspar.sqlite3'}")}
# Writes run in one transaction per request, reads in autocommit: jobbspar.middleware.AtomicWritesMiddleware.
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("TEST", {})
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so a real Celery worker started by a test sees the same data; one file per
    # test run (named by its first process and handed on to xdist's workers through the environment),
    # so two runs side by side never delete each other's database.
    _test_db = str(VAR_DIR / f"test-jobbspar-{os.getpid()}.sqlite3")
    if "PYTEST_VERSION" in os.environ:
        _test_db = os.environ.setdefault("JOBBSPAR_TEST_SQLITE", _test_db)
    DATABASES["default"]["TEST"]["NAME"] = _test_db
    DATABASES["default"].setdefault("OPTIONS", {})
    # The embedded default holds a few dozen users at once: readers never wait for the writer (WAL),
    # every transaction takes the write lock when it begins (IMMEDIATE), so two of them never
    # deadlock upgrading a read lock, and a writer waits up to 20 s for another to finish rather
    # than failing with "database is locked".
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;")
else:
    # Choices in forms are read in one go, not through a server-side cursor (three round trips each).
    DATABASES["default"].update(CONN_MAX_AGE=env.int("CONN_MAX_AGE", default=60), CONN_HEALTH_CHECKS=True,
                                DISABLE_SERVER_SIDE_CURSORS=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# django-axes: 10 failures in a row lock the account for 15 minutes.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = 0.25  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"  # the login form keeps Django's field name; the value is the e-mail
AXES_USERNAME_CALLABLE = "accounts.forms.axes_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# Two-factor login (accounts/two_factor.py): the name authenticator apps show; the back-off after a
# wrong code doubles from one second per device.
OTP_TOTP_ISSUER = "Jobbspår"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Sessions are read from the cache (Redis in production) and written through to the database: a
# request costs no session query, and a web process keeps nothing of its own.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# A session ends after 30 minutes without a request and 12 hours after login (SessionLimitsMiddleware).
SESSION_COOKIE_AGE = 30 * 60
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the <body>'s hx-headers; no script reads the cookie

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English")), ("ar", _("Arabic"))]
# Staff pages speak Swedish or English; the participant's own pages also Arabic (jobbspar/portal/).
STAFF_LANGUAGES = ("sv", "en")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.str("STATIC_ROOT", default=str(VAR_DIR / "static"))
WHITENOISE_USE_FINDERS = DEBUG  # in development, serve straight from static/ without collectstatic
# In development (and tests), look files up when asked rather than scanning every static file each
# time a handler starts: a test client starts one per test.
WHITENOISE_AUTOREFRESH = DEBUG
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "media/"
# Generated reports: local files under MEDIA_ROOT by default; with REPORTS_STORAGE=s3, an S3-compatible
# object store (credentials from the usual AWS_* variables). Never served directly: the download
# view checks permission and streams the file.
REPORTS_STORAGE = env.str("REPORTS_STORAGE", default="local")
if REPORTS_STORAGE == "s3":
    _reports_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("REPORTS_S3_BUCKET"),
            "endpoint_url": env.str("REPORTS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("REPORTS_S3_REGION", default="") or None,
            "location": env.str("REPORTS_S3_PREFIX", default="reports"),
            "default_acl": "private",
            "file_overwrite": True,
            "querystring_auth": True,
        },
    }
else:
    _reports_storage = {
        "BACKEND": "reports.storage.AtomicFileSystemStorage",
        "OPTIONS": {"location": str(Path(MEDIA_ROOT) / "reports"), "allow_overwrite": True},
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "reports": _reports_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Only for benchmarks and load tests with DEBUG off: let an e-mail backend that sends nothing pass
# the production check (jobbspar/production.py). Never in production.
ALLOW_NO_EMAIL = env.bool("ALLOW_NO_EMAIL", default=False)
# The address links in e-mails point to.
# Text messages to participants (one-time codes): lib/sms.py; the console in development.
# Without a gateway in production, nobody is invited by text message (a code is never logged).
SMS_BACKEND = env.str("SMS_BACKEND", default="lib.sms.ConsoleBackend" if DEBUG else "")
# Where a participant logs in (their own pages, jobbspar/portal/); links in their e-mails point here.
PARTICIPANT_LOGIN_URL = "/mina-sidor/logga-in/"
PARTICIPANT_PATHS = ("/mina-sidor/", "/vocabulary/suggestions/", "/accounts/logout/", "/static/", "/healthz",
                     "/readyz", "/favicon.ico", "/tillganglighet/")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Jobbspår <noreply@jobbspar.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: the file-system broker needs nothing installed; production sets a Redis URL.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
# The test suite runs in parallel processes (pytest-xdist): each, and every Celery worker its tests
# start (they inherit the variable), gets a queue and broker folder of its own, so no worker takes
# a task meant for another test database.
_TEST_WORKER = env.str("PYTEST_XDIST_WORKER", default="")
if _TEST_WORKER:
    CELERY_TASK_DEFAULT_QUEUE = f"celery-{_TEST_WORKER}"
if CELERY_BROKER_URL.startswith("filesystem://"):
    _celery_dir = VAR_DIR / "celery" / _TEST_WORKER
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_dir / "broker"),
        "data_folder_out": str(_celery_dir / "broker"),
        "processed_folder": str(_celery_dir / "processed"),
        "control_folder": str(_celery_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
# The worker logs through LOGGING too (JSON in production, with the request id of who queued the task).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A stretch without any intervention longer than this many working days is a gap (glapp).
GAP_MAX_WORKING_DAYS = env.int("GAP_MAX_WORKING_DAYS", default=5)
# The start pages' key figures are computed at most this often per scope (reports always afresh).
KPI_CACHE_SECONDS = env.int("KPI_CACHE_SECONDS", default=300)

# The REST API (jobbspar/api/): token clients, each with its own rate (API_RATE, e.g. "120/min").
from .api.conf import REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: E402, F401
# Imports from spreadsheets (lib/imports.py): the largest file accepted and the most rows in it.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=5000)
HEARTBEAT_INTERVAL_SECONDS = env.float("HEARTBEAT_INTERVAL_SECONDS", default=60.0)
# Reports: a report whose worker has not said anything for REPORT_STALE_SECONDS is queued again
# (a killed worker), at most 3 attempts. How long files are kept is a retention rule (in the database).
# The monthly review of the access log flags a user who, in one month, read this many people
# outside their own tracks and nominations, showed this many personal identity numbers, exported
# this many people, or read personal data this many times outside office hours.
LOG_REVIEW_THRESHOLDS = {"outside_own_work": 20, "reveals": 20, "exported_people": 500, "off_hours": 20}
REPORT_STALE_SECONDS = env.int("REPORT_STALE_SECONDS", default=600)
# Limits on work one user (first) or one organisation (second) can ask for: (tries, seconds).
# A person reads and acts at human pace; a script that asks hundreds of times is stopped (429).
HOUR = 3600
THROTTLES = {
    "report": [(20, HOUR), (200, HOUR)],  # report requests, per user and per organisation
    "export": [(30, HOUR), (300, HOUR)],  # list exports
    "personnummer": [(30, HOUR), (300, HOUR)],  # looking a personal identity number up
    "reset_email": [(3, HOUR), (30, HOUR)],  # password-reset e-mails, per address and per client address
    "accessibility_report": [(5, HOUR)],  # reports of accessibility problems, per client address
    # One-time codes to participants: per person, per address typed, per client address.
    "participant_code_login": [(5, HOUR), (5, HOUR), (30, HOUR)],
    "participant_code_extract": [(3, HOUR), (3, HOUR), (30, HOUR)],  # codes before a register extract
    "participant_code_tries": [(20, 24 * HOUR)],  # codes typed, per person and day (five per code)
    "change_request": [(5, HOUR)],  # a participant's requests to correct their data, per person
}
REPORT_SWEEP_INTERVAL_SECONDS = env.float("REPORT_SWEEP_INTERVAL_SECONDS", default=300.0)
from celery.schedules import crontab  # noqa: E402 (settings read the environment first)

CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "jobbspar.tasks.heartbeat", "schedule": HEARTBEAT_INTERVAL_SECONDS},
    "reminders": {"task": "tracks.tasks.run_reminders", "schedule": crontab(hour=6, minute=30)},
    "shortlists": {"task": "tracks.tasks.check_shortlists", "schedule": crontab(minute=5)},
    "digests": {"task": "tracks.tasks.send_digests", "schedule": crontab(hour=7, minute=0)},
    "report-sweep": {"task": "reports.tasks.requeue_stale_reports", "schedule": REPORT_SWEEP_INTERVAL_SECONDS},
    # Gallring: the retention rules, every night.
    "retention": {"task": "jobbspar.tasks.apply_retention", "schedule": crontab(hour=2, minute=30)},
    # Runs every morning; acts only on the first working day of the month.
    "monthly-followups": {"task": "reports.tasks.monthly_followups", "schedule": crontab(hour=6, minute=0)},
}

# Content Security Policy (django-csp 4): no inline script, no third-party origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The probes and Prometheus ask over plain HTTP at the pod's address (deploy/): no redirect for them.
SECURE_REDIRECT_EXEMPT = [r"^(healthz|readyz|metrics)$"]
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# Logs: one JSON object a line with LOG_FORMAT=json (production), readable text otherwise; each
# line with its request id, and no personal data (lib/logs.py takes it out of every message).
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "lib.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "lib.logs.JsonFormatter"}, "text": {"()": "lib.logs.TextFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": "json" if LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# /metrics (jobbspar/observability.py) answers these addresses only, and never through a proxy.
METRICS_ALLOWED_CIDRS = env.list("METRICS_ALLOWED_CIDRS", default=["127.0.0.1/32", "::1/128"])
# Error reports to a Sentry-compatible service, only when SENTRY_DSN is set; never personal data.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from lib.logs import init_error_reporting  # noqa: E402

    init_error_reporting(SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", default=""),
                         release=env.str("SENTRY_RELEASE", default=""))

# django-axes warns that locking by user name alone lets an attacker rotate addresses. We lock the
# account on purpose: offices share one address behind NAT, and locking it would lock out colleagues.
# SQLite cannot enforce a unique constraint that treats NULLs as equal (memberships); PostgreSQL,
# the production database, does.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W047"]
