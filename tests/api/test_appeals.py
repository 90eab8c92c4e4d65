"""Issue 14 items 1-2 through the API: a member's moderation notices and their one appeal; moderators'
appeals (list, detail, decide), 404 to non-moderators and outside a moderator's spaces."""

import pytest

from community.models import Notification, Post
from moderation.models import Appeal, AuditAction, AuditLogEntry, ModerationNotice
from moderation.services import review_items
from moderation.services.appeals import appeal_create
from tests import query_budgets
from tests.api.conftest import assert_error
from tests.factories import MemberFactory, ModeratorFactory, ReplyFactory, SpaceFactory, ThreadFactory
from tests.moderation.factories import ModeratorProfileFactory, ReviewItemFactory

pytestmark = pytest.mark.django_db

NOTICES = "/api/v1/me/moderation-notices/"
APPEALS = "/api/v1/moderation/appeals/"


def hidden(post, moderator) -> ModerationNotice:
    """Hide a post the way moderators do; the author gets a notice."""
    review_items.review_item_hide(item=ReviewItemFactory(post=post), actor=moderator)
    return ModerationNotice.objects.get(post=post)


def appealed(post, moderator, note="It was my own number.") -> Appeal:
    notice = hidden(post, moderator)
    appeal, _ = appeal_create(notice=notice, actor=notice.member, note=note)
    return appeal


@pytest.fixture
def notice(reply, moderator):
    return hidden(reply, moderator)


# -- a member's notices --------------------------------------------------------------------------------------
def test_a_member_lists_and_reads_their_own_notices_with_the_reason(client_as, notice):
    client = client_as("author")
    [row] = client.get(NOTICES).json()["results"]
    assert row["id"] == notice.pk and row["action"] == "hidden" and row["can_appeal"] is True
    assert row["post"]["id"] == notice.post_id and row["post"]["status"] == Post.Status.HIDDEN
    assert "hidden your reply" in row["message"] and row["appeal"] is None
    assert client.get(f"{NOTICES}{notice.pk}/").json() == row


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_nobody_else_sees_a_members_notice(client_as, notice, role):
    client = client_as(role)
    assert client.get(NOTICES).json()["results"] == []
    assert_error(client.get(f"{NOTICES}{notice.pk}/"), 404, "not_found")
    assert_error(client.post(f"{NOTICES}{notice.pk}/appeal/", {"note": "x"}), 404, "not_found")
    assert not Appeal.objects.exists()


def test_signed_out_people_get_401_from_notices(client_as, notice):
    assert client_as("anonymous").get(NOTICES).status_code in (401, 403)


def test_a_member_appeals_once_and_a_second_appeal_is_409_with_a_clear_message(client_as, notice):
    client = client_as("author")
    response = client.post(f"{NOTICES}{notice.pk}/appeal/", {"note": "That was my own number."})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["appeal"]["status"] == "open" and body["appeal"]["note"] == "That was my own number."
    assert body["can_appeal"] is False
    error = assert_error(client.post(f"{NOTICES}{notice.pk}/appeal/", {"note": "again"}), 409)
    assert error["code"] == "already_appealed" and "already asked" in error["message"]
    assert Appeal.objects.get().note == "That was my own number."


def test_an_appeal_needs_a_note(client_as, notice):
    error = assert_error(client_as("author").post(f"{NOTICES}{notice.pk}/appeal/", {"note": ""}), 400)
    assert "note" in error["fields"]
    assert not Appeal.objects.exists()


def test_notices_list_query_count_does_not_grow(
    client_as, author, thread, moderator, django_assert_max_num_queries
):
    client = client_as("author")
    for _ in range(3):
        hidden(ReplyFactory(thread=thread, author=author), moderator)
    with django_assert_max_num_queries(query_budgets.API_NOTICES_LIST):
        assert len(client.get(NOTICES).json()["results"]) == 3
    for _ in range(20):
        appealed(ReplyFactory(thread=thread, author=author), moderator)
    with django_assert_max_num_queries(query_budgets.API_NOTICES_LIST):
        assert len(client.get(NOTICES).json()["results"]) == 23


# -- moderators' appeals -------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["anonymous", "member", "author"])
def test_every_appeal_endpoint_is_404_for_non_moderators(client_as, reply, moderator, role):
    appeal = appealed(reply, moderator)
    client = client_as(role)
    assert_error(client.get(APPEALS), 404, "not_found")
    assert_error(client.get(f"{APPEALS}{appeal.pk}/"), 404, "not_found")
    response = client.post(f"{APPEALS}{appeal.pk}/decide/", {"decision": "reverse", "note": "ok"})
    assert_error(response, 404, "not_found")
    appeal.refresh_from_db()
    assert appeal.is_open


def test_a_moderator_of_other_spaces_gets_404_for_the_appeal(api, reply, moderator):
    appeal = appealed(reply, moderator)
    elsewhere = ModeratorProfileFactory(member=ModeratorFactory())
    elsewhere.spaces.add(SpaceFactory())
    api.force_authenticate(user=elsewhere.member)
    assert api.get(APPEALS).json()["results"] == []
    assert_error(api.get(f"{APPEALS}{appeal.pk}/"), 404, "not_found")
    response = api.post(f"{APPEALS}{appeal.pk}/decide/", {"decision": "reverse", "note": "ok"})
    assert_error(response, 404, "not_found")
    appeal.refresh_from_db()
    assert appeal.is_open


def test_another_moderator_reverses_the_appeal_and_the_post_is_back(api, reply, moderator):
    appeal = appealed(reply, moderator)
    other = ModeratorFactory()
    api.force_authenticate(user=other)
    [row] = api.get(APPEALS).json()["results"]
    assert row["id"] == appeal.pk and row["notice"]["actor"]["id"] == moderator.pk
    assert api.get(f"{APPEALS}{appeal.pk}/").json() == row
    response = api.post(f"{APPEALS}{appeal.pk}/decide/", {"decision": "reverse", "note": "You're right."})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "reversed" and response.json()["decided_by"]["id"] == other.pk
    reply.refresh_from_db()
    assert reply.status == Post.Status.PUBLISHED
    outcome = Notification.objects.get(recipient=reply.author, kind=Notification.Kind.APPEAL_OUTCOME)
    assert "You're right." in outcome.message
    assert AuditLogEntry.objects.filter(action=AuditAction.APPEAL_REVERSE, actor=other).exists()
    error = assert_error(api.post(f"{APPEALS}{appeal.pk}/decide/", {"decision": "uphold", "note": "x"}), 409)
    assert error["code"] == "already_decided"
    assert api.get(APPEALS).json()["results"] == []
    assert len(api.get(f"{APPEALS}?status=all").json()["results"]) == 1


def test_deciding_needs_a_note_and_a_known_decision(api, reply, moderator):
    appeal = appealed(reply, moderator)
    api.force_authenticate(user=ModeratorFactory())
    assert (
        "note"
        in assert_error(api.post(f"{APPEALS}{appeal.pk}/decide/", {"decision": "uphold"}), 400)["fields"]
    )
    response = api.post(f"{APPEALS}{appeal.pk}/decide/", {"decision": "shrug", "note": "x"})
    assert "decision" in assert_error(response, 400)["fields"]
    appeal.refresh_from_db()
    assert appeal.is_open


def test_upholding_keeps_the_post_hidden_and_tells_the_member(api, reply, moderator):
    appeal = appealed(reply, moderator)
    api.force_authenticate(user=ModeratorFactory())
    response = api.post(f"{APPEALS}{appeal.pk}/decide/", {"decision": "uphold", "note": "It stays hidden."})
    assert response.json()["status"] == "upheld"
    reply.refresh_from_db()
    assert reply.status == Post.Status.HIDDEN
    assert Notification.objects.filter(recipient=reply.author, kind="appeal_outcome").exists()


def test_appeals_list_query_count_does_not_grow(api, thread, moderator, django_assert_max_num_queries):
    api.force_authenticate(user=ModeratorFactory())
    for _ in range(3):
        appealed(ReplyFactory(thread=thread, author=MemberFactory()), moderator)
    with django_assert_max_num_queries(query_budgets.API_APPEALS_LIST):
        assert len(api.get(APPEALS).json()["results"]) == 3
    other_thread = ThreadFactory(space=thread.space)
    for _ in range(20):
        appealed(ReplyFactory(thread=other_thread, author=MemberFactory()), moderator)
    with django_assert_max_num_queries(query_budgets.API_APPEALS_LIST):
        assert len(api.get(APPEALS).json()["results"]) == 23
