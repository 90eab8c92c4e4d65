"""One error body for every API failure: ``{"error": {"code", "message", "fields"}}``.

Services raise Django's ``ValidationError`` and ``PermissionDenied`` with messages written for people; they
are passed through unchanged so an app can show them as they are. A ``ValidationError`` whose code is
``rate_limited`` (moderation's ``ReportRateLimited``, raised by the report endpoint moderation mounts) is
not a problem with the request but a limit in time, so it answers 429 with ``Retry-After``; it is recognised
by its code so that the API needs nothing from moderation's internals.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

logger = logging.getLogger("django.request")

DEFAULT_MESSAGES = {
    "not_authenticated": "Please log in to do this.",
    "authentication_failed": "We couldn't sign you in with those credentials.",
    "permission_denied": "You don't have permission to do this.",
    "not_found": "We couldn't find that. It may have been removed.",
    "method_not_allowed": "This address doesn't support that method.",
    "not_acceptable": "We can only answer in JSON.",
    "unsupported_media_type": "Please send JSON.",
    "parse_error": "We couldn't read that request body. Please send valid JSON.",
}

# Services' own limits (reports per member) count over the last hour. Unless the error says otherwise
# (``params={"retry_after": seconds}``), waiting a full window is always enough.
RATE_LIMIT_RETRY_AFTER = 3600


class RateLimited(exceptions.APIException):
    """A service's limit in time: 429, the service's message, and ``Retry-After`` (read by DRF's handler)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "rate_limited"
    default_detail = "You've done this a lot recently. Please wait a little and try again."

    def __init__(self, detail: str | None = None, wait: int = RATE_LIMIT_RETRY_AFTER) -> None:
        super().__init__(detail=detail)
        self.wait = wait


def _rate_limited(exc: DjangoValidationError) -> RateLimited | None:
    if hasattr(exc, "error_dict"):
        return None  # a field problem, never a limit in time
    errors = exc.error_list
    if not errors or any(error.code != "rate_limited" for error in errors):
        return None
    params = errors[0].params if isinstance(errors[0].params, dict) else {}
    try:
        wait = max(1, math.ceil(float(params.get("retry_after", RATE_LIMIT_RETRY_AFTER))))
    except (TypeError, ValueError):
        wait = RATE_LIMIT_RETRY_AFTER
    return RateLimited(detail=" ".join(m for error in errors for m in error.messages), wait=wait)


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _flatten(value)]
    if isinstance(detail, list):
        return [m for item in detail for m in _flatten(item)]
    return [str(detail)]


def _fields(detail: Any) -> dict[str, list[str]]:
    """Field name -> messages; nested serializers are joined with dots (``author.display_name``)."""
    out: dict[str, list[str]] = {}
    if not isinstance(detail, dict):
        return out
    for name, value in detail.items():
        if isinstance(value, dict):
            for sub, messages in _fields(value).items():
                out[f"{name}.{sub}"] = messages
        else:
            out[str(name)] = _flatten(value)
    return out


def _details(errors: list[DjangoValidationError]) -> list[exceptions.ErrorDetail]:
    return [exceptions.ErrorDetail(m, code=e.code or "invalid") for e in errors for m in e.messages]


def _to_drf(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        limited = _rate_limited(exc)
        if limited is not None:
            return limited
        # Keep the service's error codes ("empty", "too_long") so apps can branch on them.
        if hasattr(exc, "error_dict"):
            detail: Any = {
                ("non_field_errors" if k == "__all__" else k): _details(v) for k, v in exc.error_dict.items()
            }
        else:
            detail = {"non_field_errors": _details(exc.error_list)}
        return exceptions.ValidationError(detail=detail)
    if isinstance(exc, DjangoPermissionDenied):
        message = str(exc) if exc.args else DEFAULT_MESSAGES["permission_denied"]
        return exceptions.PermissionDenied(detail=message)
    if isinstance(exc, Http404):
        return exceptions.NotFound(detail=DEFAULT_MESSAGES["not_found"])
    return exc


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    exc = _to_drf(exc)
    response = exception_handler(exc, context)
    if response is None:
        if settings.DEBUG:
            return None  # Django's debug page, with the traceback
        # An unexpected error. Logged on django.request, as Django logs its own 500s (so ADMINS still get
        # the email and log shippers see the traceback); the app still gets the usual error shape.
        request = context.get("request")
        logger.error(
            "Internal Server Error: %s",
            getattr(request, "path", "?"),
            exc_info=exc,
            extra={"status_code": 500, "request": getattr(request, "_request", None)},
        )
        return Response(
            error_body("server_error", "Something went wrong on our side. Please try again in a moment."),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    assert isinstance(exc, exceptions.APIException)
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields = _fields(detail)
        non_field = fields.pop("non_field_errors", [])
        if isinstance(detail, list):
            non_field = _flatten(detail)
        message = non_field[0] if non_field else "Some of what you sent needs another look."
        code = "invalid"
        codes = exc.get_codes()
        if non_field and not fields and isinstance(codes, dict) and codes.get("non_field_errors"):
            code = str(codes["non_field_errors"][0])
        response.data = error_body(code, message, fields)
        return response
    if isinstance(exc, exceptions.Throttled):
        wait = math.ceil(exc.wait) if exc.wait is not None else None
        message = (
            f"You're going a little fast. Please wait {wait} second{'s' if wait != 1 else ''} and try again."
            if wait
            else "You're going a little fast. Please wait a moment and try again."
        )
        response.data = error_body("throttled", message)
        return response
    code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
    message = str(exc.detail) if not isinstance(exc.detail, dict | list) else " ".join(_flatten(exc.detail))
    if message == str(exc.default_detail):
        message = DEFAULT_MESSAGES.get(str(code), message)
    response.data = error_body(str(code), message)
    return response


# Exempt from CSRF like every DRF view: otherwise a POST to an unknown address gets Django's HTML 403 page
# (schemathesis found it) instead of this JSON 404. It changes nothing, so there is nothing to forge.
@csrf_exempt
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Unknown addresses under /api/ answer in the API's error shape rather than an HTML page."""
    return JsonResponse(
        error_body("not_found", "There is nothing at this address. The API lives under /api/v1/."),
        status=status.HTTP_404_NOT_FOUND,
    )
