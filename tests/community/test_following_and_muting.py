"""Following spaces and muting members, through the pages a member uses."""

from html import unescape

from django.urls import reverse

from community.models import DigestFrequency, SpaceSubscription


def space_follow_url(space):
    return reverse("community:space_follow", kwargs={"slug": space.slug})


# ------------------------------------------------------------------------------------------------------
# Following spaces
# ------------------------------------------------------------------------------------------------------


def test_a_member_sees_a_follow_button_on_a_space_they_do_not_follow(member_client, space):
    html = unescape(member_client.get(space.get_absolute_url()).content.decode())
    assert "Follow this space" in html
    assert "Unfollow this space" not in html
    assert f'action="{space_follow_url(space)}"' in html


def test_following_a_space_subscribes_the_member_and_the_page_shows_it(member_client, member, space):
    response = member_client.post(space_follow_url(space), {"action": "follow"}, follow=True)
    assert response.status_code == 200
    assert SpaceSubscription.objects.filter(member=member, space=space).exists()
    html = unescape(response.content.decode())
    assert "Unfollow this space" in html
    assert f"You're following {space.name}" in html


def test_following_twice_keeps_a_single_subscription(member_client, member, space):
    member_client.post(space_follow_url(space), {"action": "follow"})
    member_client.post(space_follow_url(space), {"action": "follow"})
    assert SpaceSubscription.objects.filter(member=member, space=space).count() == 1


def test_unfollowing_a_space_removes_the_subscription(member_client, member, space):
    SpaceSubscription.objects.create(member=member, space=space)
    response = member_client.post(space_follow_url(space), {"action": "unfollow"}, follow=True)
    assert not SpaceSubscription.objects.filter(member=member, space=space).exists()
    html = unescape(response.content.decode())
    assert "Follow this space" in html and "Unfollow this space" not in html
    assert "stopped following" in html


def test_following_a_space_with_the_digest_off_points_to_preferences(member_client, member, space):
    member.digest_frequency = DigestFrequency.OFF
    member.save(update_fields=["digest_frequency"])
    response = member_client.post(space_follow_url(space), {"action": "follow"}, follow=True)
    html = unescape(response.content.decode())
    assert "digest is off" in html
    assert SpaceSubscription.objects.filter(member=member, space=space).exists()


def test_following_a_space_needs_a_login_and_a_post(client, member, space):
    response = client.post(space_follow_url(space), {"action": "follow"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert "Follow this space" not in client.get(space.get_absolute_url()).content.decode()
    client.force_login(member)
    assert client.get(space_follow_url(space)).status_code == 405
    assert not SpaceSubscription.objects.exists()


def test_following_an_unknown_space_is_not_found(member_client, db):
    assert member_client.post("/spaces/nowhere/follow/", {"action": "follow"}).status_code == 404
