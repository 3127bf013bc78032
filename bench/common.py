"""Shared set-up for benchmark scripts: Django on a separate database, never dev data."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

BENCH_DATABASE = "careercoach_bench"


def setup_django(database: str = BENCH_DATABASE) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careercoach.settings.local")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DEBUG"] = "false"  # measure what production runs, without the debug query log
    os.environ.setdefault("STATIC_ROOT", "/tmp/careercoach-bench-static")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
    if os.environ.get("DATABASE_URL"):
        parts = urlsplit(os.environ["DATABASE_URL"])
        admin_url = os.environ["DATABASE_URL"]
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{database}"))
    else:
        from careercoach.lib import embedded

        admin_url = embedded.postgres_url()
        parts = urlsplit(admin_url)
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{database}"))
    _ensure_database(admin_url, database)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _ensure_database(url: str, database: str) -> None:
    from urllib.parse import unquote

    import environ
    import psycopg

    config = environ.Env.db_url_config(url)
    with psycopg.connect(
        dbname=config["NAME"], user=config["USER"] or None, password=config["PASSWORD"] or None,
        host=unquote(config["HOST"]) or None, port=config["PORT"] or None, autocommit=True,
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
            conn.execute(f'CREATE DATABASE "{database}"')
