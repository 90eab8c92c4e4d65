"""Sign up, verify and log in through allauth's headless API, then call this API with the session token."""

import re
from urllib.parse import unquote

import pytest
from django.core import mail
from rest_framework.test import APIClient

from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db


def test_sign_up_verify_log_in_and_call_the_api_with_the_session_token(settings):
    client = APIClient()
    signup = client.post(
        "/_allauth/app/v1/auth/signup",
        {"email": "new.person@example.org", "password": "a long and quiet evening", "display_name": "Wren"},
        format="json",
    )
    assert signup.status_code == 401  # pending email verification, as allauth documents
    pending = signup.json()["meta"]["session_token"]
    key = unquote(re.search(r"/accounts/confirm-email/([^/\s]+)/", mail.outbox[-1].body).group(1))

    verify = client.post(
        "/_allauth/app/v1/auth/email/verify", {"key": key}, format="json", HTTP_X_SESSION_TOKEN=pending
    )
    assert verify.status_code == 200, verify.content
    assert verify.json()["meta"]["is_authenticated"] is True

    login = client.post(
        "/_allauth/app/v1/auth/login",
        {"email": "new.person@example.org", "password": "a long and quiet evening"},
        format="json",
    )
    assert login.status_code == 200, login.content
    session_token = login.json()["meta"]["session_token"]

    app = APIClient()
    app.credentials(HTTP_X_SESSION_TOKEN=session_token)
    me = app.get("/api/v1/me/")
    assert me.status_code == 200 and me.json()["email"] == "new.person@example.org"

    token = APIClient().post(
        "/api/v1/auth/token/", {"email": "new.person@example.org", "password": "a long and quiet evening"}
    )
    assert token.status_code == 200, token.content


def test_a_stale_session_token_is_not_accepted(db):
    app = APIClient()
    app.credentials(HTTP_X_SESSION_TOKEN="not-a-session")
    assert_error(app.get("/api/v1/me/"), 401)
