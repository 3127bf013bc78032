"""Development runner behind `make run`.

Starts the embedded PostgreSQL and Redis when DATABASE_URL / REDIS_URL are unset,
migrates, loads the demo data once, then runs the web server, a Celery worker and
Celery beat as child processes. Ctrl-C (or SIGTERM) stops the children first and
then the embedded servers, so nothing is left running.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from careercoach.lib import embedded

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")


def _log(message: str) -> None:
    print(f"[make run] {message}", flush=True)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # Importing this package already defaulted DJANGO_SETTINGS_MODULE (careercoach/celery.py);
    # the Makefile sets local settings explicitly.
    env.setdefault("DJANGO_SETTINGS_MODULE", "careercoach.settings.local")
    if not env.get("DATABASE_URL"):
        _log("DATABASE_URL is unset: starting the embedded PostgreSQL (.data/postgres)")
        env["DATABASE_URL"] = embedded.postgres_url()
    if not env.get("REDIS_URL"):
        _log("REDIS_URL is unset: starting the embedded Redis (.data/redis.rdb)")
        env["REDIS_URL"] = embedded.redis_url()
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, stdout=subprocess.PIPE, text=True
    )
    print(result.stdout, end="", flush=True)
    return result.stdout


def _children(env: dict[str, str]) -> list[subprocess.Popen]:
    python = sys.executable
    commands = {
        "web": [python, "manage.py", "runserver", f"{HOST}:{PORT}"],
        "worker": [python, "-m", "celery", "-A", "careercoach", "worker", "--loglevel=INFO", "--concurrency=2"],
        "beat": [python, "-m", "celery", "-A", "careercoach", "beat", "--loglevel=INFO"],
    }
    procs = []
    for name, command in commands.items():
        # Own process group, so a Ctrl-C in the terminal reaches only us and we
        # stop the children in order.
        proc = subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)
        proc.name = name  # type: ignore[attr-defined]
        procs.append(proc)
    return procs


def _stop(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for proc in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main() -> int:
    env = _environment()
    _manage(env, "migrate", "--no-input")
    logins = _manage(env, "seed_demo", "--once")
    procs = _children(env)
    stopping = False

    def _on_signal(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    time.sleep(4)  # let the children print their banners first, so this stays on screen
    print(logins[logins.find("Demo logins:"):], end="", flush=True)
    provider = env.get("AI_PROVIDER") or "offline"
    coach = (f"{provider} ({env.get('AI_MODEL', '')} at {env.get('AI_BASE_URL') or 'api.openai.com'})"
             if provider == "openai" else "offline (no key, no network; see README \"The AI coach\")")
    _log(f"AI coach (AI_PROVIDER): {coach}. An admin's choice under Admin → Coaching → AI provider wins.")
    _log(f"CareerCoach is running at http://{HOST}:{PORT}/ (worker and beat too). Ctrl-C stops everything.")
    exit_code = 0
    try:
        while not stopping:
            for proc in procs:
                if proc.poll() is not None:
                    _log(f"{proc.name} exited with code {proc.returncode}; stopping the rest.")  # type: ignore[attr-defined]
                    stopping, exit_code = True, proc.returncode or 1
            time.sleep(0.5)
    finally:
        _log("stopping web, worker and beat…")
        _stop(procs)
        _log("stopping embedded services…")
        embedded.stop()
        _log("stopped.")
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
