"""The queue's look and the demo's off-topic lane: one tag per reason, a labelled post stays handled."""

import pytest

from community.models import Post
from moderation.detectors.base import Finding
from moderation.models import Flag, Lane, ReviewItem
from moderation.services.review_items import review_item_label_off_topic
from moderation.services.screening import screen_post_slow
from tests.factories import ReplyFactory
from tests.moderation.factories import FlagFactory, ReviewItemFactory

pytestmark = pytest.mark.django_db


def _off_topic_pass(monkeypatch):
    from moderation.detectors import registry

    finding = Finding(
        category="off_topic", severity="high", score=0.99, evidence=("similarity 0.02",), detector="emb"
    )
    monkeypatch.setattr(registry, "screen_slow", lambda items, thresholds=None: [[finding] for _ in items])


def test_a_reply_labelled_off_topic_before_the_embedding_pass_stays_out_of_the_off_topic_lane(
    thread, moderator, monkeypatch
):
    reply = ReplyFactory(thread=thread)
    item = ReviewItemFactory(post=reply, lane=Lane.OFF_TOPIC)
    assert review_item_label_off_topic(item=item, actor=moderator, reason="A campaign ad.")
    _off_topic_pass(monkeypatch)

    screen_post_slow(post_id=reply.pk)

    item.refresh_from_db()
    assert item.status == ReviewItem.Status.RESOLVED
    assert item.resolution == ReviewItem.Resolution.OFF_TOPIC
    assert not Flag.objects.filter(item=item, category="off_topic").exists()


def test_the_embedding_pass_still_flags_a_reply_nobody_has_labelled(thread, monkeypatch):
    reply = ReplyFactory(thread=thread)
    _off_topic_pass(monkeypatch)

    screen_post_slow(post_id=reply.pk)

    item = ReviewItem.objects.get(post=reply)
    assert item.is_open and item.lane == Lane.OFF_TOPIC


def test_a_queue_card_shows_each_reason_once(moderator_client, thread):
    item = ReviewItemFactory(post=ReplyFactory(thread=thread), lane=Lane.SAFETY, priority=1200)
    for detector in ("crisis.lexical", "crisis.embedding"):
        FlagFactory(
            item=item, source=Flag.Source.DETECTOR, category="crisis", severity="high", detector=detector,
            reporter=None,
        )

    html = moderator_client.get("/moderation/?lane=safety").content.decode()

    assert html.count('<span class="label">Crisis · high</span>') == 1


def test_queue_cards_keep_their_side_padding_and_safety_cards_their_red_border(moderator_client, thread):
    ReviewItemFactory(post=ReplyFactory(thread=thread), lane=Lane.SAFETY, priority=1200)
    html = moderator_client.get("/moderation/?lane=safety").content.decode()
    # The site-wide `.list-plain > li` rule (padding .6rem 0) outranks a bare `.queue-item`; the browser
    # test checks the computed style, this one that the rules are written at a specificity that wins.
    assert ".list-plain > li.queue-item {" in html and "padding: .7rem .9rem" in html
    assert ".list-plain > li.queue-item.lane-safety { border-left: 4px solid" in html
    assert "button:not(.secondary):not(.link) kbd" in html


def test_the_seeded_campaign_ad_is_labelled_and_out_of_the_queue(db, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_moderation_demo", stdout=StringIO())
    ad = Post.objects.get(body__startswith="Vote for Dale Hunter")
    item = ReviewItem.objects.get(post=ad)
    assert ad.is_off_topic
    assert item.status == ReviewItem.Status.RESOLVED
    assert not ReviewItem.objects.filter(status="open", lane=Lane.OFF_TOPIC).exists()
