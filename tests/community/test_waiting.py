"""No post left alone: unanswered posts in support spaces are shown to members who offered to help."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from community.models import Post
from community.selectors import posts_waiting_for_reply
from community.services.digests import digests_send_due
from tests.factories import GuestAuthorFactory, MemberFactory, ReplyFactory, SpaceFactory, ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def support_space(db):
    return SpaceFactory(name="Support", is_support_space=True)


@pytest.fixture
def supporter(db):
    return MemberFactory(is_peer_supporter=True, display_name="Hazel")


def thread_aged(space, hours: float, **kwargs):
    thread = ThreadFactory(space=space, **kwargs)
    then = timezone.now() - timedelta(hours=hours)
    Post.objects.filter(thread=thread).update(created_at=then)
    return thread


def waiting_titles(**kwargs) -> list[str]:
    return [post.thread.title for post in posts_waiting_for_reply(**kwargs)]


def test_a_post_nobody_answered_for_six_hours_is_listed_for_peer_supporters(client, support_space, supporter):
    thread_aged(support_space, 7, title="First week without my therapist")
    thread_aged(support_space, 5, title="Too soon to list")
    thread_aged(SpaceFactory(), 30, title="Not a support space")
    client.force_login(supporter)
    html = client.get(reverse("community:waiting")).content.decode()
    assert "First week without my therapist" in html
    assert "Too soon to list" not in html and "Not a support space" not in html


def test_each_space_sets_its_own_number_of_hours(support_space):
    quick = SpaceFactory(is_support_space=True, waiting_reply_hours=2)
    thread_aged(quick, 3, title="Quick space")
    thread_aged(support_space, 3, title="Default space")
    assert waiting_titles() == ["Quick space"]


def test_only_a_visible_reply_from_someone_else_takes_a_post_off_the_list(support_space):
    thread = thread_aged(support_space, 8, title="Waiting")
    ReplyFactory(thread=thread, author=thread.author)  # the author adding more does not count
    ReplyFactory(thread=thread, status=Post.Status.HELD)  # nobody can read it yet
    ReplyFactory(thread=thread, deleted_at=timezone.now())
    assert waiting_titles() == ["Waiting"]
    ReplyFactory(thread=thread, author=None, guest=GuestAuthorFactory(confirmed_at=timezone.now()))
    assert waiting_titles() == []


def test_crisis_flagged_closed_old_and_own_posts_are_not_listed(support_space, supporter):
    crisis = thread_aged(support_space, 8, title="Crisis")
    Post.objects.filter(thread=crisis).update(is_sensitive=True)  # the moderators' Safety lane has it
    thread_aged(support_space, 8, title="Closed", is_closed=True)
    thread_aged(support_space, 24 * 8, title="Too old")
    thread_aged(support_space, 8, title="Mine", author=supporter)
    thread_aged(support_space, 8, title="Someone else's")
    assert waiting_titles(exclude_author_id=supporter.pk) == ["Someone else's"]


def test_members_who_have_not_offered_are_told_how_and_can_opt_in(client, member, support_space):
    thread_aged(support_space, 7, title="Listed for supporters")
    client.force_login(member)
    html = client.get(reverse("community:waiting")).content.decode()
    assert "Listed for supporters" not in html and "peer supporters" in html
    client.post(reverse("community:peer_supporter"), {"is_peer_supporter": "on"})
    member.refresh_from_db()
    assert member.is_peer_supporter
    assert "Listed for supporters" in client.get(reverse("community:waiting")).content.decode()
    client.post(reverse("community:peer_supporter"), {})
    member.refresh_from_db()
    assert not member.is_peer_supporter


def test_the_waiting_list_through_the_api(member, support_space):
    thread = thread_aged(support_space, 7, title="Through the API")
    api = APIClient()
    api.force_authenticate(member)
    assert api.get("/api/v1/waiting/").status_code == 403
    assert api.put("/api/v1/me/peer-supporter/", {"is_peer_supporter": True}, format="json").json() == {
        "is_peer_supporter": True
    }
    [row] = api.get("/api/v1/waiting/").json()["results"]
    assert row["thread"] == thread.pk and row["thread_title"] == "Through the API"
    assert row["space"]["slug"] == support_space.slug
    assert api.get("/api/v1/me/peer-supporter/").json() == {"is_peer_supporter": True}


@pytest.mark.parametrize("count", [2, 40])
def test_the_waiting_page_and_api_are_paginated_and_a_fixed_number_of_queries(
    client, support_space, supporter, count, django_assert_max_num_queries
):
    for i in range(count):
        thread_aged(support_space, 7 + i, title=f"Waiting {i}")
    client.force_login(supporter)
    with django_assert_max_num_queries(9):
        html = client.get(reverse("community:waiting")).content.decode()
    assert html.count("Waiting ") - html.count("Waiting for a reply") >= min(count, 20)
    api = APIClient()
    api.force_authenticate(supporter)
    with django_assert_max_num_queries(4):
        page = api.get("/api/v1/waiting/").json()
    assert len(page["results"]) == min(count, 25)


def test_peer_supporters_find_waiting_posts_in_their_digest_and_others_do_not(
    support_space, django_capture_on_commit_callbacks
):
    send_time = datetime(2025, 3, 3, 7, 10, tzinfo=UTC)  # 08:10 in Berlin
    helper = MemberFactory(timezone="Europe/Berlin", digest_frequency="daily", is_peer_supporter=True)
    MemberFactory(timezone="Europe/Berlin", digest_frequency="daily")
    with time_machine.travel(send_time - timedelta(hours=10), tick=False):
        ThreadFactory(space=support_space, title="Nobody has answered me")
    with time_machine.travel(send_time, tick=False), django_capture_on_commit_callbacks(execute=True):
        result = digests_send_due()
    assert result.sent == 1
    [email] = mail.outbox
    assert email.to == [helper.email]
    assert "WAITING FOR A REPLY" in email.body and "Nobody has answered me" in email.body
    assert "Waiting for a reply" in email.alternatives[0][0]


def test_peer_supporters_find_the_waiting_page_in_the_site_menu_and_others_do_not(client, supporter, member):
    link = f'href="{reverse("community:waiting")}"'
    client.force_login(supporter)
    assert link in client.get(reverse("community:home")).content.decode()
    client.force_login(member)
    assert link not in client.get(reverse("community:home")).content.decode()
