"""Kezek settings, all read from ``KEZEK_*`` environment variables with safe defaults.

The defaults run the embedded SQLite database under ``var/``. Production
variables are listed in the README; the web entry points (``wsgi.py``,
``asgi.py``) refuse to start without them.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import plotly
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kezek.config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("KEZEK_VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("KEZEK_DEBUG", default=False)
# Without a key outside DEBUG the setting stays empty: command-line tools such as
# `kezek staffing` still work, while serving refuses to start (core/deploy.py).
SECRET_KEY = env_str("KEZEK_SECRET_KEY") or (
    "django-insecure-kezek-development-only" if DEBUG else ""
)
ALLOWED_HOSTS = env_list(
    "KEZEK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("KEZEK_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "kezek.core",
    "kezek.accounts",
    "kezek.wfm",
    "kezek.servicedesk",
    "kezek.people",  # after wfm (its demo gives skills on wfm's queues)
    "kezek.surveys",
    "kezek.rostering",
]

MIDDLEWARE = [
    "kezek.core.middleware.ApiErrorFormat",
    "django.middleware.security.SecurityMiddleware",
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
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "kezek.config.urls"
WSGI_APPLICATION = "kezek.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kezek" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kezek.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'kezek.sqlite3'}",
        conn_max_age=env_int("KEZEK_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the worker write concurrently: WAL lets readers go on
    # while one writes, and IMMEDIATE takes the write lock at BEGIN, so a
    # transaction never fails half-way on "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: after AXES_FAILURE_LIMIT failures for one username from
# one address, that pair is locked out for AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = env_int("KEZEK_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
    ("bg", _("Bulgarian")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "kezek" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("KEZEK_TIME_ZONE") or "UTC"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "kezek" / "static",
    # plotly.js ships inside the plotly package: served from there, never a CDN.
    ("plotly", Path(plotly.__file__).parent / "package_data"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"

# Resolved requests that nobody reopens close by themselves after this many days.
SERVICEDESK_AUTO_CLOSE_DAYS = env_int("KEZEK_AUTO_CLOSE_DAYS", 7)

# A running job whose worker has not beaten its heartbeat for this long lost its
# worker (killed, out of memory): `kezek periodic` fails it, so it can be started again.
JOB_STALE_SECONDS = env_int("KEZEK_JOB_STALE_SECONDS", 300)
if JOB_STALE_SECONDS < 1:
    raise ImproperlyConfigured(f"KEZEK_JOB_STALE_SECONDS must be 1 or more: {JOB_STALE_SECONDS}")

TASKS = {
    "default": {
        "BACKEND": env_str("KEZEK_TASK_BACKEND") or "django_tasks_db.DatabaseBackend",
    }
}

EMAIL_BACKEND = env_str("KEZEK_EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env_str("KEZEK_EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("KEZEK_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("KEZEK_EMAIL_USER") or ""
EMAIL_HOST_PASSWORD = env_str("KEZEK_EMAIL_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("KEZEK_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("KEZEK_FROM_EMAIL") or "kezek@localhost"

# HTTPS hardening, on by default outside DEBUG (`kezek check --deploy` clean).
SECURE_SSL_REDIRECT = env_bool("KEZEK_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("KEZEK_BEHIND_PROXY") else None
)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("KEZEK_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("KEZEK_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: scripts only from this site (htmx, Plotly and ours are served
# locally, none inline). Styles allow inline because Plotly writes its own <style> and
# style attributes; no script can run from them. KEZEK_CSP_REPORT_ONLY=true only reports.
_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if env_bool("KEZEK_CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

NINJA_PAGINATION_PER_PAGE = 50
# The API's schema and its docs page need a login unless this says they are public.
KEZEK_PUBLIC_API_SCHEMA = env_bool("KEZEK_PUBLIC_API_SCHEMA", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KEZEK_LOG_LEVEL") or "WARNING"},
}
