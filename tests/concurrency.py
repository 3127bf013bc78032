"""Run one function in several threads at once, for race tests against the real database.

    results = race(lambda: goal_reminders_send(now=now), workers=4)

Every thread waits at a barrier so they start together, closes its own database
connection, and the first exception any thread raised is raised again here (a thread's
exception is otherwise lost). ``expected`` exceptions are collected as results instead.
Use it from ``@pytest.mark.django_db(transaction=True)`` tests: each thread has its own
connection and sees only committed rows."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def race(fn: Callable[[], Any], *, workers: int = 4, expected: tuple[type[BaseException], ...] = (),
         timeout: float = 60) -> list[Any]:
    barrier = threading.Barrier(workers)
    results: list[Any] = []
    errors: list[BaseException] = []

    def worker():
        try:
            barrier.wait()
            results.append(fn())
        except expected as exc:
            results.append(exc)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    if errors:
        raise errors[0]
    assert len(results) == workers, "a thread did not finish in time"
    return results
