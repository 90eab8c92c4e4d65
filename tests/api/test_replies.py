import pytest

from community.models import Post, PostRevision
from tests.api.conftest import ROLES, assert_error
from tests.factories import GuestAuthorFactory, ReplyFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def _tree(client, thread, query=""):
    response = client.get(f"/api/v1/threads/{thread.pk}/replies/{query}")
    assert response.status_code == 200, response.content
    return response.json()


# -- the tree ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_the_nested_tree_in_one_request(client_as, role, thread):
    top = ReplyFactory(thread=thread, body="top")
    child = ReplyFactory(thread=thread, parent=top, body="child")
    grandchild = ReplyFactory(thread=thread, parent=child, body="grandchild")
    body = _tree(client_as(role), thread)
    assert body["opening_post"]["depth"] == 0
    [node] = body["replies"]
    assert node["id"] == top.pk and node["body"] == "top"
    assert node["children"][0]["id"] == child.pk
    assert node["children"][0]["children"][0]["id"] == grandchild.pk
    assert node["children"][0]["children"][0]["depth"] == 3


def test_the_tree_pages_by_top_level_reply(client_as, thread, settings):
    settings.HEARTH_REPLIES_PER_PAGE = 2
    tops = [ReplyFactory(thread=thread) for _ in range(5)]
    ReplyFactory(thread=thread, parent=tops[0])
    first = _tree(client_as("member"), thread)
    assert [n["id"] for n in first["replies"]] == [tops[0].pk, tops[1].pk]
    assert len(first["replies"][0]["children"]) == 1
    assert first["page"] | {"next": None} == {
        "number": 1,
        "num_pages": 3,
        "count": 5,
        "next": None,
        "previous": None,
    }
    assert first["page"]["next"].endswith("page=2")
    last = _tree(client_as("member"), thread, "?page=3")
    assert [n["id"] for n in last["replies"]] == [tops[4].pk]
    assert last["page"]["next"] is None
    newest = _tree(client_as("member"), thread, "?order=newest")
    assert newest["replies"][0]["id"] == tops[4].pk


@pytest.mark.parametrize("query", ["?page=0", "?page=abc", "?page=99", "?order=sideways"])
def test_bad_tree_parameters_are_400s(api, thread, query):
    assert_error(api.get(f"/api/v1/threads/{thread.pk}/replies/{query}"), 400, "invalid")


def test_held_and_deleted_replies_keep_their_place_without_their_text(client_as, people, thread):
    held = ReplyFactory(thread=thread, author=people["author"], body="held text", status=Post.Status.HELD)
    ReplyFactory(thread=thread, parent=held, body="visible answer")
    deleted = ReplyFactory(thread=thread, body="gone")
    Post.objects.filter(pk=deleted.pk).update(deleted_at="2026-01-01T00:00:00Z", body="", body_html="")
    nodes = {n["id"]: n for n in _tree(client_as("member"), thread)["replies"]}
    assert nodes[held.pk]["is_visible"] is False
    assert nodes[held.pk]["body"] is None
    assert nodes[held.pk]["notice"] == "This reply is waiting for a moderator."
    assert nodes[held.pk]["children"][0]["body"] == "visible answer"
    assert nodes[deleted.pk]["notice"] == "This reply was deleted by its author."
    own = {n["id"]: n for n in _tree(client_as("author"), thread)["replies"]}
    assert own[held.pk]["body"] == "held text"
    mod = {n["id"]: n for n in _tree(client_as("moderator"), thread)["replies"]}
    assert mod[held.pk]["moderation"] == {"hold_reason": "", "is_sensitive": False}
    assert "moderation" not in own[held.pk]


def test_the_tree_query_count_does_not_grow_with_replies(client_as, thread, django_assert_max_num_queries):
    client = client_as("member")

    def grow(n):
        for _ in range(n):
            top = ReplyFactory(thread=thread)
            child = ReplyFactory(thread=thread, parent=top)
            ReplyFactory(thread=thread, parent=child)

    grow(2)
    # 7 before issue 14, + the page's reactions (one grouped query) and the reader's muted words (one).
    with django_assert_max_num_queries(9):
        assert client.get(f"/api/v1/threads/{thread.pk}/replies/").status_code == 200
    grow(15)
    with django_assert_max_num_queries(9):
        assert client.get(f"/api/v1/threads/{thread.pk}/replies/").status_code == 200


def test_guest_reply_shows_the_guest_name_but_never_their_email(client_as, thread):
    guest = GuestAuthorFactory(email="hidden-guest@example.net", name="Sam")
    ReplyFactory(thread=thread, author=None, guest=guest)
    for role in ROLES:
        response = client_as(role).get(f"/api/v1/threads/{thread.pk}/replies/")
        assert "hidden-guest@example.net" not in response.content.decode(), role
        assert response.json()["replies"][0]["author"] == {"kind": "guest", "id": None, "display_name": "Sam"}


# -- create --------------------------------------------------------------------------------------------------
def test_member_replies_to_a_reply_and_follows_the_thread(client_as, people, thread, reply):
    response = client_as("member").post(
        f"/api/v1/threads/{thread.pk}/replies/", {"body": "Same here.", "parent": reply.pk}
    )
    assert response.status_code == 201, response.content
    post = response.json()["post"]
    assert post["parent"] == reply.pk and post["depth"] == 2
    assert post["author"] == {
        "kind": "member",
        "id": people["member"].pk,
        "display_name": "" + people["member"].display_name,
    }
    assert response.json()["support"] is None
    assert thread.subscriptions.filter(member=people["member"]).exists()


def test_reply_without_parent_answers_the_opening_post(client_as, thread):
    post = (
        client_as("member").post(f"/api/v1/threads/{thread.pk}/replies/", {"body": "Welcome."}).json()["post"]
    )
    assert post["depth"] == 1


def test_anonymous_and_guests_cannot_reply_through_the_api(api, thread):
    assert_error(
        api.post(f"/api/v1/threads/{thread.pk}/replies/", {"body": "Hello"}), 401, "not_authenticated"
    )
    assert thread.posts.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": ""}, None),
        ({"body": "x" * 20_001}, None),
        ({}, "body"),
        ({"body": "hi", "parent": "x"}, "parent"),
    ],
)
def test_reply_validation_errors(client_as, thread, payload, field):
    error = assert_error(client_as("member").post(f"/api/v1/threads/{thread.pk}/replies/", payload), 400)
    if field:
        assert field in error["fields"]
    else:
        assert error["code"] in {"empty", "too_long"}


def test_a_parent_from_another_thread_is_refused(client_as, thread):
    elsewhere = ReplyFactory(thread=ThreadFactory())
    error = assert_error(
        client_as("member").post(
            f"/api/v1/threads/{thread.pk}/replies/", {"body": "hi", "parent": elsewhere.pk}
        ),
        400,
    )
    assert error["fields"] == {"parent": ["That reply isn't in this thread."]}


# -- read, edit, delete one post -----------------------------------------------------------------------------
def test_a_held_post_is_404_for_everyone_but_its_author_and_moderators(client_as, people, thread):
    held = ReplyFactory(thread=thread, author=people["author"], status=Post.Status.HELD)
    expected = {"anonymous": 404, "member": 404, "author": 200, "moderator": 200, "admin": 200}
    for role, code in expected.items():
        assert client_as(role).get(f"/api/v1/posts/{held.pk}/").status_code == code, role


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("member", 403), ("author", 200), ("moderator", 200), ("admin", 200)],
)
def test_edit_permission_matrix(client_as, reply, role, status):
    response = client_as(role).patch(
        f"/api/v1/posts/{reply.pk}/", {"body": "Changed my mind.", "note": "typo"}
    )
    assert response.status_code == status, response.content
    reply.refresh_from_db()
    if status == 200:
        assert response.json()["post"]["body"] == "Changed my mind."
        assert reply.body == "Changed my mind."
        assert PostRevision.objects.filter(post=reply).count() == 1
    else:
        assert_error(response, status)
        assert reply.body != "Changed my mind."


def test_member_sees_the_service_message_when_editing_someone_elses_post(client_as, reply):
    error = assert_error(client_as("member").patch(f"/api/v1/posts/{reply.pk}/", {"body": "x"}), 403)
    assert error == {
        "code": "permission_denied",
        "message": "You can only edit your own posts.",
        "fields": {},
    }


def test_edit_with_an_empty_body_is_a_400(client_as, reply):
    error = assert_error(client_as("author").patch(f"/api/v1/posts/{reply.pk}/", {"body": " "}), 400, "empty")
    assert error["message"] == "Please write something before posting."


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("member", 403), ("author", 204), ("moderator", 403), ("admin", 403)],
)
def test_delete_permission_matrix(client_as, reply, role, status):
    response = client_as(role).delete(f"/api/v1/posts/{reply.pk}/")
    assert response.status_code == status
    reply.refresh_from_db()
    assert reply.is_deleted is (status == 204)
    if status == 204:
        # Soft delete: the post stays, without its text; deleting again is harmless.
        assert client_as(role).delete(f"/api/v1/posts/{reply.pk}/").status_code == 204
        shown = client_as("member").get(f"/api/v1/posts/{reply.pk}/").json()
        assert shown["is_deleted"] is True and shown["body"] is None
    else:
        assert_error(response, status)


def test_a_deleted_post_can_no_longer_be_edited(client_as, reply):
    client_as("author").delete(f"/api/v1/posts/{reply.pk}/")
    assert_error(client_as("author").patch(f"/api/v1/posts/{reply.pk}/", {"body": "back"}), 403)


def test_post_detail_query_count_is_fixed(client_as, reply, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert client_as("anonymous").get(f"/api/v1/posts/{reply.pk}/").status_code == 200
