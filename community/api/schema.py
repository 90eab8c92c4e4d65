"""OpenAPI generation: every operation documents the shared error body for the failures it can answer."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers

ERROR_DESCRIPTIONS = {
    "400": "The request needs another look; `fields` says which parts and why.",
    "401": "Not signed in, or the token is not valid.",
    "403": "Signed in, but not allowed to do this; `message` says why.",
    "404": "Not found, or not visible to you.",
    "429": "Too many requests; the `Retry-After` header says how many seconds to wait.",
}


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, machine-readable: invalid, not_found, throttled, ...")
    message = serializers.CharField(help_text="A sentence you can show to the person as it is.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field name -> messages, for validation errors; empty otherwise.",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()

    class Meta:
        ref_name = "Error"


ERROR_EXAMPLES = [
    OpenApiExample(
        "Validation error",
        value={
            "error": {
                "code": "invalid",
                "message": "Some of what you sent needs another look.",
                "fields": {"body": ["Please write something before posting."]},
            }
        },
        status_codes=["400"],
        response_only=True,
    ),
    OpenApiExample(
        "Throttled",
        value={
            "error": {
                "code": "throttled",
                "message": "You're going a little fast. Please wait 12 seconds and try again.",
                "fields": {},
            }
        },
        status_codes=["429"],
        response_only=True,
    ),
]


class HearthAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction=direction)
        for code, description in ERROR_DESCRIPTIONS.items():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = description
                responses[code] = response
        return responses
