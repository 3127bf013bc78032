"""Registry of API-key scopes. Each app registers its own in AppConfig.ready()."""

from __future__ import annotations

_SCOPES: dict[str, str] = {}


def register(scope: str, description: str) -> None:
    resource, _, action = scope.partition(":")
    if not resource or action not in {"read", "write"}:
        raise ValueError(f"Scope {scope!r} must look like 'resource:read' or 'resource:write'.")
    _SCOPES[scope] = description


def all_scopes() -> dict[str, str]:
    return dict(sorted(_SCOPES.items()))


def choices() -> list[tuple[str, str]]:
    return [(scope, f"{scope} — {desc}") for scope, desc in all_scopes().items()]


def is_known(scope: str) -> bool:
    return scope in _SCOPES


def grants(granted: list[str] | set[str], required: str) -> bool:
    """A write scope implies the read scope of the same resource."""
    if required in granted:
        return True
    resource, _, action = required.partition(":")
    return action == "read" and f"{resource}:write" in granted
