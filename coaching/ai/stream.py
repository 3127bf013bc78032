"""Partial text of a running generation, kept in the cache (Redis) for the page to poll."""

from __future__ import annotations

import time

from django.core.cache import cache

TTL = 60 * 60


def _key(generation_id) -> str:
    return f"coaching:stream:{generation_id}"


def stream_read(generation_id) -> str:
    return cache.get(_key(generation_id)) or ""


def stream_clear(generation_id) -> None:
    cache.delete(_key(generation_id))


class StreamWriter:
    """Collects deltas and writes the text so far at most every ``interval`` seconds (the
    worker is the only writer, so a plain SET of the whole text is enough)."""

    def __init__(self, generation_id, *, interval: float = 0.25):
        self.generation_id = generation_id
        self.interval = interval
        self.parts: list[str] = []
        self._last = 0.0

    def __call__(self, delta: str) -> None:
        self.parts.append(delta)
        now = time.monotonic()
        if now - self._last >= self.interval:
            self.flush()
            self._last = now

    def flush(self) -> None:
        cache.set(_key(self.generation_id), "".join(self.parts), TTL)
