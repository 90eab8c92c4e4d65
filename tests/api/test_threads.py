import pytest

from community.models import Post, Thread, ThreadSubscription
from tests.api.conftest import ROLES, assert_error
from tests.factories import MemberFactory, SpaceFactory, ThreadFactory

pytestmark = pytest.mark.django_db


# -- list ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_everyone_can_list_threads_pinned_first(client_as, role, space):
    older_pinned = ThreadFactory(space=space, is_pinned=True)
    recent = ThreadFactory(space=space)
    ids = [t["id"] for t in client_as(role).get("/api/v1/threads/").json()["results"]]
    assert ids.index(older_pinned.pk) < ids.index(recent.pk)


def test_threads_filter_by_space_pinned_and_closed(api, space):
    other_space = SpaceFactory()
    pinned = ThreadFactory(space=space, is_pinned=True)
    closed = ThreadFactory(space=space, is_closed=True)
    elsewhere = ThreadFactory(space=other_space)

    def ids(query):
        return {t["id"] for t in api.get(f"/api/v1/threads/?{query}").json()["results"]}

    assert ids(f"space={space.slug}") == {pinned.pk, closed.pk}
    assert ids("pinned=true") == {pinned.pk}
    assert ids("closed=true") == {closed.pk}
    assert elsewhere.pk in ids("closed=false")


def test_thread_list_walks_pages_across_pinned_and_unpinned_without_repeats(api, space):
    threads = [ThreadFactory(space=space, is_pinned=(i % 3 == 0)) for i in range(8)]
    seen, url = [], "/api/v1/threads/?page_size=3"
    while url:
        body = api.get(url).json()
        seen += [t["id"] for t in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == len(threads)
    pinned_flags = [Thread.objects.get(pk=i).is_pinned for i in seen]
    assert pinned_flags == sorted(pinned_flags, reverse=True)


def test_threads_whose_opening_post_is_held_are_listed_only_for_author_and_moderators(
    client_as, people, space
):
    held = ThreadFactory(space=space, author=people["author"])
    Post.objects.filter(thread=held).update(status=Post.Status.HELD)
    for role, sees in [("anonymous", False), ("member", False), ("author", True), ("moderator", True)]:
        ids = {t["id"] for t in client_as(role).get("/api/v1/threads/").json()["results"]}
        assert (held.pk in ids) is sees, role
        detail = client_as(role).get(f"/api/v1/threads/{held.pk}/")
        assert detail.status_code == (200 if sees else 404), role


def test_thread_list_query_count_does_not_grow_with_threads(client_as, space, django_assert_max_num_queries):
    client = client_as("member")
    ThreadFactory.create_batch(2, space=space)
    with django_assert_max_num_queries(1):
        assert client.get("/api/v1/threads/").status_code == 200
    ThreadFactory.create_batch(20, space=space)
    with django_assert_max_num_queries(1):
        assert client.get("/api/v1/threads/").status_code == 200


# -- create --------------------------------------------------------------------------------------------------
def test_member_starts_a_thread_and_follows_it(client_as, people, space):
    response = client_as("member").post(
        "/api/v1/threads/",
        {"space": space.slug, "title": "Missing my therapist", "body": "It's been a week."},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["thread"]["title"] == "Missing my therapist"
    assert body["opening_post"]["body"] == "It's been a week."
    assert body["is_following"] is True
    assert ThreadSubscription.objects.filter(member=people["member"], thread_id=body["thread"]["id"]).exists()


def test_anonymous_cannot_start_a_thread(api, space):
    assert_error(api.post("/api/v1/threads/", {"space": space.slug, "title": "t", "body": "b"}), 401)
    assert not Thread.objects.exists()


def test_only_moderators_start_threads_in_a_moderators_only_space(client_as):
    space = SpaceFactory(who_can_start_threads="moderators")
    payload = {"space": space.slug, "title": "House rules", "body": "Be kind."}
    error = assert_error(client_as("member").post("/api/v1/threads/", payload), 403, "permission_denied")
    assert error["message"] == "Only moderators can start threads in this space."
    assert client_as("moderator").post("/api/v1/threads/", payload).status_code == 201


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "", "body": "Something"}, "title"),
        ({"title": "x" * 201, "body": "Something"}, "title"),
        ({"title": "A title", "body": "   "}, "non_field_errors"),
        ({"title": "A title"}, "body"),
        ({"space": "no-such-space", "title": "A title", "body": "b"}, "space"),
    ],
)
def test_thread_creation_validation_errors_name_the_field(client_as, space, payload, field):
    response = client_as("member").post("/api/v1/threads/", {"space": space.slug} | payload)
    error = assert_error(response, 400)
    if field == "non_field_errors":
        assert error["code"] == "empty"
        assert error["message"] == "Please write something before posting."
    else:
        assert field in error["fields"]


# -- close / reopen / pin ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("member", 403), ("author", 403), ("moderator", 200), ("admin", 200)],
)
def test_only_moderators_close_reopen_and_pin_threads(client_as, thread, role, status):
    client = client_as(role)
    response = client.post(f"/api/v1/threads/{thread.pk}/close/", {"reason": "Run its course."})
    assert response.status_code == status
    thread.refresh_from_db()
    assert thread.is_closed is (status == 200)
    if status == 200:
        assert response.json() == response.json() | {"changed": True}
        assert response.json()["thread"]["closed_reason"] == "Run its course."
        again = client.post(f"/api/v1/threads/{thread.pk}/close/", {})
        assert again.json()["changed"] is False
        assert client.post(f"/api/v1/threads/{thread.pk}/reopen/").json()["changed"] is True
        # Closing and reopening are in the audit log, as from the thread page; the repeat wrote nothing.
        from moderation.models import AuditLogEntry

        actions = AuditLogEntry.objects.order_by("pk").values_list("action", "reason")
        assert list(actions) == [("lock", "Run its course."), ("unlock", "Reopened through the API.")]
        assert client.post(f"/api/v1/threads/{thread.pk}/pin/", {"pinned": True}).json()["thread"][
            "is_pinned"
        ]
    else:
        assert_error(response, status)
        assert_error(client.post(f"/api/v1/threads/{thread.pk}/reopen/"), status)
        assert_error(client.post(f"/api/v1/threads/{thread.pk}/pin/", {"pinned": True}), status)


def test_a_closed_thread_refuses_replies_with_a_kind_message(client_as, thread):
    client_as("moderator").post(f"/api/v1/threads/{thread.pk}/close/")
    error = assert_error(
        client_as("member").post(f"/api/v1/threads/{thread.pk}/replies/", {"body": "Hi"}), 403
    )
    assert error["message"] == "Comments are closed on this thread."


def test_pin_needs_a_boolean(client_as, thread):
    error = assert_error(client_as("moderator").post(f"/api/v1/threads/{thread.pk}/pin/", {}), 400)
    assert "pinned" in error["fields"]


# -- follow --------------------------------------------------------------------------------------------------
def test_member_follows_and_unfollows_a_thread_idempotently(client_as, people, thread):
    client = client_as("member")
    url = f"/api/v1/threads/{thread.pk}/follow/"
    assert client.post(url).json() == {"changed": True, "following": True}
    assert client.post(url).json() == {"changed": False, "following": True}
    assert client.get(f"/api/v1/threads/{thread.pk}/").json()["is_following"] is True
    assert client.delete(url).json() == {"changed": True, "following": False}
    assert client.delete(url).json() == {"changed": False, "following": False}
    assert not ThreadSubscription.objects.filter(member=people["member"], thread=thread).exists()


def test_anonymous_cannot_follow(api, thread):
    assert_error(api.post(f"/api/v1/threads/{thread.pk}/follow/"), 401, "not_authenticated")


def test_unknown_thread_is_404(client_as):
    assert_error(client_as("member").get("/api/v1/threads/999999/"), 404, "not_found")
    assert_error(client_as("member").post("/api/v1/threads/999999/follow/"), 404, "not_found")


def test_thread_author_shows_no_email_to_other_members(client_as, thread):
    body = client_as("member").get(f"/api/v1/threads/{thread.pk}/").content.decode()
    assert thread.author.email not in body
    staff_body = client_as("admin").get(f"/api/v1/threads/{thread.pk}/").content.decode()
    assert thread.author.email in staff_body


def test_a_thread_by_a_deleted_account_still_lists(api, space):
    ThreadFactory(space=space, author=MemberFactory())
    Thread.objects.update(author=None)
    assert api.get("/api/v1/threads/").json()["results"][0]["author"] is None
