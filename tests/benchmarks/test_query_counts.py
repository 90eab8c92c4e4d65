"""Query counts of the benchmarked hot paths must not grow with the data (cases 1, 2, 5 and 6).

Each test runs at two sizes built by the benchmark's synthetic builder; the same ceiling holds at both.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from benchmarks.cases.digest_batch import build_digest_community
from benchmarks.cases.queue_list import build_review_items, queue_urls
from community.models import DigestFrequency, DigestLog, Member, Post, Thread
from tests import query_budgets as budget


@pytest.mark.parametrize("replies", [20, 400])
def test_thread_page_needs_the_same_queries_for_a_small_and_a_large_thread(
    client, build_community, replies, django_assert_max_num_queries
):
    community = build_community(thread_sizes=(replies,))
    thread = community.threads_by_size[replies]
    client.force_login(community.members[1])

    with django_assert_max_num_queries(budget.THREAD_PAGE):
        response = client.get(thread.get_absolute_url())

    assert response.status_code == 200
    assert escape(thread.title) in response.content.decode()


def test_the_synthetic_thread_keeps_the_tree_invariants(build_community):
    community = build_community(thread_sizes=(300,))
    thread = Thread.objects.get(pk=community.threads_by_size[300].pk)
    posts = {p.pk: p for p in Post.objects.filter(thread=thread)}

    replies = [p for p in posts.values() if p.parent_id is not None]
    assert len(replies) == 300
    assert thread.reply_count == sum(p.status == Post.Status.PUBLISHED for p in replies)
    for post in replies:
        parent = posts[post.parent_id]
        assert post.depth == parent.depth + 1 <= 5
        assert post.root_id == (post.pk if post.depth == 1 else parent.root_id)
        assert post.pk > parent.pk


@pytest.mark.parametrize("replies", [20, 400])
def test_thread_api_tree_needs_the_same_queries_for_a_small_and_a_large_thread(
    client, build_community, replies, django_assert_max_num_queries
):
    community = build_community(thread_sizes=(replies,))
    thread = community.threads_by_size[replies]
    client.force_login(community.members[1])

    with django_assert_max_num_queries(budget.THREAD_REPLIES_API):
        response = client.get(reverse("api:thread-replies", kwargs={"thread_id": thread.pk}))

    assert response.status_code == 200
    assert response.json()["replies"]


@pytest.mark.parametrize("items", [30, 600])
def test_review_queue_pages_need_the_same_queries_for_few_and_many_items(
    client, bench_builder, build_community, items, django_assert_max_num_queries
):
    urls = queue_urls()
    if urls is None:
        pytest.skip("the review queue page does not exist yet")
    community = build_community()
    build_review_items(bench_builder, community, items)
    moderator = community.members[0]
    Member.objects.filter(pk=moderator.pk).update(is_moderator=True)
    client.force_login(moderator)

    for url in urls.values():
        with django_assert_max_num_queries(budget.REVIEW_QUEUE_PAGE):
            response = client.get(url)
        assert response.status_code == 200


@pytest.mark.parametrize("readers", [10, 60])
def test_digest_run_needs_the_same_queries_for_few_and_many_members(
    bench_builder, build_community, readers, settings, django_assert_max_num_queries
):
    from community.services.digests import digests_send_due

    settings.HEARTH_DIGEST_BATCH_SIZE = 100  # one batch at both sizes
    now = timezone.now()
    community = build_community()
    build_digest_community(bench_builder, community, readers, now=now)

    with django_assert_max_num_queries(budget.DIGEST_BATCH):
        result = digests_send_due(now=now, frequency=DigestFrequency.DAILY, force=True)

    assert result.considered == readers
    assert result.sent == readers
    assert DigestLog.objects.filter(period_end__gt=now - timedelta(days=1)).count() == readers
