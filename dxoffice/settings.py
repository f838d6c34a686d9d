"""Settings for dxoffice.

Embedded by default (SQLite under var/, in-memory cache, channel layer and task runner), so
`make run` needs no server. Production is configured from environment variables; see
docs/deploy.md. Setting SECRET_KEY switches the defaults to production ones (DEBUG off, secure
cookies).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("DXOFFICE_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = bool(os.environ.get("SECRET_KEY"))
SECRET_KEY = os.environ.get("SECRET_KEY") or "dxoffice-embedded-insecure-key-do-not-use-in-production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "dxoffice.core.errors.csrf_failure"
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "simple_history",
    "axes",
    "huey.contrib.djhuey",
    "ninja",
    "dxoffice.core",
    "dxoffice.core.notifications",
    "dxoffice.core.jobs",
    "dxoffice.planning",
    "dxoffice.indicators",
    "dxoffice.meetings",
    "dxoffice.training",
    "dxoffice.partners",
    "dxoffice.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dxoffice.core.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dxoffice.urls"
ASGI_APPLICATION = "dxoffice.asgi.application"
WSGI_APPLICATION = "dxoffice.wsgi.application"

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
                "dxoffice.core.context_processors.navigation",
            ],
        },
    },
]

# --- Data ------------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'dxoffice.sqlite3'}"
# Persistent connections stay off: under ASGI each request may run in a new thread, and a kept
# connection per thread piles up (measured: 65 open connections for one uvicorn worker). On PostgreSQL
# each worker process keeps a connection pool instead (on by default in production, DB_POOL=0 turns it
# off): a request borrows a connection and gives it back, so none is opened per request and a process
# never holds more than DB_POOL_MAX_SIZE. Connecting gives up after DB_CONNECT_TIMEOUT seconds, and a
# request waits at most DB_POOL_TIMEOUT seconds for a free connection (then it answers 503).
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
    if env_bool("DB_POOL", default=PRODUCTION):
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": int(os.environ.get("DB_POOL_MIN_SIZE", "2")),
            "max_size": int(os.environ.get("DB_POOL_MAX_SIZE", "8")),
            "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "10")),
        }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # A Redis that hangs must not hang pages: give up after REDIS_TIMEOUT seconds (default 2).
    _redis_timeout = float(os.environ.get("REDIS_TIMEOUT", "2"))
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": _redis_timeout, "SOCKET_TIMEOUT": _redis_timeout},
        }
    }
    # The channel layer blocks on Redis for up to 5 s waiting for messages; the client's own socket
    # timeout must outlast that, or idle consumers die with TimeoutError under load and reconnect.
    # Its pool refuses a call beyond `max_connections` at once (redis-py's default is 100): a
    # thousand members leaving a meeting together would fail to leave its group. Redis itself takes
    # 10,000 clients by default, room for several workers at this size.
    _layer_connections = int(os.environ.get("CHANNEL_LAYER_CONNECTIONS", "1000"))
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": 10, "max_connections": _layer_connections}]
            },
        }
    }
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "dxoffice",
        "url": REDIS_URL,
        "immediate": env_bool("HUEY_IMMEDIATE", default=False),
        "consumer": {"workers": int(os.environ.get("HUEY_WORKERS", "2")), "worker_type": "thread"},
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    HUEY = {"huey_class": "huey.MemoryHuey", "name": "dxoffice", "immediate": True}
# A running background job silent this long (no progress written) stopped with its worker: it is
# recorded as failed. Keep it above the longest save a job makes inside one transaction.
DXOFFICE_JOB_STALE_MINUTES = int(os.environ.get("DXOFFICE_JOB_STALE_MINUTES", "60"))

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Embedded (`make run`, DEBUG off or on): WhiteNoise serves the files straight from the source tree,
# no collectstatic needed. In production they come from STATIC_ROOT (collectstatic, or nginx).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
DXOFFICE_MAX_UPLOAD_BYTES = int(os.environ.get("DXOFFICE_MAX_UPLOAD_BYTES", 25 * 1024 * 1024))

# --- Language and time -------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["dxoffice.formats"]  # "1 Dec 2026" in English, "01/12/2026" in Vietnamese
USE_I18N = True
USE_TZ = True

# --- Security ----------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "dxoffice.core.hashers.BoundedArgon2PasswordHasher",  # Argon2id, 19 MiB (dxoffice/core/hashers.py)
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Password hashes computed at once per process (log-ins, tokens): bounds memory under a burst of log-ins.
DXOFFICE_PASSWORD_CHECKS = int(os.environ.get("DXOFFICE_PASSWORD_CHECKS", "4"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours: a locked account may try again after 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))

# --- Mail --------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)  # implicit TLS (port 465); exclusive with USE_TLS
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))  # seconds; a hung SMTP server must not hang jobs
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "dxoffice <no-reply@dxoffice.local>")

# --- Notifications -----------------------------------------------------------------------------
# Outward channels (dotted paths of core.notifications.channels.Channel adapters); in-app is always on.
DXOFFICE_NOTIFICATION_CHANNELS = env_list(
    "DXOFFICE_NOTIFICATION_CHANNELS", "dxoffice.core.notifications.channels.EmailChannel"
)
# Overdue work goes up after this many days: the lead unit's focal points, its head, the DX office.
DXOFFICE_ESCALATION_DAYS = tuple(int(days) for days in env_list("DXOFFICE_ESCALATION_DAYS", "1,7,14"))

# --- History -----------------------------------------------------------------------------------
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 500

# One line per request. Everything goes to stderr through the root handler only: Django's own
# console handler (on when DEBUG is) would print every line a second time, and a 4xx is already the
# server's access line, so `django.request` logs only errors (a 500 with its traceback).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"handlers": [], "level": "ERROR", "propagate": True},
    },
}
