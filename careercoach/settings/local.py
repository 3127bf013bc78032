"""Development settings, used by the dev runner (`make run`).

Only loosens what development needs: DEBUG on, a throwaway SECRET_KEY, plain
HTTP cookies, readable logs and emails printed to the console.
"""

import os

os.environ.setdefault("SECRET_KEY", "django-insecure-dev-only-key-never-use-in-production")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("LOG_FORMAT", "text")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")

from .base import *  # noqa: E402,F403
