"""Fixtures for the API tests: DRF clients per role and a clean throttle cache for every test."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from rest_framework.test import APIClient

from tests.factories import ReplyFactory

ROLES = ["anonymous", "member", "author", "moderator", "admin"]


@pytest.fixture(autouse=True)
def _fresh_throttles(empty_cache):
    """Throttle counters live in the cache; one test's requests must not throttle the next. Tests that run
    the after-commit screening pass ask for ``lexical_screening`` (tests/conftest.py) themselves."""


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def author(member):
    """The author of the ``thread`` fixture (and of ``reply`` below)."""
    return member


@pytest.fixture
def reply(thread, author):
    return ReplyFactory(thread=thread, author=author)


@pytest.fixture
def people(author, other_member, moderator, admin_member):
    return {
        "anonymous": None,
        "member": other_member,
        "author": author,
        "moderator": moderator,
        "admin": admin_member,
    }


@pytest.fixture
def client_as(people):
    """``client_as("member")`` -> an APIClient signed in as that role (anonymous: signed out)."""

    def make(role: str) -> APIClient:
        client = APIClient()
        if people[role] is not None:
            client.force_authenticate(user=people[role])
        return client

    return make


@pytest.fixture
def verified(db):
    def make(member):
        EmailAddress.objects.update_or_create(
            user=member, email=member.email, defaults={"verified": True, "primary": True}
        )
        return member

    return make


def assert_error(response, status: int, code: str | None = None) -> dict:
    """Every API error has the same body: {"error": {"code", "message", "fields"}}."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["fields"], dict)
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]
