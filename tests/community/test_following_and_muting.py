"""Following spaces and muting members, through the pages a member uses."""

from html import unescape

from django.urls import reverse

from community.models import DigestFrequency, MemberMute, Notification, Post, SpaceSubscription
from community.services import subscriptions
from community.services.members import member_mute, member_unmute
from community.services.posts import post_create
from tests.factories import MemberFactory, ThreadFactory


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


# ------------------------------------------------------------------------------------------------------
# Muting members
# ------------------------------------------------------------------------------------------------------


def mute_url(member):
    return reverse("community:member_mute", kwargs={"member_id": member.pk})


def test_a_members_profile_offers_mute_to_others_but_not_on_your_own(member_client, member, other_member):
    other_html = unescape(member_client.get(other_member.get_absolute_url()).content.decode())
    assert f'action="{mute_url(other_member)}"' in other_html
    assert "Mute" in other_html and "They aren't told" in other_html
    own_html = member_client.get(member.get_absolute_url()).content.decode()
    assert mute_url(member) not in own_html


def test_visitors_who_are_not_logged_in_see_no_mute_button(client, other_member):
    assert mute_url(other_member) not in client.get(other_member.get_absolute_url()).content.decode()


def test_muting_a_member_records_it_and_the_profile_offers_unmute(member_client, member, other_member):
    response = member_client.post(mute_url(other_member), {"action": "mute"}, follow=True)
    assert response.status_code == 200
    assert MemberMute.objects.filter(member=member, muted=other_member).exists()
    html = unescape(response.content.decode())
    assert f"You've muted {other_member.display_name}" in html
    assert 'name="action" value="unmute"' in html


def test_unmuting_from_the_profile_removes_the_mute(member_client, member, other_member):
    MemberMute.objects.create(member=member, muted=other_member)
    response = member_client.post(mute_url(other_member), {"action": "unmute"}, follow=True)
    assert not MemberMute.objects.filter(member=member, muted=other_member).exists()
    html = unescape(response.content.decode())
    assert f"You'll get notifications from {other_member.display_name} again" in html
    assert 'name="action" value="mute"' in html


def test_muting_twice_keeps_one_mute(member_client, member, other_member):
    member_client.post(mute_url(other_member), {"action": "mute"})
    member_client.post(mute_url(other_member), {"action": "mute"})
    assert MemberMute.objects.filter(member=member, muted=other_member).count() == 1


def test_a_member_cannot_mute_themselves(member_client, member):
    response = member_client.post(mute_url(member), {"action": "mute"}, follow=True)
    assert response.status_code == 200
    assert "no need to mute yourself" in unescape(response.content.decode())
    assert not MemberMute.objects.exists()


def test_muting_needs_a_login_and_a_post(client, member, other_member):
    response = client.post(mute_url(other_member), {"action": "mute"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(member)
    assert client.get(mute_url(other_member)).status_code == 405
    assert not MemberMute.objects.exists()


def test_muting_a_closed_account_is_not_found_but_an_old_mute_can_still_be_removed(
    member_client, member, other_member
):
    MemberMute.objects.create(member=member, muted=other_member)
    gone = MemberFactory(is_active=False)
    assert member_client.post(mute_url(gone), {"action": "mute"}).status_code == 404
    other_member.is_active = False
    other_member.save(update_fields=["is_active"])
    member_client.post(mute_url(other_member), {"action": "unmute"})
    assert not MemberMute.objects.exists()


def test_preferences_list_muted_members_with_an_unmute_button_that_returns_there(
    member_client, member, other_member
):
    quiet = MemberFactory(display_name="Quiet Fern")
    MemberMute.objects.create(member=member, muted=other_member)
    MemberMute.objects.create(member=member, muted=quiet)
    html = unescape(member_client.get(reverse("community:preferences")).content.decode())
    assert "Muted members" in html
    assert other_member.display_name in html and "Quiet Fern" in html
    assert other_member.email not in html and quiet.email not in html
    assert f'action="{mute_url(quiet)}"' in html
    response = member_client.post(
        mute_url(quiet), {"action": "unmute", "next": reverse("community:preferences")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("community:preferences")
    assert list(MemberMute.objects.values_list("muted_id", flat=True)) == [other_member.pk]
    html = unescape(member_client.get(reverse("community:preferences")).content.decode())
    assert f'action="{mute_url(quiet)}"' not in html and f'action="{mute_url(other_member)}"' in html


def test_preferences_say_kindly_when_nobody_is_muted(member_client):
    html = unescape(member_client.get(reverse("community:preferences")).content.decode())
    assert "You haven't muted anyone" in html


def test_unmute_ignores_a_next_address_on_another_site(member_client, member, other_member):
    MemberMute.objects.create(member=member, muted=other_member)
    response = member_client.post(mute_url(other_member), {"action": "unmute", "next": "https://evil.example/"})
    assert response["Location"] == other_member.get_absolute_url()


def test_preferences_page_lists_mutes_in_a_fixed_number_of_queries(
    member_client, member, django_assert_max_num_queries
):
    counts = []
    for extra in (2, 30):
        for _ in range(extra):
            MemberMute.objects.create(member=member, muted=MemberFactory())
        with django_assert_max_num_queries(8) as captured:
            assert member_client.get(reverse("community:preferences")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


# ------------------------------------------------------------------------------------------------------
# Muting and notifications (service level: the fan-out that runs after a reply is posted)
# ------------------------------------------------------------------------------------------------------


def reply(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        result = post_create(**kwargs)
    assert result.post.status == Post.Status.PUBLISHED
    return result.post


def test_a_muted_members_reply_does_not_notify_the_member_who_muted_them(
    member, other_member, django_capture_on_commit_callbacks
):
    thread = ThreadFactory(author=member)  # member follows their own thread
    mine = reply(django_capture_on_commit_callbacks, thread=thread, body="How are you all?", author=member)
    member_mute(member=member, muted=other_member)
    reply(django_capture_on_commit_callbacks, thread=thread, parent=mine, body="Fine.", author=other_member)
    assert not Notification.objects.filter(recipient=member).exists()


def test_someone_else_replying_still_notifies_the_member_who_muted_another(
    member, other_member, django_capture_on_commit_callbacks
):
    thread = ThreadFactory(author=member)
    mine = reply(django_capture_on_commit_callbacks, thread=thread, body="How are you all?", author=member)
    member_mute(member=member, muted=other_member)
    kind = MemberFactory()
    reply(django_capture_on_commit_callbacks, thread=thread, parent=mine, body="With you.", author=kind)
    notes = list(Notification.objects.filter(recipient=member))
    assert [(n.kind, n.actor_id) for n in notes] == [(Notification.Kind.REPLY_TO_YOU, kind.pk)]


def test_a_muted_members_reply_in_a_followed_thread_does_not_notify_but_others_still_are(
    member, other_member, django_capture_on_commit_callbacks
):
    thread = ThreadFactory()
    follower = MemberFactory()
    subscriptions.thread_follow(member=member, thread=thread)
    subscriptions.thread_follow(member=follower, thread=thread)
    member_mute(member=member, muted=other_member)
    post = reply(django_capture_on_commit_callbacks, thread=thread, body="Same here.", author=other_member)
    assert not Notification.objects.filter(recipient=member).exists()
    assert Notification.objects.filter(recipient=follower, post=post).exists()


def test_after_unmuting_replies_notify_again(member, other_member, django_capture_on_commit_callbacks):
    thread = ThreadFactory(author=member)
    mine = reply(django_capture_on_commit_callbacks, thread=thread, body="Anyone else?", author=member)
    member_mute(member=member, muted=other_member)
    member_unmute(member=member, muted=other_member)
    post = reply(
        django_capture_on_commit_callbacks, thread=thread, parent=mine, body="Me.", author=other_member
    )
    assert Notification.objects.filter(recipient=member, post=post).exists()
