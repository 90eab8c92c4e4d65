"""Throttles per member and per IP address, counted in the default cache (Redis in production).

Rates are read from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` on every request rather than once at import
(DRF's default), so a deployment or a test can change them without restarting.
"""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class _LiveRateThrottle(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class MemberRateThrottle(_LiveRateThrottle):
    """Each signed-in member, wherever they connect from."""

    scope = "user"

    def get_cache_key(self, request: Request, view) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AnonymousRateThrottle(_LiveRateThrottle):
    """Each IP address, for requests without an account."""

    scope = "anon"

    def get_cache_key(self, request: Request, view) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AddressRateThrottle(_LiveRateThrottle):
    """Each IP address, signed in or not: a ceiling for many accounts or tokens behind one address."""

    scope = "ip"

    def get_cache_key(self, request: Request, view) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class WriteRateThrottle(_LiveRateThrottle):
    """New threads, replies and reports per member: generous for people, tight for scripts."""

    scope = "writes"

    def allow_request(self, request: Request, view) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view) -> str | None:
        ident = request.user.pk if request.user and request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AuthRateThrottle(_LiveRateThrottle):
    """Password attempts on the token endpoint, per IP address."""

    scope = "auth"

    def get_cache_key(self, request: Request, view) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


DEFAULT_THROTTLES = [MemberRateThrottle, AnonymousRateThrottle, AddressRateThrottle]
WRITE_THROTTLES = [*DEFAULT_THROTTLES, WriteRateThrottle]
