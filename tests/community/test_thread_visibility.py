"""A thread is visible when its opening post is: one rule for the pages and the API (issue 11, item 5).

Held and hidden threads are 404 on the web and in the API for everyone but their author (who sees theirs
marked as held) and the moderators of their space; nobody else can reply to them, follow them or find
their replies gathered on a profile.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from community.models import Post, ThreadSubscription
from tests.factories import MemberFactory, ReplyFactory, SpaceFactory, ThreadFactory
from tests.moderation.factories import ModeratorProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[Post.Status.HELD, Post.Status.HIDDEN])
def unseen_thread(request, space, member):
    """A thread by ``member`` whose opening post is held or hidden, with a published reply by someone else."""
    thread = ThreadFactory(space=space, author=member, title="A title nobody else should read")
    Post.objects.filter(thread=thread, parent__isnull=True).update(status=request.param)
    ReplyFactory(thread=thread, body="A published reply under it")
    return thread


def other_space_moderator():
    profile = ModeratorProfileFactory()
    profile.spaces.add(SpaceFactory())
    return profile.member


@pytest.fixture(params=["anonymous", "member", "moderator of another space"])
def outsider(request, client):
    if request.param == "member":
        client.force_login(MemberFactory())
    elif request.param == "moderator of another space":
        client.force_login(other_space_moderator())
    return client


def test_a_held_or_hidden_thread_s_title_is_not_listed_on_the_home_and_space_pages(outsider, unseen_thread):
    home = outsider.get(reverse("community:home")).content.decode()
    space_page = outsider.get(unseen_thread.space.get_absolute_url()).content.decode()

    assert unseen_thread.title not in home
    assert unseen_thread.title not in space_page


def test_a_held_or_hidden_thread_s_page_is_404_for_everyone_but_its_author_and_its_moderators(
    outsider, unseen_thread
):
    assert outsider.get(unseen_thread.get_absolute_url()).status_code == 404
    reply = unseen_thread.posts.get(depth=1)
    assert outsider.get(reverse("community:post", kwargs={"post_id": reply.pk})).status_code == 404


def test_nobody_who_cannot_see_the_thread_can_reply_to_it_follow_it_or_report_in_it(client, unseen_thread):
    stranger = MemberFactory()
    client.force_login(stranger)
    reply_url = reverse("community:reply", kwargs={"thread_id": unseen_thread.pk})

    assert client.get(reply_url).status_code == 404
    response = client.post(reply_url, {"body": "Replying to something I should not see."})
    follow = client.post(reverse("community:thread_follow", kwargs={"thread_id": unseen_thread.pk}))
    reply = unseen_thread.posts.get(depth=1)
    report = client.get(reverse("community:post_report", kwargs={"post_id": reply.pk}))

    assert response.status_code == 404
    assert follow.status_code == 404
    assert report.status_code == 404
    assert not Post.objects.filter(author=stranger).exists()
    assert not ThreadSubscription.objects.filter(member=stranger).exists()


def test_a_guest_cannot_open_the_reply_form_of_a_held_thread(client, member):
    thread = ThreadFactory(space=SpaceFactory(allow_guest_replies=True), author=member)
    Post.objects.filter(thread=thread, parent__isnull=True).update(status=Post.Status.HELD)

    assert client.get(reverse("community:guest_reply", kwargs={"thread_id": thread.pk})).status_code == 404


def test_the_author_sees_their_own_held_thread_marked_as_waiting_for_review(member_client, space, member):
    thread = ThreadFactory(space=space, author=member, title="My own words, waiting")
    Post.objects.filter(thread=thread, parent__isnull=True).update(status=Post.Status.HELD)

    page = member_client.get(thread.get_absolute_url())
    space_page = member_client.get(space.get_absolute_url()).content.decode()

    assert page.status_code == 200
    assert "Waiting for review" in page.content.decode()
    assert "My own words, waiting" in space_page


def test_a_moderator_of_the_thread_s_space_sees_and_lists_it(client, unseen_thread):
    profile = ModeratorProfileFactory()
    profile.spaces.add(unseen_thread.space)
    client.force_login(profile.member)

    assert client.get(unseen_thread.get_absolute_url()).status_code == 200
    assert unseen_thread.title in client.get(reverse("community:home")).content.decode()


def test_replies_in_a_hidden_thread_are_not_gathered_on_their_writer_s_profile(client, unseen_thread):
    reply = unseen_thread.posts.get(depth=1)
    client.force_login(MemberFactory())

    page = client.get(reverse("community:member", kwargs={"member_id": reply.author_id})).content.decode()

    assert "A published reply under it" not in page


# -- the API keeps the same rule -----------------------------------------------------------------------------
def test_the_api_answers_404_for_a_published_reply_inside_a_held_or_hidden_thread(unseen_thread):
    reply = unseen_thread.posts.get(depth=1)
    api = APIClient()
    api.force_authenticate(user=MemberFactory())

    assert api.get(f"/api/v1/posts/{reply.pk}/").status_code == 404
    assert api.post(f"/api/v1/posts/{reply.pk}/report/", {"reason": "spam"}).status_code == 404
    assert api.post(f"/api/v1/threads/{unseen_thread.pk}/replies/", {"body": "Hello"}).status_code == 404


def test_the_api_hides_a_held_thread_from_a_moderator_of_another_space(unseen_thread):
    api = APIClient()
    api.force_authenticate(user=other_space_moderator())

    ids = {t["id"] for t in api.get("/api/v1/threads/").json()["results"]}

    assert unseen_thread.pk not in ids
    assert api.get(f"/api/v1/threads/{unseen_thread.pk}/").status_code == 404


def test_a_space_limited_moderator_s_thread_page_costs_no_more_queries_than_a_member_s(client, space):
    thread = ThreadFactory(space=space)
    for status in (Post.Status.PUBLISHED, Post.Status.HELD, Post.Status.HIDDEN):
        ReplyFactory(thread=thread, status=status)
    moderator = ModeratorProfileFactory().member
    moderator.moderator_profile.spaces.add(space)

    def queries_for(who) -> tuple[int, str]:
        client.force_login(who)
        client.get(thread.get_absolute_url())  # warm the session
        with CaptureQueriesContext(connection) as captured:
            page = client.get(thread.get_absolute_url()).content.decode()
        return len(captured), page

    as_member, _ = queries_for(MemberFactory())
    as_moderator, page = queries_for(moderator)

    assert as_moderator <= as_member
    assert page.count("Waiting for review") == 1 and page.count("Hidden by a moderator") == 1
