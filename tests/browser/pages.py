"""Signing a browser in as a member: one session made by Django's test client, handed to chromium."""

from __future__ import annotations

from django.conf import settings
from django.test import Client


def session_cookie(member, live_server_url: str) -> dict:
    """A session cookie for ``member`` on the live server (no log-in form to fill)."""
    client = Client()
    client.force_login(member)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server_url,
    }


def signed_in_page(browser, member, live_server_url: str, *, viewport: dict | None = None):
    """A new page signed in as ``member``, and the list its uncaught script errors are collected in."""
    context = browser.new_context(viewport=viewport) if viewport else browser.new_context()
    page = context.new_page()
    page.context.add_cookies([session_cookie(member, live_server_url)])
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, errors
