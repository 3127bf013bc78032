"""API-key authentication: ``Authorization: Bearer cc_…`` (or ``X-Api-Key: cc_…``)."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts import services


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def _raw_key(self, request) -> str | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if header:
            parts = header.split()
            if len(parts) == 2 and parts[0].lower() == self.keyword.lower():
                return parts[1]
            if parts and parts[0].lower() == self.keyword.lower():
                raise exceptions.AuthenticationFailed("Malformed Authorization header: use 'Bearer <key>'.")
            return None
        return request.META.get("HTTP_X_API_KEY") or None

    def authenticate(self, request):
        raw_key = self._raw_key(request)
        if raw_key is None:
            return None
        api_key = services.api_key_authenticate(raw_key=raw_key)
        if api_key is None:
            # One message for unknown, revoked and expired keys: do not help guessing.
            raise exceptions.AuthenticationFailed("Invalid, revoked or expired API key.")
        return api_key.user, api_key

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.api.authentication.ApiKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "cc_<prefix>_<secret>"}
