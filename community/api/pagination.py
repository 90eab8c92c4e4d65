"""Keyset ("cursor") pagination for every API list.

DRF's ``CursorPagination`` positions the cursor on the first ordering field only, which breaks down for
orderings such as threads' ``(-is_pinned, -last_activity_at, -id)``. This one stores the values of every
ordering field of the last row and continues with a lexicographic ``WHERE`` on all of them, so pages stay
stable while rows are added and each page is one indexed query whatever the offset.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import Model, Q, QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response

INVALID_CURSOR = "This cursor is not valid any more. Please start again from the first page."


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


class KeysetPagination(BasePagination):
    """``?cursor=<opaque>&page_size=<1..100>``; the response carries ``next`` (a URL, or null at the end).

    A view sets ``keyset_ordering`` (unique as a whole: end it with ``id``); the default is newest id first.
    """

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    max_page_size = 100
    default_ordering: tuple[str, ...] = ("-id",)

    def __init__(self) -> None:
        from rest_framework.settings import api_settings

        self.page_size = api_settings.PAGE_SIZE or 25
        self.next_cursor: str | None = None
        self.request: Request | None = None

    # -- paging ------------------------------------------------------------------------------------------
    def paginate_queryset(self, queryset: QuerySet, request: Request, view: Any = None) -> list[Model]:
        self.request = request
        ordering = tuple(getattr(view, "keyset_ordering", None) or self.default_ordering)
        page_size = self.get_page_size(request)
        queryset = queryset.order_by(*ordering)
        raw = request.query_params.get(self.cursor_query_param)
        if raw:
            queryset = queryset.filter(self._after(queryset.model, ordering, self._decode(raw, ordering)))
        rows = list(queryset[: page_size + 1])
        self.next_cursor = None
        if len(rows) > page_size:
            rows = rows[:page_size]
            last = rows[-1]
            self.next_cursor = self._encode([getattr(last, f.lstrip("-")) for f in ordering])
        return rows

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        try:
            size = int(raw) if raw is not None else self.page_size
        except ValueError:
            return self.page_size
        return min(max(size, 1), self.max_page_size)

    def get_next_link(self) -> str | None:
        if self.next_cursor is None or self.request is None:
            return None
        params = self.request.query_params.copy()
        params[self.cursor_query_param] = self.next_cursor
        base = self.request.build_absolute_uri(self.request.path)
        return f"{base}?{urlencode(params, doseq=True)}"

    def get_paginated_response(self, data: list) -> Response:
        return Response({"next": self.get_next_link(), "results": data})

    # -- cursor encoding ---------------------------------------------------------------------------------
    @staticmethod
    def _encode(values: list[Any]) -> str:
        raw = json.dumps([_encode_value(v) for v in values], separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @staticmethod
    def _decode(raw: str, ordering: tuple[str, ...]) -> list[Any]:
        try:
            padded = raw + "=" * (-len(raw) % 4)
            values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        except (binascii.Error, ValueError, UnicodeDecodeError):
            raise ValidationError({"cursor": [INVALID_CURSOR]}) from None
        if not isinstance(values, list) or len(values) != len(ordering):
            raise ValidationError({"cursor": [INVALID_CURSOR]})
        return values

    @staticmethod
    def _after(model: type[Model], ordering: tuple[str, ...], values: list[Any]) -> Q:
        """Rows after ``values`` in ``ordering``: (a > x) OR (a = x AND b > y) OR ... per direction."""
        typed = []
        for name, value in zip(ordering, values, strict=True):
            field = model._meta.get_field(name.lstrip("-"))
            try:
                typed.append(field.to_python(value))
            except Exception:  # noqa: BLE001 - any unparsable value is a bad cursor, not a server error
                raise ValidationError({"cursor": [INVALID_CURSOR]}) from None
            if value is None or isinstance(value, dict | list):
                raise ValidationError({"cursor": [INVALID_CURSOR]})
        condition = Q()
        for i, name in enumerate(ordering):
            field = name.lstrip("-")
            step = Q(**{f"{field}__{'lt' if name.startswith('-') else 'gt'}": typed[i]})
            for j in range(i):
                step &= Q(**{ordering[j].lstrip("-"): typed[j]})
            condition |= step
        return condition

    # -- schema ------------------------------------------------------------------------------------------
    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The next page, or null on the last page.",
                    "example": "http://127.0.0.1:8000/api/v1/threads/?cursor=WyIyMDI2LTExLTIxVDE4OjAyOjExWiIsNDJd",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque position from a previous page's `next` link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Items per page (1–{self.max_page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
