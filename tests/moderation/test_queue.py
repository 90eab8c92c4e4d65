"""The review queue pages: permissions, ordering, filters, blur, claims, dashboard and query counts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import Post
from community.services.posts import post_create
from moderation.models import Flag, Lane, ReviewItem
from moderation.services.queue import review_item_claim
from tests.factories import MemberFactory, ModeratorFactory, ReplyFactory, SpaceFactory, ThreadFactory
from tests.moderation.conftest import CRISIS_TEXT
from tests.moderation.factories import (
    FlagFactory,
    ModeratorProfileFactory,
    ReviewItemFactory,
    SanctionFactory,
)

pytestmark = pytest.mark.django_db


def _moderation_urls(item, member, sanction):
    return [
        ("get", reverse("moderation:queue")),
        ("get", reverse("moderation:dashboard")),
        ("get", reverse("moderation:item", kwargs={"item_id": item.pk})),
        ("post", reverse("moderation:item_claim", kwargs={"item_id": item.pk})),
        ("post", reverse("moderation:item_release", kwargs={"item_id": item.pk})),
        ("post", reverse("moderation:item_action", kwargs={"item_id": item.pk, "action": "hide"})),
        ("get", reverse("moderation:member", kwargs={"member_id": member.pk})),
        ("post", reverse("moderation:member_action", kwargs={"member_id": member.pk, "action": "note"})),
        ("post", reverse("moderation:sanction_revoke", kwargs={"sanction_id": sanction.pk})),
        ("get", reverse("moderation:audit")),
        ("get", reverse("moderation:duty")),
    ]


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_members_and_guests_get_404_on_every_moderation_url(who, client, member):
    item = ReviewItemFactory()
    sanction = SanctionFactory()
    if who == "member":
        client.force_login(member)
    for method, url in _moderation_urls(item, member, sanction):
        response = getattr(client, method)(url, {"body": "x", "reason": "x"})
        assert response.status_code == 404, url
    item.refresh_from_db()
    assert item.post.status == Post.Status.PUBLISHED


def test_moderators_can_open_every_page(moderator_client, member):
    item = ReviewItemFactory()
    for method, url in _moderation_urls(item, member, SanctionFactory()):
        if method == "get":
            assert moderator_client.get(url).status_code == 200, url


def test_a_crisis_item_is_listed_first_in_the_safety_lane_with_its_text_blurred(
    thread, moderator_client, on_duty
):
    quiet = ReviewItemFactory(lane=Lane.SAFETY, priority=1100)
    result = post_create(thread=thread, author=MemberFactory(), body=CRISIS_TEXT)
    crisis_item = ReviewItem.objects.get(post=result.post)
    html = moderator_client.get(reverse("moderation:queue") + "?lane=safety").content.decode()
    assert html.index(f'data-item-id="{crisis_item.pk}"') < html.index(f'data-item-id="{quiet.pk}"')
    assert f'class="sensitive-text is-blurred" id="text-{crisis_item.pk}"' in html
    assert f'aria-controls="text-{crisis_item.pk}"' in html


def test_items_of_equal_priority_are_listed_oldest_first(moderator_client):
    newer = ReviewItemFactory(priority=200)
    older = ReviewItemFactory(priority=200, created_at=timezone.now() - timezone.timedelta(hours=3))
    html = moderator_client.get(reverse("moderation:queue") + "?lane=reported").content.decode()
    assert html.index(f'data-item-id="{older.pk}"') < html.index(f'data-item-id="{newer.pk}"')


def test_the_queue_filters_by_space_category_age_and_claim(moderator_client, moderator):
    other_space = SpaceFactory()
    in_other = ReviewItemFactory(post=ReplyFactory(thread=ThreadFactory(space=other_space)))
    spam = ReviewItemFactory()
    FlagFactory(item=spam, category=Flag.Category.SPAM)
    old = ReviewItemFactory(created_at=timezone.now() - timezone.timedelta(days=2))
    review_item_claim(item=old, actor=moderator)

    def listed(query):
        html = moderator_client.get(reverse("moderation:queue") + "?lane=reported&" + query).content.decode()
        return {i.pk for i in (in_other, spam, old) if f'data-item-id="{i.pk}"' in html}

    assert listed(f"space={other_space.pk}") == {in_other.pk}
    assert listed("category=spam") == {spam.pk}
    assert listed("age=24h") == {old.pk}
    assert listed("claimed=claimed") == {old.pk}
    assert listed("claimed=mine") == {old.pk}
    assert listed("claimed=unclaimed") == {in_other.pk, spam.pk}


def test_a_moderator_limited_to_some_spaces_sees_only_those(client):
    mine = SpaceFactory()
    profile = ModeratorProfileFactory(on_duty=False)
    profile.spaces.add(mine)
    client.force_login(profile.member)
    visible = ReviewItemFactory(post=ReplyFactory(thread=ThreadFactory(space=mine)))
    elsewhere = ReviewItemFactory()
    html = client.get(reverse("moderation:queue") + "?lane=reported").content.decode()
    assert f'data-item-id="{visible.pk}"' in html and f'data-item-id="{elsewhere.pk}"' not in html
    assert client.get(reverse("moderation:item", kwargs={"item_id": elsewhere.pk})).status_code == 404


def test_claiming_counts_as_first_human_action_and_blocks_other_moderators(
    moderator_client, moderator, client
):
    item = ReviewItemFactory()
    moderator_client.post(reverse("moderation:item_claim", kwargs={"item_id": item.pk}))
    item.refresh_from_db()
    assert item.claimed_by == moderator and item.first_human_action_at is not None
    other = ModeratorFactory()
    client.force_login(other)
    client.post(reverse("moderation:item_claim", kwargs={"item_id": item.pk}))
    item.refresh_from_db()
    assert item.claimed_by == moderator


def test_a_claim_lapses_after_inactivity(moderator, time_machine):
    item = ReviewItemFactory()
    review_item_claim(item=item, actor=moderator)
    time_machine.move_to(timezone.now() + timezone.timedelta(minutes=31))
    other = ModeratorFactory()
    assert review_item_claim(item=item, actor=other) is True
    item.refresh_from_db()
    assert item.claimed_by == other


def test_releasing_returns_the_item_to_the_queue(moderator_client, moderator):
    item = ReviewItemFactory()
    review_item_claim(item=item, actor=moderator)
    moderator_client.post(reverse("moderation:item_release", kwargs={"item_id": item.pk}))
    item.refresh_from_db()
    assert item.claimed_by is None


def test_the_item_page_highlights_evidence_and_shows_history(thread, moderator_client, on_duty):
    result = post_create(thread=thread, author=MemberFactory(), body=CRISIS_TEXT)
    item = ReviewItem.objects.get(post=result.post)
    evidence = item.flags.get().evidence[0]
    html = moderator_client.get(reverse("moderation:item", kwargs={"item_id": item.pk})).content.decode()
    assert f"<mark>{evidence}</mark>".lower() in html.lower()
    assert 'accesskey="r"' in html


def test_the_dashboard_shows_lane_sizes_oldest_item_and_median_first_action(moderator_client, time_machine):
    now = timezone.now()
    for minutes in (2, 4, 30):
        ReviewItemFactory(
            lane=Lane.SAFETY,
            created_at=now - timezone.timedelta(hours=1),
            first_human_action_at=now - timezone.timedelta(hours=1) + timezone.timedelta(minutes=minutes),
        )
    ReviewItemFactory(
        lane=Lane.SAFETY,
        created_at=now - timezone.timedelta(days=10),
        first_human_action_at=now - timezone.timedelta(days=9),
    )  # outside the 7 days
    ReviewItemFactory(lane=Lane.HELD, created_at=now - timezone.timedelta(days=3))
    html = moderator_client.get(reverse("moderation:dashboard")).content.decode()
    assert "<strong>4 min</strong>" in html
    assert '<div class="stat" data-lane="safety"><span>Safety</span><strong>4</strong>' in html
    assert '<div class="stat" data-lane="held"><span>Held</span><strong>1</strong>' in html
    assert "waiting 1" in html and "days" in html


def _bulk_items(n):
    space = SpaceFactory()
    thread = ThreadFactory(space=space)
    author = MemberFactory()
    opening = thread.posts.get()
    posts = Post.objects.bulk_create(
        [Post(thread=thread, parent=opening, depth=1, author=author, body=f"reply {i}") for i in range(n)]
    )
    items = ReviewItem.objects.bulk_create(
        [ReviewItem(post=p, lane=Lane.REPORTED, priority=i % 50) for i, p in enumerate(posts)]
    )
    reporter = MemberFactory()
    Flag.objects.bulk_create(
        [Flag(item=item, source="member", category="spam", reporter=reporter) for item in items]
    )


@pytest.mark.parametrize("size", [5, 5000])
def test_the_queue_lists_in_a_fixed_number_of_queries(size, moderator_client, django_assert_max_num_queries):
    _bulk_items(size)
    url = reverse("moderation:queue") + "?lane=reported"
    moderator_client.get(url)  # warm the session and the content-type caches
    with django_assert_max_num_queries(12):
        response = moderator_client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("data-item-id=") == min(size, 50)


def test_the_scheduled_task_releases_claims_left_idle_past_the_timeout(moderator, reply):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from moderation import tasks
    from moderation.models import ReviewItem
    from moderation.services.queue import review_item_open

    item, _ = review_item_open(post=reply)
    ReviewItem.objects.filter(pk=item.pk).update(
        claimed_by=moderator, claimed_at=timezone.now(), last_activity_at=timezone.now()
    )
    assert tasks.release_stale_claims.delay().get() == 0
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert tasks.release_stale_claims.delay().get() == 1
    assert ReviewItem.objects.get(pk=item.pk).claimed_by is None
