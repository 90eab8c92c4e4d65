from __future__ import annotations

from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission


class IsModerator(BasePermission):
    """Moderators and staff only. Everyone else gets 404, so the endpoints don't reveal they exist."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if user is not None and user.is_authenticated and user.can_moderate:
            return True
        raise NotFound()
