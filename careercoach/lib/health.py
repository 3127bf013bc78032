"""Liveness probes for the services the app cannot work without."""

from __future__ import annotations

import psycopg
import redis


def check_database(settings_dict: dict) -> tuple[bool, str]:
    """Open a fresh connection (not Django's, so a broken pool is noticed too)."""
    params = {
        "dbname": settings_dict.get("NAME") or "postgres",
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "connect_timeout": 2,
    }
    try:
        with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return False, exc.__class__.__name__
    return True, "ok"


def check_redis(url: str) -> tuple[bool, str]:
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        return False, exc.__class__.__name__
    finally:
        client.close()
    return True, "ok"
