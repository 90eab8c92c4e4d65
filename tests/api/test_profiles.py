"""Public member profiles and their recent posts."""

import pytest

from community.models import MemberMute, Post
from tests.api.conftest import ROLES, assert_error
from tests.factories import MemberFactory, ReplyFactory, ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile_url(people):
    return f"/api/v1/members/{people['author'].pk}/"


# -- the profile ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "sees_email"),
    [("anonymous", False), ("member", False), ("author", True), ("moderator", False), ("admin", True)],
)
def test_profile_permission_matrix_shows_the_email_only_to_the_member_and_staff(
    client_as, people, profile_url, role, sees_email
):
    author = people["author"]
    author.bio = "Learning to trust it."
    author.save(update_fields=["bio"])
    response = client_as(role).get(profile_url)
    assert response.status_code == 200
    body = response.json()
    expected = {
        "id": author.pk,
        "display_name": author.display_name,
        "bio": "Learning to trust it.",
        "date_joined": author.date_joined.date().isoformat(),
        "is_moderator": False,
        "is_muted": False,
    }
    assert body == (expected | {"email": author.email} if sees_email else expected)
    assert (author.email in response.content.decode()) is sees_email


def test_profile_says_whether_you_muted_them(client_as, people, profile_url):
    MemberMute.objects.create(member=people["member"], muted=people["author"])
    assert client_as("member").get(profile_url).json()["is_muted"] is True
    assert client_as("moderator").get(profile_url).json()["is_muted"] is False


def test_profile_shows_moderators_as_moderators(api, people):
    assert api.get(f"/api/v1/members/{people['moderator'].pk}/").json()["is_moderator"] is True


def test_unknown_and_closed_accounts_have_no_profile(client_as):
    closed = MemberFactory(is_active=False)
    for role in ("anonymous", "moderator", "admin"):
        assert_error(client_as(role).get("/api/v1/members/999999/"), 404, "not_found")
        assert_error(client_as(role).get(f"/api/v1/members/{closed.pk}/"), 404, "not_found")
        assert_error(client_as(role).get(f"/api/v1/members/{closed.pk}/posts/"), 404, "not_found")


def test_a_profile_is_read_only(client_as, profile_url):
    assert_error(client_as("author").patch(profile_url, {"bio": "x"}), 405, "method_not_allowed")
    assert_error(client_as("anonymous").patch(profile_url, {"bio": "x"}), 401, "not_authenticated")


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_profile_is_one_query(client_as, profile_url, role, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert client_as(role).get(profile_url).status_code == 200


# -- their posts ---------------------------------------------------------------------------------------------
@pytest.fixture
def writer(db):
    return MemberFactory()


@pytest.fixture
def writing(writer, space, other_member):
    """One post of each kind by ``writer``, in threads a third member started."""
    starter = MemberFactory()
    thread = ThreadFactory(space=space, author=starter)
    hidden_thread = ThreadFactory(space=space, author=starter)
    Post.objects.filter(thread=hidden_thread, parent__isnull=True).update(status=Post.Status.HIDDEN)
    deleted = ReplyFactory(thread=thread, author=writer, body="deleted")
    Post.objects.filter(pk=deleted.pk).update(deleted_at="2026-01-01T00:00:00Z")
    return {
        "published": ReplyFactory(thread=thread, author=writer, body="published"),
        "held": ReplyFactory(thread=thread, author=writer, body="held", status=Post.Status.HELD),
        "sensitive": ReplyFactory(thread=thread, author=writer, body="sensitive", is_sensitive=True),
        "in_hidden_thread": ReplyFactory(thread=hidden_thread, author=writer, body="in a hidden thread"),
        "someone_else": ReplyFactory(thread=thread, author=other_member, body="not theirs"),
    }


def _bodies(client, member):
    response = client.get(f"/api/v1/members/{member.pk}/posts/")
    assert response.status_code == 200, response.content
    return {p["body"] for p in response.json()["results"]}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", {"published"}),
        ("member", {"published"}),
        ("moderator", {"published", "held", "sensitive", "in a hidden thread"}),
        ("admin", {"published", "held", "sensitive", "in a hidden thread"}),
    ],
)
def test_posts_permission_matrix(client_as, writer, writing, role, expected):
    assert _bodies(client_as(role), writer) == expected


def test_a_member_sees_their_own_held_and_sensitive_posts(api, writer, writing):
    api.force_authenticate(user=writer)
    assert _bodies(api, writer) == {"published", "held", "sensitive"}


def test_posts_carry_their_thread_and_space_newest_first(api, writer, writing, space):
    newer = ReplyFactory(thread=writing["published"].thread, author=writer, body="newer")
    results = api.get(f"/api/v1/members/{writer.pk}/posts/").json()["results"]
    assert [p["id"] for p in results] == [newer.pk, writing["published"].pk]
    assert results[0]["thread_title"] == newer.thread.title
    assert results[0]["space"] == {"id": space.pk, "slug": space.slug, "name": space.name}
    assert results[0]["author"] == {"kind": "member", "id": writer.pk, "display_name": writer.display_name}


def test_posts_walk_every_page_with_the_cursor(api, writer, thread):
    posts = [ReplyFactory(thread=thread, author=writer) for _ in range(5)]
    seen, url = [], f"/api/v1/members/{writer.pk}/posts/?page_size=2"
    while url:
        body = api.get(url).json()
        seen += [p["id"] for p in body["results"]]
        url = body["next"]
    assert seen == [p.pk for p in reversed(posts)]


def test_posts_reject_a_garbled_cursor_and_unknown_members(api, writer):
    error = assert_error(api.get(f"/api/v1/members/{writer.pk}/posts/?cursor=%%%"), 400, "invalid")
    assert "cursor" in error["fields"]
    assert_error(api.get("/api/v1/members/999999/posts/"), 404, "not_found")


@pytest.mark.parametrize("role", ["anonymous", "member", "moderator"])
def test_posts_query_count_does_not_grow_with_posts_or_threads(
    client_as, writer, space, role, django_assert_max_num_queries
):
    client = client_as(role)

    def write(n):
        for _ in range(n):
            ReplyFactory(thread=ThreadFactory(space=space), author=writer)

    write(2)
    with django_assert_max_num_queries(2):  # the member, then one page of posts with thread, space, author
        assert len(client.get(f"/api/v1/members/{writer.pk}/posts/").json()["results"]) == 2
    write(20)
    with django_assert_max_num_queries(2):
        assert len(client.get(f"/api/v1/members/{writer.pk}/posts/?page_size=100").json()["results"]) == 22


@pytest.mark.parametrize("role", ROLES)
def test_posts_list_never_shows_the_writers_email_except_to_staff(client_as, people, thread, role):
    ReplyFactory(thread=thread, author=people["moderator"])
    content = client_as(role).get(f"/api/v1/members/{people['moderator'].pk}/posts/").content.decode()
    assert (people["moderator"].email in content) is (role == "admin")
