"""Test settings: real PostgreSQL and Redis, fast hashing, in-memory mail."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_FORMAT", "text")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
# OAuth apps must not leak in from a developer's .env into the tests.
for _name in ("GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET"):
    os.environ[_name] = ""

from .base import *  # noqa: E402,F403
from .base import CACHES, REDIS_URL  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

# Each pytest-xdist worker gets its own Redis database, so clearing the cache in
# one worker never touches another's rate-limit counters.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
_db = 1 + int(_worker.removeprefix("gw") or 0) % 15
TEST_REDIS_URL = REDIS_URL.rsplit("/", 1)[0] + f"/{_db}"
CACHES["default"]["LOCATION"] = TEST_REDIS_URL
CACHES["default"]["KEY_PREFIX"] = "cc-test"
CELERY_BROKER_URL = TEST_REDIS_URL
CELERY_RESULT_BACKEND = TEST_REDIS_URL
