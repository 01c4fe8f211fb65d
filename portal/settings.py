"""Settings for Innføringsportalen, driven by environment variables.

With no environment at all the portal runs on the embedded default: SQLite in a file, Celery
tasks run in-process, e-mail to the console, DEBUG on. ``DATABASE_URL`` and ``REDIS_URL``
switch to PostgreSQL and a Redis broker and cache. ``DEBUG=false`` is production mode:
``SECRET_KEY`` and ``ALLOWED_HOSTS`` are then required and every security header is on.

Every value is read through the small helpers in :mod:`portal.env`, which refuse a value they
cannot parse instead of guessing.
"""

import sys
from pathlib import Path
from typing import Any

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    parse_cache_url,
    parse_database_url,
    parse_email_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

_DEV_SECRET_KEY = "django-insecure-development-only-never-use-in-production-7c1d2a"
SECRET_KEY = env_str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else None)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else None
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "csp",
    "portal",
    "portal.site",
    "rollout",
    "procurement",
    "knowledge",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.SessionTimeoutMiddleware",
    "portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.RequireMFAMiddleware",
]

ROOT_URLCONF = "portal.site.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "csp.context_processors.nonce",
                "portal.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# PostgreSQL connections are kept 60 s by default (gunicorn: one per worker process). The
# development server (DEBUG, or runserver) serves each request in a thread of its own, and
# each thread would keep its own connection open, so a burst of requests exhausts the server's
# connections: there a connection is closed after each request (0).
DEVELOPMENT_SERVER = DEBUG or "runserver" in sys.argv[1:2]
DATABASES = {
    "default": parse_database_url(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=0 if DEVELOPMENT_SERVER else 60,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Redis: Celery broker and cache ---------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": parse_cache_url(env_str("REDIS_CACHE_URL", default=REDIS_URL))}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    # The embedded default: tasks run in-process, at once, in the web process.
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/Oslo"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "milestone-reminders": {
        "task": "portal.reminders.send_milestone_reminders",
        "schedule": 24 * 60 * 60,  # daily; beat keeps the last run in the database
    },
}
MILESTONE_REMINDER_DAYS = env_int("MILESTONE_REMINDER_DAYS", default=7)

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "portal.adapters.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# allauth's rate limits stay on (they are its defaults); written out so nobody removes them.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Innføringsportalen"
# KS staff and administrators must have two-factor authentication. Only the demo (DEBUG on)
# may turn this off, so that a newcomer signs in as every demo role straight away.
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", default=True)
if not DEBUG and not MFA_REQUIRED_FOR_STAFF:
    raise ImproperlyConfigured("MFA_REQUIRED_FOR_STAFF=false is only allowed with DEBUG=true.")

INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", default=14)

# Optional OpenID Connect login (e.g. ID-porten), configured only by environment.
OIDC_CLIENT_ID = env_str("OIDC_CLIENT_ID", default="")
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {}
if OIDC_CLIENT_ID:
    INSTALLED_APPS.append("allauth.socialaccount.providers.openid_connect")
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": env_str("OIDC_PROVIDER_ID", default="idporten"),
                "name": env_str("OIDC_PROVIDER_NAME", default="ID-porten"),
                "client_id": OIDC_CLIENT_ID,
                "secret": env_str("OIDC_CLIENT_SECRET"),
                "settings": {
                    "server_url": env_str("OIDC_SERVER_URL"),
                    "token_auth_method": env_str(
                        "OIDC_TOKEN_AUTH_METHOD", default="client_secret_post"
                    ),
                    "scope": env_list("OIDC_SCOPES", default=["openid", "profile"]),
                },
            }
        ],
    }

# --- Sessions -------------------------------------------------------------------------------
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_MAX_AGE = env_int("SESSION_MAX_AGE", default=12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_MAX_AGE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- E-mail ---------------------------------------------------------------------------------
_email = parse_email_url(env_str("EMAIL_URL", default="consolemail://"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="Innføringsportalen <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that a request without credentials gets 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "portal.api_permissions.SecondFactorForStaff",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "portal.api_schema.PortalAutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Innføringsportalen API",
    "DESCRIPTION": (
        "Rollout coordination for electronic patient records in Norwegian municipalities."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # A required text may not be empty: the schema says so (minLength 1).
    "ENFORCE_NON_BLANK_FIELDS": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api_schema.document_errors",
    ],
}

# --- Security -------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = False
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Rollout --------------------------------------------------------------------------------
# Blackout periods that come back every year, besides the Norwegian public holidays and the
# periods KS staff keep in the portal. A rule is either ISO weeks (first and last, inclusive)
# or a span of days from [month, day] to [month, day] (it may wrap over New Year). "name" is
# shown in Norwegian, "name_en" in English.
ROLLOUT_RECURRING_BLACKOUTS: list[dict[str, Any]] = [
    {
        "name": "Fellesferie (uke 28–31)",
        "name_en": "Summer holiday (weeks 28–31)",
        "iso_weeks": [28, 31],
    },
    {"name": "Jul og nyttår", "name_en": "Christmas and New Year", "from": [12, 24], "to": [1, 1]},
]

# --- Procurement ------------------------------------------------------------------------------
PROCUREMENT_STABILISATION_WEEKS = env_int("PROCUREMENT_STABILISATION_WEEKS", default=8)

# --- Knowledge ------------------------------------------------------------------------------
# Hosts that images in articles may come from (https only); none by default.
KNOWLEDGE_IMAGE_HOSTS = env_list("KNOWLEDGE_IMAGE_HOSTS", default=[])

# --- The demo -------------------------------------------------------------------------------
DEMO_PASSWORD = env_str("DEMO_PASSWORD", default="demo")

# The address people reach the portal on, used in links in e-mails.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
}
