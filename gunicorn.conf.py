"""Gunicorn settings. Every value comes from the environment (see .env.example).

Run: ``gunicorn --config gunicorn.conf.py`` (the Docker image does).
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "careercoach.wsgi:application"
bind = f"0.0.0.0:{_int('PORT', 8000)}"

# 2 × cores + 1 is gunicorn's rule of thumb; cap it so a container that sees all
# of a big host's cores does not start more workers than its memory can hold.
workers = _int("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 12))
threads = _int("GUNICORN_THREADS", 1)

# A request still running after `timeout` seconds is killed; on a restart or deploy
# workers get `graceful_timeout` seconds to finish what they are doing.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# Logs go to stdout/stderr for the container runtime to collect.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Which proxies may set X-Forwarded-Proto/For. In Docker the proxy's address is not
# known in advance and the app port is reachable only through it, hence "*";
# set FORWARDED_ALLOW_IPS to the proxy's address when the port is exposed directly.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")

# Heartbeat files on a RAM disk: a slow or full container disk must not stall workers.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
