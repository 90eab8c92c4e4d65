"""Own profile, notifications, API tokens and reports."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from community.models import Notification
from tests.api.conftest import ROLES, assert_error
from tests.factories import MemberFactory, NotificationFactory, ReplyFactory

pytestmark = pytest.mark.django_db


# -- me ------------------------------------------------------------------------------------------------------
def test_member_reads_their_own_profile_with_their_email(client_as, people):
    body = client_as("member").get("/api/v1/me/").json()
    assert body["email"] == people["member"].email
    assert body["id"] == people["member"].pk


def test_anonymous_has_no_profile(api):
    assert_error(api.get("/api/v1/me/"), 401, "not_authenticated")
    assert_error(api.patch("/api/v1/me/", {"bio": "x"}), 401)


def test_member_changes_only_the_preferences_they_send(client_as, people):
    before = people["member"].display_name
    response = client_as("member").patch(
        "/api/v1/me/", {"digest_frequency": "daily", "timezone": "Europe/Berlin"}
    )
    assert response.status_code == 200, response.content
    member = people["member"]
    member.refresh_from_db()
    assert (member.digest_frequency, member.timezone, member.display_name) == (
        "daily",
        "Europe/Berlin",
        before,
    )


def test_email_and_moderator_flag_are_read_only(client_as, people):
    client_as("member").patch("/api/v1/me/", {"email": "new@example.org", "is_moderator": True})
    people["member"].refresh_from_db()
    assert people["member"].email != "new@example.org"
    assert people["member"].is_moderator is False


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"digest_frequency": "hourly"}, "digest_frequency"),
        ({"display_name": "   "}, "display_name"),
        ({"country": "1X"}, "country"),
    ],
)
def test_bad_preferences_are_400s_naming_the_field(client_as, payload, field):
    error = assert_error(client_as("member").patch("/api/v1/me/", payload), 400, "invalid")
    assert field in error["fields"]


# -- notifications -------------------------------------------------------------------------------------------
def test_member_lists_only_their_own_notifications_newest_first(client_as, people, thread):
    mine = [NotificationFactory(recipient=people["member"], thread=thread) for _ in range(3)]
    NotificationFactory(recipient=people["author"])
    results = client_as("member").get("/api/v1/notifications/").json()["results"]
    assert [n["id"] for n in results] == [n.pk for n in reversed(mine)]
    assert results[0]["thread"] == {"id": thread.pk, "title": thread.title}


def test_unread_filter(client_as, people):
    unread = NotificationFactory(recipient=people["member"])
    NotificationFactory(recipient=people["member"], read_at="2026-01-01T00:00:00Z")
    results = client_as("member").get("/api/v1/notifications/?unread=true").json()["results"]
    assert [n["id"] for n in results] == [unread.pk]


def test_mark_one_and_all_read(client_as, people):
    first, second, third = NotificationFactory.create_batch(3, recipient=people["member"])
    client = client_as("member")
    assert client.post(f"/api/v1/notifications/{first.pk}/read/").json() == {"marked_read": 1}
    assert client.post(f"/api/v1/notifications/{first.pk}/read/").json() == {"marked_read": 0}
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked_read": 2}
    assert not Notification.objects.filter(recipient=people["member"], read_at__isnull=True).exists()


def test_someone_elses_notification_is_404(client_as, people):
    theirs = NotificationFactory(recipient=people["author"])
    assert_error(client_as("member").post(f"/api/v1/notifications/{theirs.pk}/read/"), 404)
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("url", ["/api/v1/notifications/", "/api/v1/notifications/read-all/"])
def test_anonymous_has_no_notifications(api, url):
    response = api.get(url) if url.endswith("notifications/") else api.post(url)
    assert_error(response, 401)


def test_notification_list_query_count_does_not_grow(
    client_as, people, thread, django_assert_max_num_queries
):
    client = client_as("member")
    actor = MemberFactory()
    NotificationFactory.create_batch(2, recipient=people["member"], actor=actor, thread=thread)
    with django_assert_max_num_queries(1):
        assert client.get("/api/v1/notifications/").status_code == 200
    NotificationFactory.create_batch(20, recipient=people["member"], actor=actor, thread=thread)
    with django_assert_max_num_queries(1):
        assert client.get("/api/v1/notifications/").status_code == 200


def test_notification_actor_email_is_never_shown(client_as, people):
    actor = MemberFactory(email="actor-private@example.org")
    NotificationFactory(recipient=people["member"], actor=actor)
    assert (
        "actor-private@example.org" not in client_as("member").get("/api/v1/notifications/").content.decode()
    )


# -- tokens --------------------------------------------------------------------------------------------------
def test_member_with_a_confirmed_email_gets_a_token_that_authenticates(verified, people):
    member = verified(people["member"])
    api = APIClient()
    response = api.post("/api/v1/auth/token/", {"email": member.email, "password": "correct horse battery"})
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").json()["id"] == member.pk
    assert api.delete("/api/v1/auth/token/").status_code == 204
    assert not Token.objects.filter(user=member).exists()
    assert_error(api.get("/api/v1/me/"), 401, "authentication_failed")


def test_wrong_password_is_a_401_with_a_token_challenge(people):
    response = APIClient().post("/api/v1/auth/token/", {"email": people["member"].email, "password": "nope"})
    assert_error(response, 401, "authentication_failed")
    assert response["WWW-Authenticate"] == "Token"


def test_an_unconfirmed_email_gets_no_token(people):
    response = APIClient().post(
        "/api/v1/auth/token/", {"email": people["member"].email, "password": "correct horse battery"}
    )
    error = assert_error(response, 403, "permission_denied")
    assert "confirm your email" in error["message"]


def test_token_request_validation(api):
    error = assert_error(api.post("/api/v1/auth/token/", {"email": "not-an-email"}), 400)
    assert set(error["fields"]) == {"email", "password"}


def test_session_writes_need_a_csrf_token(people, thread):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(people["member"])
    response = client.post(f"/api/v1/threads/{thread.pk}/follow/")
    error = assert_error(response, 403, "permission_denied")
    assert "CSRF" in error["message"]
    assert client.get("/api/v1/me/").status_code == 200


# -- reports -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("member", 201), ("author", 201), ("moderator", 201), ("admin", 201)],
)
def test_report_permission_matrix(client_as, reply, role, status, monkeypatch):
    calls = []
    from moderation.api import member_views

    monkeypatch.setattr(member_views, "report_create", lambda **kw: calls.append(kw) or True)
    response = client_as(role).post(
        f"/api/v1/posts/{reply.pk}/report/", {"reason": "crisis", "note": "worried"}
    )
    assert response.status_code == status
    if status == 201:
        assert (
            calls[0]["post"].pk == reply.pk
            and calls[0]["reason"] == "crisis"
            and calls[0]["note"] == "worried"
        )
    else:
        assert_error(response, status)
        assert calls == []


def test_reporting_twice_answers_200_with_created_false(client_as, reply, monkeypatch):
    from moderation.api import member_views

    monkeypatch.setattr(member_views, "report_create", lambda **kw: False)
    response = client_as("member").post(f"/api/v1/posts/{reply.pk}/report/", {"reason": "spam"})
    assert response.status_code == 200
    assert response.json()["created"] is False


def test_too_many_reports_answer_429_with_the_services_message_and_retry_after(
    client_as, people, thread, settings
):
    settings.HEARTH_REPORTS_PER_HOUR = 2
    posts = [ReplyFactory(thread=thread, author=people["author"]) for _ in range(3)]
    client = client_as("member")
    for post in posts[:2]:
        assert client.post(f"/api/v1/posts/{post.pk}/report/", {"reason": "spam"}).status_code == 201
    response = client.post(f"/api/v1/posts/{posts[2].pk}/report/", {"reason": "spam"})
    error = assert_error(response, 429, "rate_limited")
    assert "a lot of reports in the last hour" in error["message"]
    # The oldest of the two reports leaves the one-hour window in (just under) an hour.
    assert 3500 <= int(response["Retry-After"]) <= 3601
    # Moderators are not limited; another member has their own allowance.
    assert (
        client_as("moderator").post(f"/api/v1/posts/{posts[2].pk}/report/", {"reason": "spam"}).status_code
        == 201
    )
    assert (
        client_as("admin").post(f"/api/v1/posts/{posts[2].pk}/report/", {"reason": "spam"}).status_code == 201
    )


def test_a_rate_limit_that_knows_its_wait_passes_it_on_as_retry_after(client_as, reply, monkeypatch):
    from django.core.exceptions import ValidationError

    from moderation.api import member_views

    def limited(**kwargs):
        raise ValidationError("Please wait a little.", code="rate_limited", params={"retry_after": 119.2})

    monkeypatch.setattr(member_views, "report_create", limited)
    response = client_as("member").post(f"/api/v1/posts/{reply.pk}/report/", {"reason": "spam"})
    assert assert_error(response, 429, "rate_limited")["message"] == "Please wait a little."
    assert response["Retry-After"] == "120"


def test_other_report_refusals_stay_400s_with_their_code(client_as, reply):
    # The author reporting their own post: the service's "own_post" refusal, not a rate limit.
    response = client_as("author").post(f"/api/v1/posts/{reply.pk}/report/", {"reason": "spam"})
    assert_error(response, 400, "own_post")
    assert "Retry-After" not in response


def test_report_needs_a_known_reason(client_as, reply):
    error = assert_error(
        client_as("member").post(f"/api/v1/posts/{reply.pk}/report/", {"reason": "boring"}), 400
    )
    assert "reason" in error["fields"]


def test_a_post_you_cannot_see_cannot_be_reported(client_as, thread):
    held = ReplyFactory(thread=thread, status="held")
    assert_error(client_as("member").post(f"/api/v1/posts/{held.pk}/report/", {"reason": "spam"}), 404)


@pytest.mark.parametrize("role", ROLES)
def test_no_response_leaks_another_members_email(client_as, people, thread, reply, role):
    NotificationFactory(recipient=people["member"], actor=people["author"], thread=thread)
    viewer = people[role]
    others = [m.email for key, m in people.items() if m is not None and m != viewer]
    client = client_as(role)
    urls = [
        "/api/v1/spaces/",
        "/api/v1/threads/",
        f"/api/v1/threads/{thread.pk}/",
        f"/api/v1/threads/{thread.pk}/replies/",
        f"/api/v1/posts/{reply.pk}/",
        f"/api/v1/members/{people['author'].pk}/",
        f"/api/v1/members/{people['author'].pk}/posts/",
        f"/api/v1/members/{people['member'].pk}/",
    ]
    if viewer is not None:
        urls += ["/api/v1/me/", "/api/v1/notifications/", "/api/v1/me/mutes/"]
        for other in people.values():
            if other is not None and other != viewer:
                client.post(f"/api/v1/members/{other.pk}/mute/")
    for url in urls:
        content = client.get(url).content.decode()
        if role == "admin":
            continue  # staff may see members' emails
        for email in others:
            assert email not in content, (role, url)


# -- digest unsubscribe --------------------------------------------------------------------------------------
def test_the_token_from_a_digest_email_unsubscribes_without_signing_in(api, people):
    from community.unsubscribe import unsubscribe_token

    token = unsubscribe_token(member_id=people["member"].pk, scope="digest")
    response = api.post("/api/v1/unsubscribe/", {"token": token})
    assert response.json() == {
        "changed": True,
        "scope": "digest",
        "message": "You won't get digest emails any more.",
    }
    people["member"].refresh_from_db()
    assert people["member"].digest_frequency == "off"
    assert api.post("/api/v1/unsubscribe/", {"token": token}).json()["changed"] is False


def test_a_forged_unsubscribe_token_is_a_400(api, people):
    error = assert_error(api.post("/api/v1/unsubscribe/", {"token": f"{people['member'].pk}:forged"}), 400)
    assert "token" in error["fields"]
    people["member"].refresh_from_db()
    assert people["member"].digest_frequency != "off"
