"""Settings shared by every environment. Secrets come only from the environment."""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(os.environ.get("ALSNAV_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "alsnav_web.core",
    "alsnav_web.catalog",
    "alsnav_web.accounts",
    "alsnav_web.community",
    "alsnav_web.search",
    "alsnav_web.patients",
    "alsnav_web.trials",
    "alsnav_web.careplan",  # care plan, clinic list, reminders
    "alsnav_web.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "alsnav_web.core.middleware.SecurityHeadersMiddleware",
    "alsnav_web.api.middleware.ApiErrorsMiddleware",  # JSON errors under /api/, 413 for big bodies
    "alsnav_web.core.middleware.NulInPathMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "alsnav_web.core.middleware.CoreErrorsMiddleware",
    # Last, so its process_exception runs first: a database that cannot be reached is a 503.
    "alsnav_web.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alsnav_web.core.context_processors.site",
            ],
            "builtins": ["alsnav_web.core.templatetags.alsnav"],
        },
    }
]


def database_from_env() -> dict[str, object]:
    """SQLite by default; PostgreSQL when DATABASE_URL (postgres://user:pw@host:port/name) is set."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        from urllib.parse import unquote, urlparse

        parsed = urlparse(url)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parsed.path.lstrip("/"),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
            # A kept connection is checked before reuse, so after the server restarts the next
            # request reconnects instead of failing on the broken socket (no app restart needed).
            "CONN_HEALTH_CHECKS": True,
        }
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "alsnav.sqlite3")),
        # Concurrent writers wait for each other instead of failing with "database is locked":
        # write-ahead logging (readers never block the writer), IMMEDIATE transactions (a writer
        # takes the lock when its transaction starts, so SQLite's busy timeout applies instead of
        # an upgrade deadlock) and a 20-second busy timeout.
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": database_from_env()}


def cache_from_env() -> dict[str, object]:
    """One cache shared by every app process, so rate limits and cached pages agree across them:
    Redis when REDIS_URL is set (needs the optional `redis` package), else a table in the database
    (created by `manage.py createcachetable`, which `make run` and `make serve` call)."""
    url = os.environ.get("REDIS_URL", "")
    if url:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "alsnav_cache"}


# "fragments": parts of public pages rendered once per process and content version (the {% cache %}
# tag, keyed on alsnav_web.core.pagecache's version); nothing personal is ever put there.
FRAGMENT_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "alsnav-fragments",
    "TIMEOUT": 300,
    "OPTIONS": {"MAX_ENTRIES": 1000},
}
CACHES = {"default": cache_from_env(), "fragments": FRAGMENT_CACHE}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Content: the reviewed files loaded by `manage.py load_content`.
ALSNAV_CONTENT_DIR = Path(os.environ.get("ALSNAV_CONTENT_DIR", BASE_DIR / "content"))

# Security defaults that hold everywhere.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Sign-in lockout (django-axes): 5 failures lock the account+address pair for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "alsnav_web.accounts.views.lockout_response"  # the kind page, admin included

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ALS Navigator <no-reply@localhost>")

LOGIN_URL = "/accounts/sign-in/"
LOGIN_REDIRECT_URL = "/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
