"""Forgiving field types for the schemas model answers are validated against.

Small local models follow a schema's shape but not always its limits: seven trends where
six were asked, 7.5/10 for a 0–100 score, "Problem Solving" for ``problem_solving``, a
long ``focus``. Failing the whole answer for that (and charging a retry) helps nobody, so
these types repair what is unambiguous before validation: lists are cut to their maximum,
texts to their maximum length, scores rounded and clamped. The JSON schema the model is
shown keeps the real limits."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints


def _first(limit: int):
    def cut(value: Any) -> Any:
        return value[:limit] if isinstance(value, list) else value

    return cut


def _clip(limit: int):
    def cut(value: Any) -> Any:
        return value.strip()[:limit] if isinstance(value, str) else value

    return cut


def _score(value: Any) -> Any:
    """A 0–100 score: numbers in strings ("85", "85%") read, fractions rounded, values
    outside the range clamped. Anything else is left for validation to refuse."""
    if isinstance(value, str):
        value = value.strip().rstrip("%").strip()
        try:
            value = float(value)
        except ValueError:
            return value
    if isinstance(value, float):
        value = round(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return max(0, min(100, value))
    return value


def _number(value: Any) -> Any:
    """"2", "Answer 2", "#2" → 2 (a reference to a numbered item)."""
    if isinstance(value, str):
        digits = re.search(r"\d+", value)
        return int(digits.group()) if digits else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _choice(choices: tuple[str, ...], default: str):
    """A label matched loosely ("Problem Solving", "problem-solving" → problem_solving);
    one that matches none of ``choices`` becomes ``default``."""

    def pick(value: Any) -> Any:
        if not isinstance(value, str):
            return default
        key = re.sub(r"[^a-z]+", "_", value.strip().lower()).strip("_")
        return next((choice for choice in choices if key == choice or key.startswith(choice)), default)

    return pick


def choice(choices: tuple[str, ...], default: str):
    return Annotated[Literal[choices], BeforeValidator(_choice(choices, default))]


def text(max_length: int, min_length: int = 0):
    """A string stripped and cut to ``max_length`` (still at least ``min_length``)."""
    return Annotated[str, StringConstraints(min_length=min_length or None, max_length=max_length),
                     BeforeValidator(_clip(max_length))]


def at_most(item, max_length: int, min_length: int = 0, **field):
    """A list cut to ``max_length`` items (still at least ``min_length``)."""
    return Annotated[list[item], Field(min_length=min_length or None, max_length=max_length, **field),
                     BeforeValidator(_first(max_length))]


# Constraints before the validator: the JSON schema then says minimum/maximum, not ge/le.
Score = Annotated[int, Field(ge=0, le=100), BeforeValidator(_score)]
Number = Annotated[int, BeforeValidator(_number)]
