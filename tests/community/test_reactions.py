"""Supportive reactions: a fixed, kind set, counts for everyone, names for the author, batched notices."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from community.models import Notification, Reaction, ReactionKind
from community.services.reactions import reaction_add, reactions_notify_pending
from tests.factories import MemberFactory, ReplyFactory


def thread_html(client, thread) -> str:
    return client.get(reverse("community:thread", kwargs={"thread_id": thread.pk})).content.decode()


def react(client, post, kind):
    return client.post(reverse("community:post_react", kwargs={"post_id": post.pk}), {"kind": kind})


def test_a_member_reacts_to_a_reply_from_the_thread_page_without_javascript(client, thread):
    reply = ReplyFactory(thread=thread)
    reader = MemberFactory()
    client.force_login(reader)
    html = thread_html(client, thread)
    action = reverse("community:post_react", kwargs={"post_id": reply.pk})
    assert f'<form method="post" action="{action}" class="reactions">' in html
    assert 'value="hear_you" class="reaction" aria-pressed="false">I hear you</button>' in html

    response = react(client, reply, "hear_you")
    assert response.status_code == 302
    assert response["Location"] == reverse("community:post", kwargs={"post_id": reply.pk})
    html = thread_html(client, thread)
    assert 'aria-pressed="true">I hear you <span class="count">1</span></button>' in html
    # Pressing it again takes it back.
    react(client, reply, "hear_you")
    assert not Reaction.objects.filter(post=reply).exists()


def test_there_is_no_down_vote_and_unknown_kinds_are_refused(client, thread):
    reply = ReplyFactory(thread=thread)
    client.force_login(MemberFactory())
    assert react(client, reply, "down").status_code == 403
    assert not Reaction.objects.exists()
    assert set(ReactionKind.values) == {"hear_you", "strength", "me_too"}


def test_an_author_cannot_react_to_their_own_post(member, thread):
    mine = ReplyFactory(thread=thread, author=member)
    with pytest.raises(PermissionDenied):
        reaction_add(post=mine, actor=member, kind="me_too")


def test_readers_who_are_not_signed_in_see_counts_but_no_buttons(client, thread):
    reply = ReplyFactory(thread=thread)
    for _ in range(2):
        reaction_add(post=reply, actor=MemberFactory(), kind="strength")
    reaction_add(post=reply, actor=MemberFactory(), kind="me_too")
    html = thread_html(client, thread)
    assert '<p class="reactions meta">Sending strength 2 · Me too 1</p>' in html
    assert 'class="reactions">' not in html


def test_a_reaction_replaces_the_cached_page_for_readers_who_are_not_signed_in(client, thread):
    reply = ReplyFactory(thread=thread)
    with override_settings(HEARTH_PAGE_CACHE_SECONDS=300):
        assert "Me too 1" not in thread_html(client, thread)
        reaction_add(post=reply, actor=MemberFactory(), kind="me_too")
        assert "Me too 1" in thread_html(client, thread)


def test_only_the_author_sees_who_responded(client, member, thread):
    mine = ReplyFactory(thread=thread, author=member)
    friend = MemberFactory(display_name="Juniper")
    reaction_add(post=mine, actor=friend, kind="hear_you")
    client.force_login(member)
    html = thread_html(client, thread)
    who = reverse("community:post_reactions", kwargs={"post_id": mine.pk})
    assert f'I hear you 1 · <a href="{who}">See who responded</a>' in html
    page = client.get(who).content.decode()
    assert "Juniper" in page and "I hear you" in page
    client.force_login(friend)
    assert client.get(who).status_code == 403
    assert who not in thread_html(client, thread)


def test_reactions_on_the_opening_post_work_like_on_replies(client, thread):
    opening = thread.posts.get(parent__isnull=True)
    client.force_login(MemberFactory())
    react(client, opening, "me_too")
    assert 'aria-pressed="true">Me too <span class="count">1</span>' in thread_html(client, thread)


def test_authors_get_one_notice_per_post_per_batch_window_not_one_per_reaction(member, thread):
    mine = ReplyFactory(thread=thread, author=member)
    other = ReplyFactory(thread=thread, author=member)
    for kind in ("hear_you", "hear_you", "strength"):
        reaction_add(post=mine, actor=MemberFactory(), kind=kind)
    reaction_add(post=other, actor=MemberFactory(), kind="me_too")
    now = timezone.now()
    assert reactions_notify_pending(now=now) == 2
    notices = Notification.objects.filter(recipient=member, kind=Notification.Kind.REACTIONS)
    assert notices.count() == 2
    assert (
        notices.get(post=mine).message == "3 people responded to your post: I hear you ×2, Sending strength."
    )

    # Within the window a new reaction waits; after it, the same notice is refreshed and unread again.
    notices.update(read_at=now)
    reaction_add(post=mine, actor=MemberFactory(), kind="me_too")
    assert reactions_notify_pending(now=now + timedelta(minutes=5)) == 0
    assert Reaction.objects.filter(notified_at__isnull=True).count() == 1
    assert reactions_notify_pending(now=now + timedelta(minutes=31)) == 1
    notice = notices.get(post=mine)
    assert notice.read_at is None and notice.message.startswith("1 person responded")
    assert notices.count() == 2


def test_authors_taking_a_break_are_not_told_about_reactions(member, thread):
    mine = ReplyFactory(thread=thread, author=member)
    member.break_until = timezone.now() + timedelta(days=3)
    member.save(update_fields=["break_until"])
    reaction_add(post=mine, actor=MemberFactory(), kind="hear_you")
    reactions_notify_pending()
    assert not Notification.objects.filter(recipient=member).exists()


@pytest.mark.parametrize("reactions", [3, 120])
def test_the_reaction_batch_is_a_fixed_number_of_queries(
    member, thread, reactions, django_assert_max_num_queries
):
    posts = [ReplyFactory(thread=thread, author=member) for _ in range(3)]
    people = [MemberFactory() for _ in range(reactions // 3)]
    Reaction.objects.bulk_create(
        [Reaction(post=post, member=person, kind="hear_you") for post in posts for person in people]
    )
    # Reactions, authors, existing notices, one INSERT, one UPDATE of the reactions, and the transaction.
    with django_assert_max_num_queries(7):
        assert reactions_notify_pending() == 3


@pytest.mark.parametrize("count", [2, 60])
def test_who_responded_is_a_paginated_fixed_number_of_queries(
    client, member, thread, count, django_assert_max_num_queries
):
    mine = ReplyFactory(thread=thread, author=member)
    Reaction.objects.bulk_create(
        [Reaction(post=mine, member=MemberFactory(), kind="me_too") for _ in range(count)]
    )
    client.force_login(member)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("community:post_reactions", kwargs={"post_id": mine.pk}))
    assert response.status_code == 200
    assert response.content.decode().count(": Me too") == min(count, 50)


def test_reactions_through_the_api(member, thread):
    reply = ReplyFactory(thread=thread)
    api = APIClient()
    api.force_authenticate(member)
    url = f"/api/v1/posts/{reply.pk}/reactions/"
    response = api.post(url, {"kind": "strength"}, format="json")
    assert response.status_code == 200
    assert response.json() == {"changed": True, "kind": "strength", "reactions": {"strength": 1}}
    assert api.post(url, {"kind": "strength"}, format="json").json()["changed"] is False
    assert api.post(url, {"kind": "downvote"}, format="json").status_code == 400
    tree = api.get(f"/api/v1/threads/{thread.pk}/replies/").json()
    assert tree["replies"][0]["reactions"] == {"strength": 1}
    assert tree["replies"][0]["my_reactions"] == ["strength"]
    assert api.get(url).status_code == 403  # not the author
    api.force_authenticate(reply.author)
    people = api.get(url).json()["results"]
    assert people[0]["member"]["id"] == member.pk and people[0]["kind"] == "strength"
    api.force_authenticate(member)
    assert api.delete(url, {"kind": "strength"}, format="json").json()["reactions"] == {}
