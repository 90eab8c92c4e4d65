"""Screening through community's services: crisis, spam, held posts, edits, and the off-topic slow pass."""

import pytest
from django.test import override_settings

from community.models import OutboundMessage, Post
from community.services.posts import post_create, post_edit
from community.services.threads import thread_create
from moderation.detectors.base import Finding
from moderation.models import DetectorThreshold, Flag, Lane, ModeratorAlert, ReviewItem
from tests.factories import MemberFactory
from tests.moderation.conftest import (
    ABOUT_OTHER_TEXT,
    CALM_TEXT,
    CRISIS_TEXT,
    PAST_TEXT,
    SPAM_TEXT,
    SUPPORTIVE_TEXT,
)

pytestmark = pytest.mark.django_db


def test_crisis_reply_goes_to_the_safety_lane_alerts_moderators_and_stays_visible(
    thread, on_duty, django_capture_on_commit_callbacks
):
    author = MemberFactory()
    with django_capture_on_commit_callbacks(execute=False):
        result = post_create(thread=thread, author=author, body=CRISIS_TEXT)
    post = Post.objects.get(pk=result.post.pk)
    assert post.status == Post.Status.PUBLISHED
    assert post.is_sensitive
    assert result.screening.sensitive and result.screening.show_support and not result.screening.hold
    item = ReviewItem.objects.get(post=post)
    assert item.lane == Lane.SAFETY and item.status == ReviewItem.Status.OPEN
    assert item.priority >= 1300
    flag = item.flags.get()
    assert flag.category == "crisis" and flag.severity == "high" and flag.evidence
    alert = ModeratorAlert.objects.get(item=item)
    assert alert.recipient == on_duty
    message = OutboundMessage.objects.get(to=on_duty.email)
    assert message.kind == "crisis_alert"
    assert "pills" not in message.subject and "pills" not in message.body_text
    assert f"/moderation/items/{item.pk}/" in message.body_text


def test_crisis_opening_post_is_screened_too(space, on_duty):
    result = thread_create(space=space, author=MemberFactory(), title="I can't go on", body=CRISIS_TEXT)
    assert result.screening.show_support
    assert ReviewItem.objects.get(post=result.opening_post).lane == Lane.SAFETY


def test_crisis_alert_goes_only_to_on_duty_moderators_covering_the_space(thread, on_duty, moderator):
    post_create(thread=thread, author=MemberFactory(), body=CRISIS_TEXT)
    assert list(ModeratorAlert.objects.values_list("recipient_id", flat=True)) == [on_duty.pk]


def test_crisis_alert_reaches_every_moderator_when_nobody_is_on_duty(thread, moderator):
    post_create(thread=thread, author=MemberFactory(), body=CRISIS_TEXT)
    assert ModeratorAlert.objects.filter(recipient=moderator).exists()
    assert OutboundMessage.objects.filter(to=moderator.email, kind="crisis_alert").exists()


def test_a_supportive_reply_is_not_flagged(thread, on_duty):
    result = post_create(thread=thread, author=MemberFactory(), body=SUPPORTIVE_TEXT)
    assert not ReviewItem.objects.filter(post=result.post).exists()
    assert not result.screening.show_support
    assert not ModeratorAlert.objects.exists()


def test_concern_about_someone_else_enters_the_safety_lane_quietly(thread, on_duty):
    result = post_create(thread=thread, author=MemberFactory(), body=ABOUT_OTHER_TEXT)
    item = ReviewItem.objects.get(post=result.post)
    assert item.lane == Lane.SAFETY
    assert item.priority < 1300
    assert not result.screening.show_support and not result.screening.sensitive
    assert not ModeratorAlert.objects.exists()


def test_past_ideation_is_kept_in_the_safety_lane_at_low_priority_without_alert(thread, on_duty):
    result = post_create(thread=thread, author=MemberFactory(), body=PAST_TEXT)
    item = ReviewItem.objects.get(post=result.post)
    assert item.lane == Lane.SAFETY
    assert item.flags.get().severity == "low"
    assert not ModeratorAlert.objects.exists()
    assert not Post.objects.get(pk=result.post.pk).is_sensitive


def test_high_confidence_spam_is_held_in_the_held_lane(thread):
    result = post_create(thread=thread, author=MemberFactory(), body=SPAM_TEXT)
    post = Post.objects.get(pk=result.post.pk)
    assert post.status == Post.Status.HELD and post.hold_reason == Post.HoldReason.SPAM
    item = ReviewItem.objects.get(post=post)
    assert item.lane == Lane.HELD
    assert set(item.flags.values_list("category", flat=True)) == {"spam", "held"}


def test_a_new_members_held_post_gets_a_held_lane_item(space, thread):
    space.hold_new_member_posts = True
    space.save()
    newcomer = MemberFactory(date_joined=thread.created_at)
    result = post_create(thread=thread, author=newcomer, body=CALM_TEXT)
    assert result.post.status == Post.Status.HELD
    item = ReviewItem.objects.get(post=result.post)
    assert item.lane == Lane.HELD
    assert item.flags.get().subtype == Post.HoldReason.NEW_MEMBER


def test_a_new_member_posting_many_links_is_held(thread):
    from django.utils import timezone

    newcomer = MemberFactory(date_joined=timezone.now())
    body = "Some reading: https://a.example/1 https://b.example/2 https://c.example/3 hope it helps"
    result = post_create(thread=thread, author=newcomer, body=body)
    assert Post.objects.get(pk=result.post.pk).status == Post.Status.HELD
    assert Flag.objects.filter(subtype="new_member_links").exists()


def test_an_edit_into_crisis_language_is_screened_again(reply, on_duty):
    assert not ReviewItem.objects.filter(post=reply).exists()
    result = post_edit(post=reply, actor=reply.author, body=CRISIS_TEXT)
    assert result.screening.show_support
    item = ReviewItem.objects.get(post=reply)
    assert item.lane == Lane.SAFETY and item.flags.get().is_edit


def test_an_edit_that_keeps_the_same_language_adds_no_flag_and_no_alert(thread, on_duty):
    result = post_create(thread=thread, author=MemberFactory(), body=CRISIS_TEXT)
    post_edit(post=result.post, actor=result.post.author, body=CRISIS_TEXT + " Sorry for the typos.")
    item = ReviewItem.objects.get(post=result.post)
    assert item.flags.count() == 1
    assert ModeratorAlert.objects.count() == 1


@override_settings(HEARTH_CRISIS_HIDES_POST=True)
def test_crisis_posts_can_be_held_by_configuration(thread, on_duty):
    result = post_create(thread=thread, author=MemberFactory(), body=CRISIS_TEXT)
    assert Post.objects.get(pk=result.post.pk).status == Post.Status.HELD
    assert ReviewItem.objects.get(post=result.post).lane == Lane.SAFETY


def test_an_admin_threshold_overrides_the_default(thread):
    DetectorThreshold.objects.create(category="crisis", threshold=1.0)
    result = post_create(thread=thread, author=MemberFactory(), body=PAST_TEXT)
    assert not ReviewItem.objects.filter(post=result.post).exists()


def test_the_slow_pass_creates_an_off_topic_item_and_never_hides(
    thread, monkeypatch, django_capture_on_commit_callbacks
):
    from moderation.detectors import registry

    calls = []

    def fake_slow(items, thresholds=None):
        calls.append(items)
        return [
            [
                Finding(
                    category="off_topic",
                    severity="medium",
                    score=0.8,
                    evidence=("cars",),
                    detector="off_topic.embedding",
                )
            ]
            for _ in items
        ]

    monkeypatch.setattr(registry, "screen_slow", fake_slow)
    with django_capture_on_commit_callbacks(execute=True):
        result = post_create(
            thread=thread, author=MemberFactory(), body="Great deals on used cars this weekend"
        )
    assert len(calls) == 1
    assert calls[0][0][1].opening_post  # judged against the thread's opening post
    post = Post.objects.get(pk=result.post.pk)
    assert post.status == Post.Status.PUBLISHED and not post.is_off_topic
    item = ReviewItem.objects.get(post=post)
    assert item.lane == Lane.OFF_TOPIC and item.flags.get().category == "off_topic"


def test_the_slow_pass_task_is_safe_to_run_twice(reply, monkeypatch):
    from moderation import tasks
    from moderation.detectors import registry

    monkeypatch.setattr(
        registry,
        "screen_slow",
        lambda items, thresholds=None: [
            [Finding(category="off_topic", severity="medium", score=0.8, detector="off_topic.embedding")]
        ],
    )
    tasks.screen_post_slow.delay(reply.pk)
    tasks.screen_post_slow.delay(reply.pk)
    assert Flag.objects.filter(item__post=reply).count() == 1


@pytest.mark.slow
def test_the_real_slow_pass_leaves_an_on_topic_emotional_reply_alone(reply):
    from moderation.services.screening import screen_post_slow

    reply.body = CALM_TEXT
    reply.save()
    assert "off_topic" not in screen_post_slow(post_id=reply.pk)


# -- the thread title is screened with the opening post ------------------------------------------------------
def test_a_crisis_title_above_a_body_that_says_little_reaches_the_safety_lane(space, on_duty):
    result = thread_create(
        space=space,
        author=MemberFactory(),
        title="Tonight I'm going to kill myself",
        body="I don't really know what else to write here.",
    )
    assert result.screening.show_support
    item = ReviewItem.objects.get(post=result.opening_post)
    assert item.lane == Lane.SAFETY
    flag = item.flags.get(category="crisis")
    assert flag.severity == "high"
    assert ModeratorAlert.objects.filter(item=item, recipient=on_duty).exists()


def test_editing_the_opening_post_screens_it_together_with_the_title(space, on_duty):
    author = MemberFactory()
    result = thread_create(
        space=space, author=author, title="I've chosen the day", body="Thanks to everyone who replied."
    )
    assert not ReviewItem.objects.filter(post=result.opening_post).exists()
    post_edit(post=result.opening_post, actor=author, body="I don't want to be here anymore.")
    flag = Flag.objects.get(item__post=result.opening_post, category="crisis")
    # The body alone is passive ideation (medium); with the chosen day in the title it is preparation.
    assert flag.severity == "high" and flag.is_edit


def test_a_reply_is_not_screened_with_the_thread_title(space, on_duty):
    thread = thread_create(
        space=space, author=MemberFactory(), title="I want to die", body="I don't know who else to tell."
    ).thread
    reply = post_create(thread=thread, author=MemberFactory(), body="I'm here and I'm listening.").post
    assert not Flag.objects.filter(item__post=reply, category="crisis").exists()
