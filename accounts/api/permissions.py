"""Scope checks for API keys. Session-authenticated requests act with all scopes."""

from __future__ import annotations

from rest_framework import permissions

from accounts import scopes
from accounts.models import ApiKey

SAFE = {"GET", "HEAD", "OPTIONS"}


class HasScope(permissions.BasePermission):
    """Views name their resource (``scope_resource = "profile"``); reads need
    ``profile:read`` and writes ``profile:write``."""

    message = "This API key does not have the scope this request needs."

    def has_permission(self, request, view) -> bool:
        api_key = request.auth
        if not isinstance(api_key, ApiKey):
            return True
        resource = getattr(view, "scope_resource", None)
        if resource is None:
            return False  # a view that names no scope is not open to keys
        required = f"{resource}:{'read' if request.method in SAFE else 'write'}"
        if not scopes.grants(api_key.scopes, required):
            self.message = f"This API key lacks the '{required}' scope."
            return False
        return True
