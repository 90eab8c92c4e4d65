"""Placeholder until the moderation issue lands: no sanctions exist yet, so nobody is restricted."""

from __future__ import annotations


def posting_restriction(*, member, space, is_thread):  # noqa: ARG001
    return None
