"""Care for moderators: Safety items handled in the last 24 h, a break after a run of them (alerts skip
them meanwhile), first alerts to the least-loaded moderator on duty, team-signed messages."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from community.models import Notification, OutboundMessage
from moderation.models import Flag, Lane, ModeratorAlert, ModeratorProfile, ReviewItem
from moderation.services.alerts import alert_item
from moderation.services.escalation import review_item_escalate
from moderation.services.sanctions import review_item_warn_author
from tests.factories import ReplyFactory
from tests.moderation.factories import FlagFactory, ModeratorProfileFactory, ReviewItemFactory

pytestmark = pytest.mark.django_db


def handled(moderator, *, lane=Lane.SAFETY, minutes_ago=10, n=1):
    now = timezone.now()
    for i in range(n):
        ReviewItemFactory(
            lane=lane, status=ReviewItem.Status.RESOLVED, resolution="approved", resolved_by=moderator,
            resolved_at=now - timedelta(minutes=minutes_ago + i),
        )  # fmt: skip


@pytest.fixture
def crisis_item(thread):
    item = ReviewItemFactory(post=ReplyFactory(thread=thread), lane=Lane.SAFETY, priority=1300)
    FlagFactory(item=item, source=Flag.Source.DETECTOR, category="crisis", severity="high", reporter=None)
    return item


def test_the_queue_shows_each_moderator_their_safety_items_of_the_last_24_hours(client):
    me = ModeratorProfileFactory().member
    handled(me, n=3)
    handled(me, minutes_ago=25 * 60)  # yesterday's
    handled(me, lane=Lane.REPORTED)  # not a Safety item
    handled(ModeratorProfileFactory().member, n=4)  # someone else's
    client.force_login(me)
    html = client.get("/moderation/").content.decode()
    assert "You've handled 3 Safety items in the last 24 hours." in html
    assert 'id="care-break"' not in html


@override_settings(HEARTH_CARE_SAFETY_STREAK=3, HEARTH_CARE_BREAK_MINUTES=45)
def test_a_run_of_safety_items_suggests_a_break_and_a_different_item_ends_the_run(client):
    me = ModeratorProfileFactory().member
    client.force_login(me)
    handled(me, n=3, minutes_ago=5)
    html = client.get("/moderation/").content.decode()
    assert "That's 3 Safety items in a row. Please take a break" in html
    until = timezone.localtime(timezone.now() - timedelta(minutes=5) + timedelta(minutes=45))
    assert f"until {until:%H:%M}" in html

    handled(me, lane=Lane.REPORTED, minutes_ago=1)  # the latest one was not a Safety item
    assert 'id="care-break"' not in client.get("/moderation/").content.decode()


@override_settings(HEARTH_CARE_SAFETY_STREAK=3, HEARTH_CARE_STREAK_GAP_MINUTES=60)
def test_a_long_pause_between_items_is_not_a_run(client):
    me = ModeratorProfileFactory().member
    client.force_login(me)
    handled(me, n=2, minutes_ago=5)
    handled(me, n=1, minutes_ago=120)
    assert 'id="care-break"' not in client.get("/moderation/").content.decode()


def test_the_first_alert_goes_to_the_on_duty_moderator_with_the_lowest_recent_crisis_load(crisis_item):
    busy = ModeratorProfileFactory().member
    rested = ModeratorProfileFactory().member
    handled(busy, n=2)
    handled(rested, n=1)
    ModeratorProfileFactory(on_duty=False)

    assert alert_item(item=crisis_item) == 1
    assert list(ModeratorAlert.objects.values_list("recipient_id", flat=True)) == [rested.pk]
    mail = OutboundMessage.objects.get(to=rested.email)
    assert "/moderation/duty/off/" in mail.headers["List-Unsubscribe"]
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@override_settings(HEARTH_CARE_SAFETY_STREAK=3)
def test_alerts_skip_a_moderator_on_a_break_until_everyone_on_duty_is_on_one(crisis_item):
    tired = ModeratorProfileFactory().member
    other = ModeratorProfileFactory().member
    handled(tired, n=3)  # on a break
    handled(other, n=2, minutes_ago=30)  # more load than nobody, but not a run: still the one to ask

    ReviewItem.objects.filter(pk=crisis_item.pk).update(created_at=timezone.now() - timedelta(minutes=20))
    escalated = review_item_escalate(item_id=crisis_item.pk)
    assert escalated is not None and escalated.level == 1
    assert set(ModeratorAlert.objects.filter(level=1).values_list("recipient_id", flat=True)) == {other.pk}

    ModeratorProfile.objects.filter(member=other).update(on_duty=False)
    ModeratorAlert.objects.all().delete()
    assert alert_item(item=crisis_item) == 1  # someone must know, even the tired one
    assert list(ModeratorAlert.objects.values_list("recipient_id", flat=True)) == [tired.pk]


def test_messages_to_members_are_signed_by_the_team_unless_the_moderator_chooses_their_name(
    client, thread
):
    moderator = ModeratorProfileFactory().member
    first = ReviewItemFactory(post=ReplyFactory(thread=thread))
    review_item_warn_author(item=first, actor=moderator, message="Please keep replies kind.")
    note = Notification.objects.get(post=first.post, kind=Notification.Kind.MODERATOR_MESSAGE)
    assert note.message.endswith("— the moderation team") and moderator.display_name not in note.message

    client.force_login(moderator)
    client.post("/moderation/duty/", {"sign_as_team": "0"})
    second = ReviewItemFactory(post=ReplyFactory(thread=thread))
    review_item_warn_author(item=second, actor=moderator, message="Please keep replies kind.")
    note = Notification.objects.get(post=second.post, kind=Notification.Kind.MODERATOR_MESSAGE)
    assert note.message.endswith(f"— {moderator.display_name}, moderator")
