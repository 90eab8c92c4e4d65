"""Muting members through the API: mute, unmute, your mute list."""

import pytest

from community.models import MemberMute, Notification
from tests.api.conftest import assert_error
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("member", 200), ("moderator", 200), ("admin", 200)]
)
def test_mute_permission_matrix(client_as, people, role, status):
    target = people["author"]
    response = client_as(role).post(f"/api/v1/members/{target.pk}/mute/")
    if status != 200:
        assert_error(response, status, "not_authenticated")
        assert not MemberMute.objects.exists()
        return
    assert response.status_code == 200
    assert response.json() == {"changed": True, "muted": True}
    assert MemberMute.objects.filter(member=people[role], muted=target).exists()


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("member", 200), ("moderator", 200), ("admin", 200)]
)
def test_unmute_permission_matrix(client_as, people, role, status):
    target = people["author"]
    for muter in ("member", "moderator", "admin"):
        MemberMute.objects.create(member=people[muter], muted=target)
    response = client_as(role).delete(f"/api/v1/members/{target.pk}/mute/")
    if status != 200:
        assert_error(response, status, "not_authenticated")
        assert MemberMute.objects.count() == 3
        return
    assert response.json() == {"changed": True, "muted": False}
    assert not MemberMute.objects.filter(member=people[role]).exists()
    assert MemberMute.objects.count() == 2  # only your own mute goes


def test_muting_twice_and_unmuting_twice_are_harmless(client_as, people):
    client, url = client_as("member"), f"/api/v1/members/{people['author'].pk}/mute/"
    client.post(url)
    assert client.post(url).json() == {"changed": False, "muted": True}
    assert MemberMute.objects.count() == 1
    client.delete(url)
    assert client.delete(url).json() == {"changed": False, "muted": False}


def test_muting_yourself_is_a_400_in_the_error_shape(client_as, people):
    error = assert_error(
        client_as("member").post(f"/api/v1/members/{people['member'].pk}/mute/"), 400, "invalid"
    )
    assert "mute yourself" in error["message"]
    assert not MemberMute.objects.exists()


def test_muting_an_unknown_or_closed_account_is_a_404(client_as):
    closed = MemberFactory(is_active=False)
    client = client_as("member")
    assert_error(client.post("/api/v1/members/999999/mute/"), 404, "not_found")
    assert_error(client.post(f"/api/v1/members/{closed.pk}/mute/"), 404, "not_found")
    assert not MemberMute.objects.exists()


def test_an_old_mute_of_a_closed_account_can_still_be_undone(client_as, people):
    closed = MemberFactory(is_active=False)
    MemberMute.objects.create(member=people["member"], muted=closed)
    assert client_as("member").delete(f"/api/v1/members/{closed.pk}/mute/").json() == {
        "changed": True,
        "muted": False,
    }
    assert_error(client_as("member").delete("/api/v1/members/999999/mute/"), 404, "not_found")


def test_a_member_muted_through_the_api_no_longer_notifies_you(
    client_as, people, thread, django_capture_on_commit_callbacks, lexical_screening
):
    # The thread fixture's author is people["author"]; they mute one member, and two members reply.
    assert client_as("author").post(f"/api/v1/members/{people['member'].pk}/mute/").status_code == 200
    for role in ("member", "moderator"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_as(role).post(
                f"/api/v1/threads/{thread.pk}/replies/", {"body": "Thinking of you."}
            )
        assert response.status_code == 201, response.content
    notified_by = set(Notification.objects.filter(recipient=people["author"]).values_list("actor", flat=True))
    assert notified_by == {people["moderator"].pk}


# -- the list ------------------------------------------------------------------------------------------------
def test_mute_list_shows_only_your_own_mutes_newest_first_without_emails(client_as, people):
    first, second = MemberFactory(email="first-private@example.org"), MemberFactory()
    client = client_as("member")
    client.post(f"/api/v1/members/{first.pk}/mute/")
    client.post(f"/api/v1/members/{second.pk}/mute/")
    MemberMute.objects.create(member=people["author"], muted=people["moderator"])
    response = client.get("/api/v1/me/mutes/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [m["member"] for m in results] == [
        {"id": second.pk, "display_name": second.display_name},
        {"id": first.pk, "display_name": first.display_name},
    ]
    assert all(set(m) == {"member", "muted_at"} for m in results)
    # Not even staff see emails here: the list only ever loads names.
    client_as("admin").post(f"/api/v1/members/{first.pk}/mute/")
    assert "first-private@example.org" not in client_as("admin").get("/api/v1/me/mutes/").content.decode()


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("member", 200), ("moderator", 200), ("admin", 200)]
)
def test_mute_list_permission_matrix(client_as, role, status):
    response = client_as(role).get("/api/v1/me/mutes/")
    if status == 200:
        assert response.json() == {"next": None, "results": []}
    else:
        assert_error(response, status, "not_authenticated")


def test_mute_list_walks_every_page_with_the_cursor(client_as, people):
    muted = MemberFactory.create_batch(5)
    for other in muted:
        MemberMute.objects.create(member=people["member"], muted=other)
    client, seen, url = client_as("member"), [], "/api/v1/me/mutes/?page_size=2"
    while url:
        body = client.get(url).json()
        seen += [m["member"]["id"] for m in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(m.pk for m in muted)


def test_mute_list_rejects_a_garbled_cursor(client_as):
    error = assert_error(client_as("member").get("/api/v1/me/mutes/?cursor=WzEsMl0"), 400, "invalid")
    assert "cursor" in error["fields"]


def test_mute_list_query_count_does_not_grow_with_mutes(client_as, people, django_assert_max_num_queries):
    client = client_as("member")
    for other in MemberFactory.create_batch(2):
        MemberMute.objects.create(member=people["member"], muted=other)
    with django_assert_max_num_queries(1):
        assert client.get("/api/v1/me/mutes/").status_code == 200
    for other in MemberFactory.create_batch(20):
        MemberMute.objects.create(member=people["member"], muted=other)
    with django_assert_max_num_queries(1):
        assert len(client.get("/api/v1/me/mutes/?page_size=100").json()["results"]) == 22
