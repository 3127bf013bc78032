"""Shared fixtures: the personas owner / teammate / stranger, a private MEDIA_ROOT,
and a clean Redis cache per test (rate-limit counters live there)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _clear_cache():
    # Each xdist worker has its own Redis database (settings/test.py), so this only
    # clears this worker's keys.
    cache.clear()
    yield


@pytest.fixture
def password() -> str:
    return DEFAULT_PASSWORD


@pytest.fixture
def owner(db):
    return UserFactory(email="owner@example.com", first_name="Olivia", last_name="Owner")


@pytest.fixture
def teammate(db):
    return UserFactory(email="teammate@example.com", first_name="Tom", last_name="Mate")


@pytest.fixture
def stranger(db):
    return UserFactory(email="stranger@example.com", first_name="Sam", last_name="Stranger")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def stranger_client(client, stranger):
    client.force_login(stranger)
    return client


@pytest.fixture
def celery_worker(transactional_db, settings):
    """A real Celery worker process, consuming from the test Redis and writing to the
    test database. Tasks sent during the test go through Redis to it.

    Wait for results with ``result.get(timeout=…, disable_sync_subtasks=False)``: eager
    tasks run earlier in the same pytest process can leave Celery's "inside a task"
    guard set, which would refuse a plain ``get()`` here."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path
    from urllib.parse import quote

    from django.db import connection

    from careercoach.celery import app

    db = connection.settings_dict
    database_url = (
        f"postgres://{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}"
        f"@{quote(db['HOST'] or '', safe='')}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="careercoach.settings.test",
        DATABASE_URL=database_url,
        REDIS_URL=settings.REDIS_URL,
        DB_CONN_MAX_AGE="0",
    )
    queue = f"test-{os.getpid()}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "careercoach", "worker", "--pool=solo", "--loglevel=WARNING",
         "-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{queue}@%h"],
        cwd=Path(__file__).resolve().parent.parent, env=env,
    )
    old = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[f"{queue}@{os.uname().nodename}"], timeout=1):
            assert proc.poll() is None, "the Celery worker exited during start-up"
            assert time.monotonic() < deadline, "the Celery worker did not answer within 60 s"
        yield proc
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = old
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _ensure_default_plans() -> None:
    """The three plans billing's migration 0002 creates. A transactional test flushes every
    table afterwards (migration rows included) and ``--reuse-db`` keeps the flushed database
    for the next run, so they are created again (idempotent) for every database test."""
    import importlib

    from django.apps import apps

    importlib.import_module("billing.migrations.0002_default_plans").create_plans(apps, None)


@pytest.fixture(autouse=True)
def default_plans(request):
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
        _ensure_default_plans()
