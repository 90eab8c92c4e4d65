"""Member reports (``report_create``, what the Report form and API call) and the HTTP report form."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from community.models import Notification
from moderation.models import Flag, Lane, ModeratorAlert, ReviewItem
from moderation.services.reports import ReportRateLimited, report_create
from moderation.services.review_items import review_item_approve
from tests.factories import MemberFactory, ModeratorFactory, ReplyFactory

pytestmark = pytest.mark.django_db


def test_several_reports_aggregate_into_one_item_whose_priority_grows(reply):
    first = MemberFactory()
    assert report_create(post=reply, reporter=first, reason="harassment", note="Unkind")
    item = ReviewItem.objects.get(post=reply)
    assert item.lane == Lane.REPORTED
    one = item.priority
    report_create(post=reply, reporter=MemberFactory(), reason="harassment")
    item.refresh_from_db()
    assert item.priority > one
    assert ReviewItem.objects.filter(post=reply).count() == 1
    assert item.flags.count() == 2


def test_trusted_reporters_weigh_more_than_brand_new_accounts(thread):
    newcomer_post, veteran_post, moderator_post = (ReplyFactory(thread=thread) for _ in range(3))
    report_create(post=newcomer_post, reporter=MemberFactory(date_joined=timezone.now()), reason="spam")
    report_create(post=veteran_post, reporter=MemberFactory(), reason="spam")  # 60 days old
    old = MemberFactory(date_joined=timezone.now() - timezone.timedelta(days=400))
    report_create(post=veteran_post, reporter=old, reason="spam")
    report_create(post=moderator_post, reporter=ModeratorFactory(), reason="spam")
    priority = dict(ReviewItem.objects.values_list("post_id", "priority"))
    assert priority[newcomer_post.pk] < priority[moderator_post.pk]
    assert priority[newcomer_post.pk] < priority[veteran_post.pk]


def test_a_worried_report_goes_to_the_safety_lane_and_alerts(reply, on_duty):
    report_create(post=reply, reporter=MemberFactory(), reason="crisis", note="They sound in danger")
    item = ReviewItem.objects.get(post=reply)
    assert item.lane == Lane.SAFETY
    assert ModeratorAlert.objects.filter(item=item, recipient=on_duty).exists()


def test_reporting_twice_is_a_no_op(reply):
    reporter = MemberFactory()
    assert report_create(post=reply, reporter=reporter, reason="spam") is True
    assert report_create(post=reply, reporter=reporter, reason="harassment") is False
    assert Flag.objects.filter(reporter=reporter).count() == 1


def test_the_reporter_gets_one_acknowledgment_and_the_author_hears_nothing(reply):
    reporter = MemberFactory()
    report_create(post=reply, reporter=reporter, reason="spam")
    report_create(post=reply, reporter=reporter, reason="spam")
    assert (
        Notification.objects.filter(recipient=reporter, kind=Notification.Kind.REPORT_RECEIVED).count() == 1
    )
    assert not Notification.objects.filter(recipient=reply.author).exists()


def test_reporters_are_told_when_the_item_is_resolved_once(reply, moderator):
    reporters = [MemberFactory(), MemberFactory()]
    for r in reporters:
        report_create(post=reply, reporter=r, reason="other")
    item = ReviewItem.objects.get(post=reply)
    review_item_approve(item=item, actor=moderator)
    review_item_approve(item=item, actor=moderator)
    for r in reporters:
        notes = Notification.objects.filter(recipient=r, kind=Notification.Kind.REPORT_RESOLVED)
        assert notes.count() == 1
        assert "approved" not in notes.get().message.lower()


@override_settings(HEARTH_REPORTS_PER_HOUR=3)
def test_reports_are_rate_limited_per_member_with_a_kind_message(thread):
    reporter = MemberFactory()
    for _ in range(3):
        report_create(post=ReplyFactory(thread=thread), reporter=reporter, reason="spam")
    with pytest.raises(ReportRateLimited) as exc:
        report_create(post=ReplyFactory(thread=thread), reporter=reporter, reason="spam")
    assert isinstance(exc.value, ValidationError)
    assert "wait a little" in exc.value.messages[0]


@override_settings(HEARTH_REPORTS_PER_HOUR=1)
def test_the_rate_limit_window_slides(thread, time_machine):
    reporter = MemberFactory()
    report_create(post=ReplyFactory(thread=thread), reporter=reporter, reason="spam")
    time_machine.move_to(timezone.now() + timezone.timedelta(minutes=61))
    assert report_create(post=ReplyFactory(thread=thread), reporter=reporter, reason="spam")


def test_an_unknown_reason_or_own_post_is_refused(reply):
    with pytest.raises(ValidationError):
        report_create(post=reply, reporter=MemberFactory(), reason="i_dont_like_it")
    with pytest.raises(ValidationError):
        report_create(post=reply, reporter=reply.author, reason="spam")


def test_a_report_on_a_resolved_post_reopens_its_item(reply, moderator):
    report_create(post=reply, reporter=MemberFactory(), reason="spam")
    item = ReviewItem.objects.get(post=reply)
    review_item_approve(item=item, actor=moderator)
    report_create(post=reply, reporter=MemberFactory(), reason="harassment")
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.OPEN and item.resolution == ""
