"""Operations: demo data, production settings, and the settings' guard rails."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import Certification, Education, Experience, Profile, Skill, User
from coaching.models import MentorProfile

BASE_DIR = Path(__file__).resolve().parent.parent


def _seed(settings, *args) -> str:
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def _counts():
    return [m.objects.count() for m in (User, Profile, Experience, Education, Skill, Certification, MentorProfile)]


@pytest.mark.django_db
def test_seed_demo_twice_creates_everything_once(settings):
    first = _seed(settings)
    counts = _counts()
    second = _seed(settings)
    assert _counts() == counts
    assert counts[0] == 3
    for output in (first, second):
        assert "seeker@demo.careercoach.local" in output
        assert "password:" in output
    seeker = User.objects.get(email="seeker@demo.careercoach.local")
    assert seeker.check_password("demo-seeker-pass")
    assert seeker.profile.experiences.count() == 2
    assert seeker.profile.skills.count() == 5
    mentor = User.objects.get(email="mentor@demo.careercoach.local")
    assert mentor.role == User.Role.MENTOR and mentor.mentor_profile.is_verified
    admin = User.objects.get(email="admin@demo.careercoach.local")
    assert admin.is_superuser and admin.is_staff


@pytest.mark.django_db
def test_seed_demo_once_skips_existing(settings):
    _seed(settings)
    output = _seed(settings, "--once")
    assert "already loaded" in output
    assert "admin@demo.careercoach.local" in output


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())
    assert User.objects.count() == 0


def _production_env(**extra) -> dict[str, str]:
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG", "SECURE_", "SESSION_", "CSRF_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="careercoach.settings.base",
        SECRET_KEY="x" * 20 + "production-grade-secret-key-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="careercoach.example.com",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'].replace('/', '%2F')}:{db['PORT'] or 5432}/{db['NAME']}",
        REDIS_URL="redis://127.0.0.1:6399/0",
    )
    env.update(extra)
    return env


@pytest.mark.django_db
def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR, env=_production_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_secret_key():
    env = _production_env()
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_settings_refuse_a_database_other_than_postgres():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR, env=_production_env(DATABASE_URL="sqlite:///tmp/x.db"),
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_debug_is_off_by_default():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"],
        cwd=BASE_DIR, env=_production_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.stdout.strip() == "False", result.stderr
