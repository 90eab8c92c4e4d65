import pytest

from community.models import SpaceSubscription
from tests.api.conftest import ROLES, assert_error
from tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_everyone_can_list_spaces_in_community_order(client_as, role):
    second = SpaceFactory(position=2, name="B")
    first = SpaceFactory(position=1, name="A")
    response = client_as(role).get("/api/v1/spaces/")
    assert response.status_code == 200
    slugs = [s["slug"] for s in response.json()["results"]]
    assert slugs.index(first.slug) < slugs.index(second.slug)


def test_space_list_walks_every_page_with_the_cursor_without_repeats(api):
    spaces = SpaceFactory.create_batch(7)
    seen, url = [], "/api/v1/spaces/?page_size=3"
    while url:
        body = api.get(url).json()
        seen += [s["id"] for s in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(s.pk for s in spaces)
    assert len(seen) == len(set(seen))


def test_space_list_query_count_does_not_grow_with_spaces(api, django_assert_max_num_queries):
    SpaceFactory.create_batch(3)
    with django_assert_max_num_queries(1):
        assert api.get("/api/v1/spaces/").status_code == 200
    SpaceFactory.create_batch(20)
    with django_assert_max_num_queries(1):
        assert api.get("/api/v1/spaces/").status_code == 200


def test_space_detail_tells_a_member_whether_they_can_start_threads(client_as, people):
    open_space = SpaceFactory()
    mods_only = SpaceFactory(who_can_start_threads="moderators")
    client = client_as("member")
    assert client.get(f"/api/v1/spaces/{open_space.slug}/").json()["can_start_threads"] is True
    assert client.get(f"/api/v1/spaces/{mods_only.slug}/").json()["can_start_threads"] is False
    assert client_as("moderator").get(f"/api/v1/spaces/{mods_only.slug}/").json()["can_start_threads"] is True


def test_unknown_space_is_a_404_in_the_error_shape(api):
    assert_error(api.get("/api/v1/spaces/no-such-space/"), 404, "not_found")


def test_a_garbled_cursor_is_a_400_naming_the_cursor(api):
    error = assert_error(api.get("/api/v1/spaces/?cursor=%%%not-base64"), 400, "invalid")
    assert "cursor" in error["fields"]
    error = assert_error(api.get("/api/v1/spaces/?cursor=WzEsMl0"), 400)  # [1,2]: wrong length
    assert "cursor" in error["fields"]


# -- following -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["member", "author", "moderator", "admin"])
def test_any_signed_in_person_follows_and_unfollows_a_space(client_as, people, space, role):
    client = client_as(role)
    url = f"/api/v1/spaces/{space.slug}/follow/"
    assert client.post(url).json() == {"changed": True, "following": True}
    assert SpaceSubscription.objects.filter(member=people[role], space=space).exists()
    assert client.get(f"/api/v1/spaces/{space.slug}/").json()["is_following"] is True
    assert client.delete(url).json() == {"changed": True, "following": False}
    assert not SpaceSubscription.objects.filter(member=people[role], space=space).exists()
    assert client.get(f"/api/v1/spaces/{space.slug}/").json()["is_following"] is False


def test_following_a_space_twice_is_harmless(client_as, people, space):
    client = client_as("member")
    url = f"/api/v1/spaces/{space.slug}/follow/"
    client.post(url)
    assert client.post(url).json() == {"changed": False, "following": True}
    assert SpaceSubscription.objects.filter(member=people["member"], space=space).count() == 1
    client.delete(url)
    assert client.delete(url).json() == {"changed": False, "following": False}


def test_anonymous_cannot_follow_a_space(api, space):
    assert_error(api.post(f"/api/v1/spaces/{space.slug}/follow/"), 401, "not_authenticated")
    assert_error(api.delete(f"/api/v1/spaces/{space.slug}/follow/"), 401, "not_authenticated")
    assert not SpaceSubscription.objects.exists()


def test_following_an_unknown_space_is_a_404(client_as):
    assert_error(client_as("member").post("/api/v1/spaces/no-such-space/follow/"), 404, "not_found")
    assert_error(client_as("member").delete("/api/v1/spaces/no-such-space/follow/"), 404, "not_found")


def test_follow_only_accepts_post_and_delete(client_as, space):
    assert_error(client_as("member").get(f"/api/v1/spaces/{space.slug}/follow/"), 405, "method_not_allowed")


def test_space_list_shows_which_spaces_you_follow_and_nobody_elses(client_as, people):
    followed, other = SpaceFactory(position=1), SpaceFactory(position=2)
    SpaceSubscription.objects.create(member=people["member"], space=followed)
    SpaceSubscription.objects.create(member=people["author"], space=other)
    results = client_as("member").get("/api/v1/spaces/").json()["results"]
    assert {s["slug"]: s["is_following"] for s in results} == {followed.slug: True, other.slug: False}
    anonymous = client_as("anonymous").get("/api/v1/spaces/").json()["results"]
    assert all(s["is_following"] is False for s in anonymous)


def test_member_space_list_query_count_does_not_grow_with_spaces_or_follows(
    client_as, people, django_assert_max_num_queries
):
    client = client_as("member")
    for space in SpaceFactory.create_batch(3):
        SpaceSubscription.objects.create(member=people["member"], space=space)
    with django_assert_max_num_queries(1):
        assert client.get("/api/v1/spaces/").status_code == 200
    for space in SpaceFactory.create_batch(20):
        SpaceSubscription.objects.create(member=people["member"], space=space)
    with django_assert_max_num_queries(1):
        body = client.get("/api/v1/spaces/?page_size=100").json()
    assert len(body["results"]) == 23 and all(s["is_following"] for s in body["results"])
