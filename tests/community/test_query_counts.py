"""Pages and admin changelists run a fixed number of queries, whatever the number of rows."""

import pytest
from django.test import override_settings
from django.urls import reverse

from community.models import Thread
from tests.community.conftest import bulk_replies
from tests.factories import MemberFactory, NotificationFactory, ReplyFactory, ThreadFactory

# Session, member, unread count, posting restriction, thread, opening post, root page + count, subtree,
# following: ten today, with two spare for moderation's restriction checks.
THREAD_PAGE_QUERIES = 12


@pytest.mark.parametrize("replies", [10, 2000])
@override_settings(HEARTH_REPLIES_PER_PAGE=1000)
def test_thread_page_queries_do_not_grow_with_replies(
    member_client, thread, replies, django_assert_max_num_queries
):
    bulk_replies(thread, replies)
    with django_assert_max_num_queries(THREAD_PAGE_QUERIES):
        response = member_client.get(reverse("community:thread", kwargs={"thread_id": thread.pk}))
    assert response.status_code == 200
    assert response.content.count(b'class="reply') >= min(replies, 1000)


@pytest.mark.parametrize("replies", [10, 2000])
def test_thread_page_for_anonymous_visitors_is_a_fixed_number_of_queries(
    client, thread, replies, django_assert_max_num_queries
):
    bulk_replies(thread, replies)
    with django_assert_max_num_queries(THREAD_PAGE_QUERIES):
        assert client.get(reverse("community:thread", kwargs={"thread_id": thread.pk})).status_code == 200


@pytest.mark.parametrize("threads", [3, 60])
def test_space_and_home_pages_are_a_fixed_number_of_queries(
    client, space, threads, django_assert_max_num_queries
):
    for _ in range(threads):
        ThreadFactory(space=space)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("community:space", kwargs={"slug": space.slug})).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("community:home")).status_code == 200


@pytest.mark.parametrize("count", [3, 80])
def test_notifications_page_is_a_fixed_number_of_queries(
    member_client, member, thread, count, django_assert_max_num_queries
):
    actor = MemberFactory()
    for _ in range(count):
        reply = ReplyFactory(thread=thread, author=actor)
        NotificationFactory(recipient=member, actor=actor, thread=thread, post=reply)
    with django_assert_max_num_queries(6):
        assert member_client.get(reverse("community:notifications")).status_code == 200


@pytest.mark.parametrize("count", [3, 60])
def test_member_profile_is_a_fixed_number_of_queries(
    client, member, thread, count, django_assert_max_num_queries
):
    for _ in range(count):
        ReplyFactory(thread=thread, author=member)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("community:member", kwargs={"member_id": member.pk}))
    assert response.status_code == 200


ADMIN_CHANGELIST_QUERIES = 8


@pytest.mark.parametrize("replies", [5, 300])
def test_admin_post_changelist_is_a_fixed_number_of_queries(
    client, admin_member, thread, replies, django_assert_max_num_queries
):
    bulk_replies(thread, replies)
    client.force_login(admin_member)
    with django_assert_max_num_queries(ADMIN_CHANGELIST_QUERIES):
        response = client.get(reverse("admin:community_post_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("threads", [3, 120])
def test_admin_thread_changelist_is_a_fixed_number_of_queries(
    client, admin_member, space, threads, django_assert_max_num_queries
):
    for _ in range(threads):
        ThreadFactory(space=space)
    client.force_login(admin_member)
    with django_assert_max_num_queries(ADMIN_CHANGELIST_QUERIES):
        response = client.get(reverse("admin:community_thread_changelist"))
    assert response.status_code == 200
    assert Thread.objects.count() == threads
