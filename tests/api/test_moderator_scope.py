"""A moderator limited to some spaces acts only there, through the API and on the site (issue 11, item 6).

Everything here is done by a moderator whose profile lists one space (``limited``) to a thread in another
space (``elsewhere``): closing, reopening, pinning, editing, reading removed text in the audit log and
held posts in a member's record. A moderator of the thread's own space does the same things successfully,
so each refusal is the scope at work and not a broken endpoint.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from community.models import Post, PostRevision, Thread
from moderation.models import AuditLogEntry, Lane, ReviewItem
from moderation.services import notes, review_items
from moderation.services.reports import report_create
from tests.factories import AdminFactory, MemberFactory, ReplyFactory, SpaceFactory, ThreadFactory
from tests.moderation.factories import ModeratorProfileFactory, ReviewItemFactory

pytestmark = pytest.mark.django_db

M = "/api/v1/moderation"
SECRET = "Words only the moderators of that space should read again"


@pytest.fixture
def elsewhere(db):
    return ThreadFactory(space=SpaceFactory(name="Elsewhere"))


def moderator_of(space):
    profile = ModeratorProfileFactory()
    profile.spaces.add(space)
    return profile.member


@pytest.fixture
def limited(db):
    return moderator_of(SpaceFactory(name="Mine"))


def api_as(member) -> APIClient:
    api = APIClient()
    api.force_authenticate(user=member)
    return api


@pytest.mark.parametrize(
    ("path", "data"),
    [("close", {"reason": "Enough."}), ("reopen", {}), ("pin", {"pinned": True})],
)
def test_a_limited_moderator_cannot_close_reopen_or_pin_a_thread_in_another_space(
    limited, elsewhere, path, data
):
    if path == "reopen":
        Thread.objects.filter(pk=elsewhere.pk).update(is_closed=True)
    before = Thread.objects.values("is_closed", "is_pinned").get(pk=elsewhere.pk)

    response = api_as(limited).post(f"/api/v1/threads/{elsewhere.pk}/{path}/", data, format="json")

    assert response.status_code == 403, response.content
    assert Thread.objects.values("is_closed", "is_pinned").get(pk=elsewhere.pk) == before
    assert not AuditLogEntry.objects.exists()


def test_a_moderator_of_the_thread_s_space_can_close_and_pin_it_through_the_api(elsewhere):
    api = api_as(moderator_of(elsewhere.space))

    assert api.post(f"/api/v1/threads/{elsewhere.pk}/close/", {"reason": "Enough."}).status_code == 200
    assert (
        api.post(f"/api/v1/threads/{elsewhere.pk}/pin/", {"pinned": True}, format="json").status_code == 200
    )
    elsewhere.refresh_from_db()
    assert elsewhere.is_closed and elsewhere.is_pinned


def test_a_limited_moderator_cannot_edit_a_post_in_another_space_through_the_api(limited, elsewhere):
    reply = ReplyFactory(thread=elsewhere, body="What I wrote")

    response = api_as(limited).patch(f"/api/v1/posts/{reply.pk}/", {"body": "What a moderator made it say"})
    shown = api_as(limited).get(f"/api/v1/posts/{reply.pk}/").json()

    assert response.status_code == 403, response.content
    reply.refresh_from_db()
    assert reply.body == "What I wrote"
    assert not PostRevision.objects.exists() and not AuditLogEntry.objects.exists()
    assert shown["can_edit"] is False and "moderation" not in shown


def test_a_moderator_of_the_post_s_space_can_edit_it_through_the_api(elsewhere):
    reply = ReplyFactory(thread=elsewhere, body="What I wrote")
    api = api_as(moderator_of(elsewhere.space))

    response = api.patch(f"/api/v1/posts/{reply.pk}/", {"body": "Edited kindly", "note": "A name removed."})

    assert response.status_code == 200, response.content
    assert response.json()["post"]["can_edit"] is True and "moderation" in response.json()["post"]


def test_a_limited_moderator_gets_403_from_the_web_edit_page_of_a_post_in_another_space(
    client, limited, elsewhere
):
    reply = ReplyFactory(thread=elsewhere, body="What I wrote")
    client.force_login(limited)
    url = reverse("community:post_edit", kwargs={"post_id": reply.pk})

    assert client.get(url).status_code == 403
    assert client.post(url, {"body": "Changed", "note": "x"}).status_code == 403
    reply.refresh_from_db()
    assert reply.body == "What I wrote"


def removed(thread, *, body: str = SECRET, reason: str = "Unkind, in another space.") -> ReviewItem:
    """A reply in ``thread``, reported and then removed by an admin: its text is in the audit log."""
    reply = ReplyFactory(thread=thread, body=body)
    report_create(post=reply, reporter=MemberFactory(), reason="harassment")
    item = ReviewItem.objects.get(post=reply)
    review_items.review_item_delete(item=item, actor=AdminFactory(), reason=reason)
    return item


def test_a_limited_moderator_does_not_read_removed_text_from_other_spaces_in_the_audit_log(
    client, limited, elsewhere
):
    removed(elsewhere)
    here = ThreadFactory(space=limited.moderator_profile.spaces.get())
    mine = removed(here, body="Removed where I moderate", reason="Unkind, where I moderate.")
    note = notes.moderator_note_add(member=MemberFactory(), actor=AdminFactory(), body="Context.")
    client.force_login(limited)

    body = api_as(limited).get(f"{M}/audit/").content.decode()
    entries = api_as(limited).get(f"{M}/audit/").json()["results"]
    page = client.get(reverse("moderation:audit")).content.decode()

    assert SECRET not in body and "Removed where I moderate" in body
    assert "another space" not in page and "where I moderate" in page
    assert {e["item"] for e in entries if e["item"]} == {mine.pk}
    assert any(e["action"] == "note" and e["target_member"] == note.member_id for e in entries)
    # A moderator of every space reads both removals.
    everywhere = api_as(ModeratorProfileFactory().member).get(f"{M}/audit/").content.decode()
    assert SECRET in everywhere and "Removed where I moderate" in everywhere


def test_a_limited_moderator_does_not_see_held_posts_from_other_spaces_in_a_member_s_record(
    client, limited, elsewhere
):
    writer = MemberFactory()
    held = ReplyFactory(thread=elsewhere, author=writer, body=SECRET, status=Post.Status.HELD)
    own_space = limited.moderator_profile.spaces.get()
    held_here = ReplyFactory(
        thread=ThreadFactory(space=own_space, title="A thread where I moderate"),
        author=writer,
        body="Held where I moderate",
        status=Post.Status.HELD,
    )
    public = ReplyFactory(thread=elsewhere, author=writer, body="Published for everyone")
    for post in (held, held_here):
        ReviewItemFactory(post=post, lane=Lane.HELD)
    client.force_login(limited)

    record = api_as(limited).get(f"{M}/members/{writer.pk}/").json()
    page = client.get(reverse("moderation:member", kwargs={"member_id": writer.pk})).content.decode()

    assert {p["id"] for p in record["recent_posts"]} == {held_here.pk, public.pk}
    assert held.pk not in {p["id"] for p in record["recent_posts"]}
    assert elsewhere.title not in page and "A thread where I moderate" in page
