"""Moderator endpoints of the REST API, mounted at /api/v1/moderation/ by community.api.urls."""
