"""Moderator endpoints under /api/v1/moderation/: queue, items, claims, actions, members, audit log."""

import pytest

from community.models import Post
from moderation.models import AuditLogEntry, ModeratorProfile, ReviewItem, Sanction
from moderation.services.reports import report_create
from tests.api.conftest import assert_error
from tests.factories import MemberFactory, ModeratorFactory, ReplyFactory, SpaceFactory, ThreadFactory

pytestmark = pytest.mark.django_db

M = "/api/v1/moderation"


def reported(post, *, reason="harassment", reporter=None, note="This felt unkind."):
    """A review item made the way members make them: a member's report."""
    report_create(post=post, reporter=reporter or MemberFactory(), reason=reason, note=note)
    return ReviewItem.objects.get(post=post)


@pytest.fixture
def item(reply):
    return reported(reply)


@pytest.mark.parametrize("role", ["anonymous", "member", "author"])
def test_every_moderation_endpoint_is_404_for_non_moderators(client_as, people, item, role):
    client = client_as(role)
    member_id = people["author"].pk
    gets = [
        f"{M}/queue/",
        f"{M}/queue/counts/",
        f"{M}/items/{item.pk}/",
        f"{M}/members/{member_id}/",
        f"{M}/members/{member_id}/notes/",
        f"{M}/members/{member_id}/sanctions/",
        f"{M}/audit/",
    ]
    for url in gets:
        assert_error(client.get(url), 404, "not_found")
    posts = [
        f"{M}/items/{item.pk}/claim/",
        f"{M}/items/{item.pk}/approve/",
        f"{M}/items/{item.pk}/hide/",
        f"{M}/members/{member_id}/notes/",
        f"{M}/members/{member_id}/sanctions/",
    ]
    for url in posts:
        assert_error(client.post(url, {"body": "x", "kind": "suspension"}), 404, "not_found")
    item.refresh_from_db()
    assert item.is_open and item.claimed_by_id is None
    assert not Sanction.objects.exists()


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_moderators_see_the_reported_lane_with_flags_and_notes(client_as, item, role):
    body = client_as(role).get(f"{M}/queue/?lane=reported").json()
    [row] = body["results"]
    assert row["id"] == item.pk and row["lane"] == "reported"
    assert row["flags"][0]["source"] == "member"
    assert row["flags"][0]["note"] == "This felt unkind."
    assert row["post"]["body"] == item.post.body
    assert client_as(role).get(f"{M}/queue/?lane=safety").json()["results"] == []
    assert client_as(role).get(f"{M}/queue/counts/").json()["reported"] == 1


@pytest.mark.parametrize("query", ["lane=everything", "claimed=someone", "age=1y", "space=abc"])
def test_queue_filter_validation(client_as, query):
    error = assert_error(client_as("moderator").get(f"{M}/queue/?{query}"), 400, "invalid")
    assert query.split("=")[0] in error["fields"]


def test_queue_filters_by_space_and_claim(client_as, people, item):
    other_space_item = reported(ReplyFactory(thread=ThreadFactory(space=SpaceFactory())))
    client = client_as("moderator")
    space_id = item.post.thread.space_id
    ids = [r["id"] for r in client.get(f"{M}/queue/?lane=reported&space={space_id}").json()["results"]]
    assert ids == [item.pk]
    client.post(f"{M}/items/{other_space_item.pk}/claim/")
    mine = [r["id"] for r in client.get(f"{M}/queue/?lane=reported&claimed=mine").json()["results"]]
    assert mine == [other_space_item.pk]
    unclaimed = [r["id"] for r in client.get(f"{M}/queue/?lane=reported&claimed=unclaimed").json()["results"]]
    assert unclaimed == [item.pk]


def test_queue_query_count_does_not_grow_with_items(client_as, thread, django_assert_max_num_queries):
    client = client_as("moderator")
    for _ in range(2):
        reported(ReplyFactory(thread=thread))
    with django_assert_max_num_queries(5):
        assert len(client.get(f"{M}/queue/?lane=reported").json()["results"]) == 2
    for _ in range(15):
        reported(ReplyFactory(thread=thread))
    with django_assert_max_num_queries(5):
        assert len(client.get(f"{M}/queue/?lane=reported").json()["results"]) == 17


def test_item_detail_has_flags_evidence_history_and_audit(client_as, item):
    client = client_as("moderator")
    client.post(f"{M}/items/{item.pk}/edit/", {"body": "Kinder words.", "note": "Removed a personal attack."})
    body = client.get(f"{M}/items/{item.pk}/").json()
    assert body["item"]["flags"][0]["category"] == "harassment"
    assert body["item"]["post"]["body"] == "Kinder words."
    assert body["revisions"][0]["note"] == "Removed a personal attack."
    assert body["revisions"][0]["body"] != "Kinder words."
    assert [a["action"] for a in body["audit"]] == ["edit"]
    assert body["author_open_items"] == 1


def test_claim_conflict_and_release(client_as, item):
    mine = client_as("moderator")
    first = mine.post(f"{M}/items/{item.pk}/claim/").json()
    assert first["changed"] is True and first["item"]["claim_is_live"] is True
    assert mine.post(f"{M}/items/{item.pk}/claim/").json()["changed"] is False
    error = assert_error(client_as("admin").post(f"{M}/items/{item.pk}/claim/"), 409, "conflict")
    assert "is working on this item" in error["message"]
    assert client_as("admin").post(f"{M}/items/{item.pk}/release/").json()["changed"] is False
    assert mine.post(f"{M}/items/{item.pk}/release/").json()["changed"] is True
    assert client_as("admin").post(f"{M}/items/{item.pk}/claim/").json()["changed"] is True


@pytest.mark.parametrize(
    ("action", "payload", "resolution", "post_status"),
    [
        ("approve", {}, "approved", "published"),
        ("off-topic", {"reason": "Belongs elsewhere."}, "off_topic", "published"),
        ("hide", {"reason": "Unkind."}, "hidden", "hidden"),
        ("delete", {"reason": "Personal attack."}, "deleted", "hidden"),
        ("reached-out", {"note": "Sent a private message."}, "reached_out", "published"),
        ("escalated", {"note": "Called the emergency contact."}, "escalated", "published"),
    ],
)
def test_resolving_actions_resolve_the_item_once(client_as, item, action, payload, resolution, post_status):
    client = client_as("moderator")
    response = client.post(f"{M}/items/{item.pk}/{action}/", payload)
    assert response.status_code == 200, response.content
    assert response.json()["changed"] is True
    assert response.json()["item"]["status"] == "resolved"
    item.refresh_from_db()
    assert item.resolution == resolution
    assert Post.objects.get(pk=item.post_id).status == post_status
    assert client.post(f"{M}/items/{item.pk}/{action}/", payload).json()["changed"] is False
    assert AuditLogEntry.objects.filter(item=item).count() == 1


@pytest.mark.parametrize(
    ("action", "payload", "field"),
    [
        ("reached-out", {"note": " "}, None),
        ("reached-out", {}, "note"),
        ("edit", {"body": "New", "note": ""}, None),
        ("edit", {"body": "", "note": "why"}, None),
        ("warn", {"message": ""}, None),
        ("silence", {}, "days"),
        ("silence", {"days": 0}, "days"),
    ],
)
def test_action_validation_errors(client_as, item, action, payload, field):
    error = assert_error(client_as("moderator").post(f"{M}/items/{item.pk}/{action}/", payload), 400)
    if field:
        assert field in error["fields"]
    item.refresh_from_db()
    assert item.is_open


def test_lock_warn_silence_and_suspend_leave_the_item_open(client_as, people, item):
    client = client_as("moderator")
    assert client.post(f"{M}/items/{item.pk}/lock-thread/", {"reason": "Heated."}).json()["changed"] is True
    assert client.post(f"{M}/items/{item.pk}/warn/", {"message": "Please be gentle."}).json()["changed"]
    assert client.post(f"{M}/items/{item.pk}/silence/", {"days": 3}).json()["changed"] is True
    assert client.post(f"{M}/items/{item.pk}/suspend/", {"reason": "Again."}).json()["changed"] is True
    item.refresh_from_db()
    assert item.is_open and item.post.thread.is_closed
    kinds = set(Sanction.objects.filter(member=people["author"]).values_list("kind", flat=True))
    assert kinds == {"warning", "silence", "suspension"}


def test_a_moderator_limited_to_other_spaces_gets_404_for_this_item(client_as, people, item):
    profile = ModeratorProfile.objects.create(member=people["moderator"])
    profile.spaces.add(SpaceFactory())
    client = client_as("moderator")
    assert_error(client.get(f"{M}/items/{item.pk}/"), 404)
    assert_error(client.post(f"{M}/items/{item.pk}/approve/"), 404)
    assert client.get(f"{M}/queue/?lane=reported").json()["results"] == []


def test_notes_and_sanctions_about_a_member(client_as, people):
    client = client_as("moderator")
    target = people["member"]
    note = client.post(f"{M}/members/{target.pk}/notes/", {"body": "Reached out; they're okay."})
    assert note.status_code == 201 and note.json()["body"] == "Reached out; they're okay."
    assert_error(client.post(f"{M}/members/{target.pk}/notes/", {"body": "  "}), 400)
    assert [n["id"] for n in client.get(f"{M}/members/{target.pk}/notes/").json()["results"]] == [
        note.json()["id"]
    ]

    silenced = client.post(
        f"{M}/members/{target.pk}/sanctions/", {"kind": "silence", "days": 2, "reason": "Spam."}
    )
    assert silenced.json()["changed"] is True
    again = client.post(f"{M}/members/{target.pk}/sanctions/", {"kind": "silence", "days": 1})
    assert again.json()["changed"] is False
    assert_error(client.post(f"{M}/members/{target.pk}/sanctions/", {"kind": "silence"}), 400)
    assert_error(client.post(f"{M}/members/{target.pk}/sanctions/", {"kind": "ban"}), 400)
    error = assert_error(
        client.post(f"{M}/members/{people['moderator'].pk}/sanctions/", {"kind": "suspension"}), 400
    )
    assert error["message"] == "You can't restrict your own account."
    [sanction] = client.get(f"{M}/members/{target.pk}/sanctions/").json()["results"]
    assert sanction["is_active"] is True
    revoked = client.post(f"{M}/sanctions/{sanction['id']}/revoke/", {"reason": "Appealed."}).json()
    assert revoked["changed"] is True and revoked["sanctions"][0]["is_active"] is False
    assert client.post(f"{M}/sanctions/{sanction['id']}/revoke/").json()["changed"] is False

    record = client.get(f"{M}/members/{target.pk}/").json()
    assert len(record["notes"]) == 1 and len(record["sanctions"]) == 1
    assert_error(client.get(f"{M}/members/999999/"), 404)


def test_audit_log_is_read_only_and_filterable(client_as, item):
    client = client_as("moderator")
    client.post(f"{M}/items/{item.pk}/claim/")
    client.post(f"{M}/items/{item.pk}/hide/", {"reason": "Unkind."})
    entries = client.get(f"{M}/audit/").json()["results"]
    assert [e["action"] for e in entries] == ["hide", "claim"]
    assert [e["action"] for e in client.get(f"{M}/audit/?action=claim").json()["results"]] == ["claim"]
    assert client.get(f"{M}/audit/?item={item.pk}").json()["results"][0]["item"] == item.pk
    assert_error(client.delete(f"{M}/audit/"), 405, "method_not_allowed")
    assert_error(client.post(f"{M}/audit/", {}), 405)


def test_audit_list_query_count_does_not_grow(client_as, thread, django_assert_max_num_queries):
    client = client_as("moderator")
    for _ in range(2):
        client.post(f"{M}/items/{reported(ReplyFactory(thread=thread)).pk}/claim/")
    with django_assert_max_num_queries(2):
        assert client.get(f"{M}/audit/").status_code == 200
    for _ in range(10):
        client.post(f"{M}/items/{reported(ReplyFactory(thread=thread)).pk}/claim/")
    with django_assert_max_num_queries(2):
        assert client.get(f"{M}/audit/").status_code == 200


def test_moderators_who_are_not_staff_never_see_emails(client_as, people, item):
    reporter_email = item.flags.first().reporter.email
    body = client_as("moderator").get(f"{M}/items/{item.pk}/").content.decode()
    assert reporter_email not in body and people["author"].email not in body
    staff_body = client_as("admin").get(f"{M}/items/{item.pk}/").content.decode()
    assert reporter_email in staff_body


def test_a_second_moderator_factory_moderator_can_act_too(client_as, item):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(ModeratorFactory())
    assert client.post(f"{M}/items/{item.pk}/approve/").json()["changed"] is True


def test_note_and_sanction_lists_query_count_does_not_grow(client_as, people, django_assert_max_num_queries):
    client = client_as("moderator")
    target = people["member"]

    def add(n):
        for i in range(n):
            client.post(f"{M}/members/{target.pk}/notes/", {"body": f"Note {i}"})
            sanction = client.post(f"{M}/members/{target.pk}/sanctions/", {"kind": "silence", "days": 1})
            client.post(f"{M}/sanctions/{sanction.json()['sanctions'][0]['id']}/revoke/")

    add(2)
    for url in (f"{M}/members/{target.pk}/notes/", f"{M}/members/{target.pk}/sanctions/"):
        with django_assert_max_num_queries(2):
            assert client.get(url).status_code == 200
    add(8)
    for url in (f"{M}/members/{target.pk}/notes/", f"{M}/members/{target.pk}/sanctions/"):
        with django_assert_max_num_queries(2):
            assert len(client.get(url).json()["results"]) == 10
