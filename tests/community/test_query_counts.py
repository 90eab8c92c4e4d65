"""Pages and admin changelists run a fixed number of queries, whatever the number of rows."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from community.models import (
    DigestLog,
    MemberMute,
    Notification,
    OutboundMessage,
    Post,
    PostRevision,
    SpaceSubscription,
    Thread,
    ThreadSubscription,
)
from tests import query_budgets as budget
from tests.community.conftest import bulk_replies
from tests.factories import (
    GuestAuthorFactory,
    MemberFactory,
    NotificationFactory,
    ReplyFactory,
    SpaceFactory,
    ThreadFactory,
)


@pytest.mark.parametrize("replies", [10, 2000])
@override_settings(HEARTH_REPLIES_PER_PAGE=1000)
def test_thread_page_queries_do_not_grow_with_replies(
    member_client, thread, replies, django_assert_max_num_queries
):
    bulk_replies(thread, replies)
    with django_assert_max_num_queries(budget.THREAD_PAGE):
        response = member_client.get(reverse("community:thread", kwargs={"thread_id": thread.pk}))
    assert response.status_code == 200
    assert response.content.count(b'class="reply') >= min(replies, 1000)


@pytest.mark.parametrize("replies", [10, 2000])
def test_thread_page_for_anonymous_visitors_is_a_fixed_number_of_queries(
    client, thread, replies, django_assert_max_num_queries
):
    bulk_replies(thread, replies)
    with django_assert_max_num_queries(budget.THREAD_PAGE):
        assert client.get(reverse("community:thread", kwargs={"thread_id": thread.pk})).status_code == 200


@pytest.mark.parametrize("threads", [3, 60])
def test_space_and_home_pages_are_a_fixed_number_of_queries(
    client, space, threads, django_assert_max_num_queries
):
    for _ in range(threads):
        ThreadFactory(space=space)
    with django_assert_max_num_queries(budget.SPACE_PAGE):
        assert client.get(reverse("community:space", kwargs={"slug": space.slug})).status_code == 200
    with django_assert_max_num_queries(budget.HOME_PAGE):
        assert client.get(reverse("community:home")).status_code == 200


@pytest.mark.parametrize("count", [3, 80])
def test_notifications_page_is_a_fixed_number_of_queries(
    member_client, member, thread, count, django_assert_max_num_queries
):
    actor = MemberFactory()
    for _ in range(count):
        reply = ReplyFactory(thread=thread, author=actor)
        NotificationFactory(recipient=member, actor=actor, thread=thread, post=reply)
    with django_assert_max_num_queries(budget.NOTIFICATIONS_PAGE):
        assert member_client.get(reverse("community:notifications")).status_code == 200


@pytest.mark.parametrize("count", [3, 60])
def test_member_profile_is_a_fixed_number_of_queries(
    client, member, thread, count, django_assert_max_num_queries
):
    for _ in range(count):
        ReplyFactory(thread=thread, author=member)
    with django_assert_max_num_queries(budget.MEMBER_PROFILE):
        response = client.get(reverse("community:member", kwargs={"member_id": member.pk}))
    assert response.status_code == 200


@pytest.mark.parametrize("replies", [5, 300])
def test_admin_post_changelist_is_a_fixed_number_of_queries(
    client, admin_member, thread, replies, django_assert_max_num_queries
):
    bulk_replies(thread, replies)
    client.force_login(admin_member)
    with django_assert_max_num_queries(budget.ADMIN_CHANGELIST):
        response = client.get(reverse("admin:community_post_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("threads", [3, 120])
def test_admin_thread_changelist_is_a_fixed_number_of_queries(
    client, admin_member, space, threads, django_assert_max_num_queries
):
    for _ in range(threads):
        ThreadFactory(space=space)
    client.force_login(admin_member)
    with django_assert_max_num_queries(budget.ADMIN_CHANGELIST):
        response = client.get(reverse("admin:community_thread_changelist"))
    assert response.status_code == 200
    assert Thread.objects.count() == threads


# ------------------------------------------------------------------------------------------------------
# Pages as a logged-in member sees them (follow and mute state add one query each, never one per row)
# ------------------------------------------------------------------------------------------------------


def counted_get(client, url, django_assert_max_num_queries, limit: int) -> int:
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_space_and_home_pages_for_a_member_do_not_grow_with_threads(
    member_client, member, space, django_assert_max_num_queries
):
    space_url = reverse("community:space", kwargs={"slug": space.slug})
    SpaceSubscription.objects.create(member=member, space=space)
    counts = []
    for threads in (3, 60):
        for _ in range(threads):
            ThreadFactory(space=space)
        counts.append(
            (
                counted_get(
                    member_client, space_url, django_assert_max_num_queries, budget.SPACE_PAGE_FOR_A_MEMBER
                ),
                counted_get(
                    member_client, reverse("community:home"), django_assert_max_num_queries,
                    budget.HOME_PAGE_FOR_A_MEMBER,
                ),
            )
        )
    assert counts[0] == counts[1]


def test_a_member_profile_seen_by_another_member_does_not_grow_with_posts(
    member_client, member, other_member, thread, django_assert_max_num_queries
):
    MemberMute.objects.create(member=member, muted=other_member)
    url = reverse("community:member", kwargs={"member_id": other_member.pk})
    counts = []
    for posts in (3, 60):
        for _ in range(posts):
            ReplyFactory(thread=thread, author=other_member)
        counts.append(
            counted_get(member_client, url, django_assert_max_num_queries, budget.MEMBER_PROFILE_FOR_A_MEMBER)
        )
    assert counts[0] == counts[1]


# ------------------------------------------------------------------------------------------------------
# Every admin changelist: the same number of queries with a few rows and with many
# ------------------------------------------------------------------------------------------------------


def fill_every_table(n: int) -> None:
    """``n`` more rows in each community table the admin lists, linked the way real rows are."""
    space = SpaceFactory()
    members = MemberFactory.create_batch(n)
    guests = GuestAuthorFactory.create_batch(n)
    thread = ThreadFactory(space=space, author=members[0])
    replies = [ReplyFactory(thread=thread, author=m) for m in members]
    now = timezone.now()
    MemberMute.objects.bulk_create(
        MemberMute(member=a, muted=b) for a, b in zip(members, members[1:], strict=False)
    )
    SpaceSubscription.objects.bulk_create(SpaceSubscription(member=m, space=space) for m in members)
    ThreadSubscription.objects.bulk_create(
        (ThreadSubscription(member=m, thread=thread) for m in members), ignore_conflicts=True
    )
    PostRevision.objects.bulk_create(
        PostRevision(post=p, body="Earlier words", edited_by=p.author) for p in replies
    )
    Post.objects.bulk_create(
        Post(thread=thread, parent=replies[0], root=replies[0], depth=2, guest=g, body="Hello", body_html="")
        for g in guests
    )
    Notification.objects.bulk_create(
        Notification(
            recipient=members[0], actor=m, kind=Notification.Kind.THREAD_REPLY, thread=thread, post=p
        )
        for m, p in zip(members, replies, strict=True)
    )
    OutboundMessage.objects.bulk_create(
        OutboundMessage(kind="digest", to=m.email, subject="Hi", dedupe_key=f"test:{m.pk}") for m in members
    )
    DigestLog.objects.bulk_create(
        DigestLog(
            member=m, frequency="daily", period_start=now - timezone.timedelta(days=1), period_end=now
        )
        for m in members
    )


ADMIN_MODELS = [
    "member",
    "membermute",
    "space",
    "spacesubscription",
    "thread",
    "post",
    "postrevision",
    "guestauthor",
    "threadsubscription",
    "notification",
    "outboundmessage",
    "digestlog",
]


def test_every_admin_changelist_is_the_same_number_of_queries_with_5_rows_and_with_80(
    client, admin_member, django_assert_max_num_queries
):
    client.force_login(admin_member)
    counts: dict[str, list[int]] = {name: [] for name in ADMIN_MODELS}
    for n in (5, 80):
        fill_every_table(n)
        for name in ADMIN_MODELS:
            url = reverse(f"admin:community_{name}_changelist")
            count = counted_get(client, url, django_assert_max_num_queries, budget.ADMIN_CHANGELIST)
            counts[name].append(count)
    growing = {name: pair for name, pair in counts.items() if pair[0] != pair[1]}
    assert growing == {}


# ------------------------------------------------------------------------------------------------------
# Posting a reply through the form, screening included: a fixed number of queries, at any thread size
# ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("replies", [10, 2000])
@pytest.mark.parametrize("under_a_reply", [False, True])
def test_posting_a_reply_is_a_fixed_number_of_queries_at_any_thread_size(
    member_client, member, thread, replies, under_a_reply, django_assert_max_num_queries
):
    made = bulk_replies(thread, replies)
    data = {"body": "Thank you for sharing this, it helped me to read it tonight."}
    if under_a_reply:
        data["parent"] = made[-1].pk
    url = reverse("community:reply", kwargs={"thread_id": thread.pk})
    with django_assert_max_num_queries(budget.REPLY_POST):
        response = member_client.post(url, data)
    assert response.status_code == 302
    post = Post.objects.get(thread=thread, body=data["body"])
    assert post.status == Post.Status.PUBLISHED
    expected_parent = thread.posts.get(depth=0)
    if under_a_reply:
        # The deepest replies are answered one level up (HEARTH_MAX_REPLY_DEPTH).
        deep = made[-1].depth >= settings.HEARTH_MAX_REPLY_DEPTH
        expected_parent = made[-1].parent if deep else made[-1]
    assert post.parent_id == expected_parent.pk
    thread.refresh_from_db()
    assert thread.reply_count == Post.objects.filter(thread=thread, depth__gte=1, status="published").count()
    assert ThreadSubscription.objects.filter(member=member, thread=thread).exists()


def test_a_reply_to_a_thread_closed_after_it_was_read_is_refused_and_not_saved(other_member, thread):
    """post_create no longer locks the thread with a second read: its one UPDATE of the counters only
    matches an open thread, so a close that lands between the page's read and the write still wins."""
    from django.core.exceptions import PermissionDenied

    from community.services.posts import post_create

    Thread.objects.filter(pk=thread.pk).update(is_closed=True)  # ``thread`` in memory still says open
    before = Post.objects.filter(thread=thread).count()
    with pytest.raises(PermissionDenied):
        post_create(thread=thread, body="Am I too late?", author=other_member)
    assert Post.objects.filter(thread=thread).count() == before
    assert not ThreadSubscription.objects.filter(member=other_member, thread=thread).exists()
