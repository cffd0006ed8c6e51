"""Django settings, read from the environment (see .env.example for every variable).

Two profiles share this file: ``embedded`` (default: SQLite under var/, one worker, mail to
the console) and ``production`` (PostgreSQL via DATABASE_URL, SMTP, strict security).
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from waspada.lib.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("WASPADA_VAR_DIR", str(BASE_DIR / "var")))

PROFILE = envstr("WASPADA_PROFILE", "embedded")
if PROFILE not in ("embedded", "production"):
    raise ImproperlyConfigured(f"WASPADA_PROFILE must be embedded or production, not {PROFILE!r}")
PRODUCTION = PROFILE == "production"

# Off unless asked for (DEBUG=true, or `python -m waspada up --dev`): Django's debug pages show
# tracebacks, paths and request data to whoever gets an error, in any profile.
DEBUG = envbool("DEBUG", False)
SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY is required in the production profile")
    SECRET_KEY = "embedded-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

# The regency this deployment serves (Kemendagri code), e.g. 64.02 = Kutai Kartanegara.
WASPADA_REGENCY = envstr("WASPADA_REGENCY", "64.02")
# Optional raster base map for Leaflet, e.g. a self-hosted tile server. Empty: polygons only.
WASPADA_TILE_URL = envstr("WASPADA_TILE_URL")
WASPADA_TILE_ATTRIBUTION = envstr("WASPADA_TILE_ATTRIBUTION")
# Two-factor authentication is required for admin and analyst roles unless switched off.
WASPADA_REQUIRE_2FA = envbool("WASPADA_REQUIRE_2FA", True)
WASPADA_LOCKOUT_ATTEMPTS = envint("WASPADA_LOCKOUT_ATTEMPTS", 5)
WASPADA_LOCKOUT_MINUTES = envint("WASPADA_LOCKOUT_MINUTES", 15)
# Key for fields encrypted at rest (reporter identities, contacts). Fernet keys, comma-separated,
# newest first; older keys still decrypt. Derived from SECRET_KEY when unset (embedded only).
WASPADA_FIELD_KEYS = envlist("WASPADA_FIELD_KEYS")
if PRODUCTION and not WASPADA_FIELD_KEYS:
    raise ImproperlyConfigured("WASPADA_FIELD_KEYS is required in the production profile")
# Outbound HTTP (waspada.lib.http) refuses private and loopback addresses unless this is set.
WASPADA_HTTP_ALLOW_PRIVATE = envbool("WASPADA_HTTP_ALLOW_PRIVATE", False)
# Seconds after which a silent worker is reported as down on the status page and the tasks it
# was running are handed to another worker (docs/operations.md). A worker beats every
# WASPADA_WORKER_HEARTBEAT_SECONDS, also while a task runs.
WASPADA_WORKER_STALE_SECONDS = envint("WASPADA_WORKER_STALE_SECONDS", 30)
WASPADA_WORKER_HEARTBEAT_SECONDS = envint("WASPADA_WORKER_HEARTBEAT_SECONDS", 5)
# Attempts a task gets (a worker that died, the database away) before it is failed for good.
WASPADA_TASK_MAX_ATTEMPTS = envint("WASPADA_TASK_MAX_ATTEMPTS", 5)
# Event exports up to this many rows stream from the request; larger ones are written by a
# worker and offered as a download link (waspada/events/tasks.py).
WASPADA_EXPORT_DIRECT_ROWS = envint("WASPADA_EXPORT_DIRECT_ROWS", 100_000)
WASPADA_EXPORT_DIRECT_XLSX_ROWS = envint("WASPADA_EXPORT_DIRECT_XLSX_ROWS", 10_000)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "waspada.ops",
    "waspada.areas",
    "waspada.accounts",
    "waspada.dashboard",
    "waspada.events",
    "rest_framework",
    "drf_spectacular",
    "waspada.api",
    "waspada.intake",
    "waspada.media",
    "waspada.risk",
    "waspada.alerts",
    "waspada.bulletins",
    "waspada.community",
    "waspada.cases",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "waspada.web.guard.RequestGuardMiddleware",
    "waspada.web.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "waspada.lib.compress.GZipDataMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "waspada.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "waspada.urls"
WSGI_APPLICATION = "waspada.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "waspada.dashboard.context.site",
            ],
        },
    },
]

# Database: SQLite (WAL) under var/ by default; DATABASE_URL for PostgreSQL.
DATABASE_URL = envstr("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
elif PRODUCTION:
    raise ImproperlyConfigured("DATABASE_URL is required in the production profile")
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            # Django's SQLite backend with writers queued (waspada/lib/sqlite/writers.py).
            "ENGINE": "waspada.lib.sqlite",
            "NAME": VAR_DIR / "waspada.sqlite3",
            # Keep each server thread's connection: opening one (and its PRAGMAs) per request
            # costs more than the request itself (bench/intake.py).
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work: Django's task framework (backport) on the database backend.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["waspada.accounts.backends.UserBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"
OTP_TOTP_ISSUER = "Waspada"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = envstr("TIME_ZONE", "Asia/Makassar")  # WITA: East Kalimantan
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Collected static files (the container image keeps them outside its data volume).
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(VAR_DIR / "static")))
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on a missing folder
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Both profiles serve gzip copies written by collectstatic; production also hashes
        # the names (cached for a year). The embedded profile keeps plain names, so that a
        # page works before collectstatic has run (tests, a fresh checkout).
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}

# Mail: console in the embedded profile, SMTP in production.
EMAIL_HOST = envstr("EMAIL_HOST")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "waspada@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# Shared by every web process (serve runs one per core): rate limits count across them.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": envstr("WASPADA_CACHE_DIR", str(VAR_DIR / "cache")),
    }
}
REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }

# Requests: the largest body accepted (checked from Content-Length, before reading), and the
# largest form fields without their files (Django's limit, at most the same).
WASPADA_MAX_REQUEST_BYTES = envint("WASPADA_MAX_REQUEST_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = min(
    envint("WASPADA_MAX_FORM_BYTES", 2_621_440), WASPADA_MAX_REQUEST_BYTES
)

SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 60 * 60 * 12)
# Sessions in the database, read through the cache (a private folder, or Redis): one query
# fewer on every page.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The inner batch worker announces every loop; task state lines stay visible.
        "django_tasks_db": {"level": "WARNING"},
    },
}

# Intake channels ----------------------------------------------------------------------------
# (docs/intake.md). A channel whose credentials are empty is disabled: its webhook answers 404.
WASPADA_INTAKE_MAX_TEXT_CHARS = envint("WASPADA_INTAKE_MAX_TEXT_CHARS", 10000)
WASPADA_INTAKE_MAX_ATTACHMENT_BYTES = envint(
    "WASPADA_INTAKE_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024
)
WASPADA_INTAKE_MAX_ATTACHMENTS = envint("WASPADA_INTAKE_MAX_ATTACHMENTS", 5)
# Classification of reports that arrive from outside (public form, SMS, bots, e-mail, ODK).
WASPADA_INTAKE_DEFAULT_CLASSIFICATION = envstr("WASPADA_INTAKE_DEFAULT_CLASSIFICATION", "terbatas")
# Public form: at most this many reports per client IP address per window (seconds).
WASPADA_INTAKE_PUBLIC_RATE = envint("WASPADA_INTAKE_PUBLIC_RATE", 5)
WASPADA_INTAKE_PUBLIC_WINDOW = envint("WASPADA_INTAKE_PUBLIC_WINDOW", 3600)
# Reverse proxies in front of the app (nginx: 1). The audit log and the public form's rate limit
# then read the address that many hops back in X-Forwarded-For, not the proxy's own address.
WASPADA_TRUSTED_PROXIES = envint("WASPADA_TRUSTED_PROXIES", 0)
# Telegram bot: token from @BotFather, secret given to setWebhook as secret_token.
WASPADA_TELEGRAM_BOT_TOKEN = envstr("WASPADA_TELEGRAM_BOT_TOKEN")
WASPADA_TELEGRAM_SECRET = envstr("WASPADA_TELEGRAM_SECRET")
WASPADA_TELEGRAM_API_URL = envstr("WASPADA_TELEGRAM_API_URL", "https://api.telegram.org")
# WhatsApp Business Cloud API.
WASPADA_WHATSAPP_APP_SECRET = envstr("WASPADA_WHATSAPP_APP_SECRET")
WASPADA_WHATSAPP_VERIFY_TOKEN = envstr("WASPADA_WHATSAPP_VERIFY_TOKEN")
WASPADA_WHATSAPP_ACCESS_TOKEN = envstr("WASPADA_WHATSAPP_ACCESS_TOKEN")
WASPADA_WHATSAPP_PHONE_NUMBER_ID = envstr("WASPADA_WHATSAPP_PHONE_NUMBER_ID")
WASPADA_WHATSAPP_API_URL = envstr("WASPADA_WHATSAPP_API_URL", "https://graph.facebook.com/v21.0")
# Status changes more than 24 h after the reporter's last message: an approved template with
# one body parameter (the message), in this language.
WASPADA_WHATSAPP_STATUS_TEMPLATE = envstr("WASPADA_WHATSAPP_STATUS_TEMPLATE")
WASPADA_WHATSAPP_TEMPLATE_LANGUAGE = envstr("WASPADA_WHATSAPP_TEMPLATE_LANGUAGE", "id")
# SMS through Twilio.
WASPADA_TWILIO_ACCOUNT_SID = envstr("WASPADA_TWILIO_ACCOUNT_SID")
WASPADA_TWILIO_AUTH_TOKEN = envstr("WASPADA_TWILIO_AUTH_TOKEN")
WASPADA_TWILIO_FROM = envstr("WASPADA_TWILIO_FROM")
WASPADA_TWILIO_API_URL = envstr("WASPADA_TWILIO_API_URL", "https://api.twilio.com")
# SMS through an Android gateway phone (SMSSync protocol); optional URL for later answers.
WASPADA_SMS_GATEWAY_SECRET = envstr("WASPADA_SMS_GATEWAY_SECRET")
WASPADA_SMS_GATEWAY_SEND_URL = envstr("WASPADA_SMS_GATEWAY_SEND_URL")
# E-mail: addresses the SMTP listener (python -m waspada intake_smtp) accepts mail for.
WASPADA_EMAIL_INTAKE_ADDRESSES = envlist("WASPADA_EMAIL_INTAKE_ADDRESSES")
# E-mail, the other way: a mailbox that already exists (hosted mail) polled over IMAP.
WASPADA_IMAP_HOST = envstr("WASPADA_IMAP_HOST")
WASPADA_IMAP_PORT = envint("WASPADA_IMAP_PORT", 993)
WASPADA_IMAP_SSL = envbool("WASPADA_IMAP_SSL", True)
WASPADA_IMAP_USER = envstr("WASPADA_IMAP_USER")
WASPADA_IMAP_PASSWORD = envstr("WASPADA_IMAP_PASSWORD")
WASPADA_IMAP_FOLDER = envstr("WASPADA_IMAP_FOLDER", "INBOX")
# KoboToolbox REST Service (HTTP Basic credentials set on the service); API token for media.
WASPADA_KOBO_USERNAME = envstr("WASPADA_KOBO_USERNAME")
WASPADA_KOBO_PASSWORD = envstr("WASPADA_KOBO_PASSWORD")
WASPADA_KOBO_API_TOKEN = envstr("WASPADA_KOBO_API_TOKEN")
# ODK Central (no push): the worker pulls the form's new submissions over its API.
WASPADA_ODK_CENTRAL_URL = envstr("WASPADA_ODK_CENTRAL_URL")
WASPADA_ODK_CENTRAL_EMAIL = envstr("WASPADA_ODK_CENTRAL_EMAIL")
WASPADA_ODK_CENTRAL_PASSWORD = envstr("WASPADA_ODK_CENTRAL_PASSWORD")
WASPADA_ODK_CENTRAL_PROJECT = envint("WASPADA_ODK_CENTRAL_PROJECT", 0)
WASPADA_ODK_CENTRAL_FORM = envstr("WASPADA_ODK_CENTRAL_FORM", "waspada_laporan")
# ----------------------------------------------------------------------------------------------

# Media monitoring ---------------------------------------------------------------------------
# (docs/media.md) fetching news pages and feeds through waspada.lib.http.
WASPADA_MEDIA_TIMEOUT = envint("WASPADA_MEDIA_TIMEOUT", 15)  # seconds per request
WASPADA_MEDIA_MAX_BYTES = envint("WASPADA_MEDIA_MAX_BYTES", 5 * 1024 * 1024)
WASPADA_MEDIA_RETRIES = envint("WASPADA_MEDIA_RETRIES", 2)  # network failures, with back-off
# At most one request per host and worker process in this many milliseconds.
WASPADA_MEDIA_HOST_INTERVAL_MS = envint("WASPADA_MEDIA_HOST_INTERVAL_MS", 1000)
WASPADA_MEDIA_RESPECT_ROBOTS = envbool("WASPADA_MEDIA_RESPECT_ROBOTS", True)
WASPADA_MEDIA_MAX_ARTICLES_PER_POLL = envint("WASPADA_MEDIA_MAX_ARTICLES_PER_POLL", 50)
# Near-duplicates are looked for among articles fetched in the last this many days.
WASPADA_MEDIA_CLUSTER_DAYS = envint("WASPADA_MEDIA_CLUSTER_DAYS", 14)
# ----------------------------------------------------------------------------------------------

# Risk ---------------------------------------------------------------------------------------
# (docs/risk/levels.md) lowest scores (0-100) of the levels waspada, siaga and awas.
try:
    from waspada.risk.config import parse_thresholds, parse_windows

    WASPADA_RISK_THRESHOLDS = parse_thresholds(envlist("WASPADA_RISK_THRESHOLDS", "25,50,75"))
    # Windows of the map (days); the longest gives the headline level that alerts follow.
    WASPADA_RISK_WINDOWS = parse_windows(envlist("WASPADA_RISK_WINDOWS", "7,30,90"))
except ValueError as e:
    raise ImproperlyConfigured(f"WASPADA_RISK_*: {e}") from e
# Largest contributions kept per component of a stored score (the panel lists them).
WASPADA_RISK_STORED_RECORDS = envint("WASPADA_RISK_STORED_RECORDS", 40)
# A report or article counts as hate speech from this probability of the HS label on.
WASPADA_RISK_HATE_THRESHOLD = float(envstr("WASPADA_RISK_HATE_THRESHOLD", "0.5"))
# ----------------------------------------------------------------------------------------------

# Alerts -------------------------------------------------------------------------------------
# Tries per message (temporary failures), and a factor on the back-off between them (tests
# shorten it). Messages link back to SITE_URL (acknowledgement links).
WASPADA_ALERTS_MAX_ATTEMPTS = envint("WASPADA_ALERTS_MAX_ATTEMPTS", 6)
WASPADA_ALERTS_BACKOFF_SCALE = float(envstr("WASPADA_ALERTS_BACKOFF_SCALE", "1") or 1)
# A sender silent this long (seconds) is taken for dead and its message sent again.
WASPADA_ALERTS_LEASE_SECONDS = envint("WASPADA_ALERTS_LEASE_SECONDS", 120)
# How often (seconds) workers look for messages whose retry is due or whose sender died.
WASPADA_ALERTS_RESUME_SECONDS = envint("WASPADA_ALERTS_RESUME_SECONDS", 30)
# WhatsApp only delivers free text within 24 h of the recipient's last message: the name of an
# approved template with two body parameters (title, link) lifts that limit.
WASPADA_WHATSAPP_ALERT_TEMPLATE = envstr("WASPADA_WHATSAPP_ALERT_TEMPLATE")
# ----------------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["waspada.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "waspada.api.schema.WaspadaAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Waspada API",
    "DESCRIPTION": "Early warning and early response for social conflict. "
    "Authenticate with `Authorization: Token wsp_…` (tokens are issued by admins).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    # One enum for the actor types of actor 1 and actor 2 (and no naming-collision warning).
    "ENUM_NAME_OVERRIDES": {"ActorTypeEnum": "waspada.events.vocab.ActorType"},
}
