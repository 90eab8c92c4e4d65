import pytest

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
