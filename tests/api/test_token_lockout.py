"""The token endpoint shares the site's per-account log-in lockout (issue 11, item 7).

allauth's ``login_failed`` limit counts failures per account as well as per IP; before, the token endpoint
only had a per-IP throttle, so guesses spread over many addresses never locked the account.
"""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.api.conftest import assert_error
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token/"
PASSWORD = "correct horse battery"  # tests.factories.MemberFactory's


@pytest.fixture(autouse=True)
def site_login_limits(settings):
    # The test settings turn allauth's limits off; these are the ones community.settings.base ships.
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}


def attempt(email: str, password: str, ip: str):
    return APIClient(REMOTE_ADDR=ip).post(URL, {"email": email, "password": password})


def test_wrong_passwords_from_twelve_addresses_lock_the_account_even_for_the_right_password(verified):
    member = verified(MemberFactory())
    for n in range(12):
        assert attempt(member.email, f"guess {n}", f"198.51.100.{n + 1}").status_code in (401, 403, 429)

    response = attempt(member.email, PASSWORD, "203.0.113.9")

    error = assert_error(response, 429, "rate_limited")
    assert "too many unsuccessful attempts" in error["message"]
    assert int(response["Retry-After"]) == 300
    assert not Token.objects.filter(user=member).exists()


def test_the_lockout_is_per_account_and_a_few_mistakes_do_not_lock_anyone_out(verified):
    member, other = verified(MemberFactory()), verified(MemberFactory())
    for n in range(4):
        attempt(member.email, f"guess {n}", f"198.51.100.{n + 1}")

    assert attempt(member.email, PASSWORD, "203.0.113.9").status_code == 200
    for n in range(6):
        attempt(member.email, f"again {n}", f"198.51.100.{n + 20}")
    assert attempt(other.email, PASSWORD, "203.0.113.9").status_code == 200
    assert attempt(member.email, PASSWORD, "203.0.113.10").status_code == 429
