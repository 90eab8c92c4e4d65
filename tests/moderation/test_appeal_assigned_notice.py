"""Issue 14 item 2: the moderator an appeal is assigned to is told, on the site and by email through the
outbox (with List-Unsubscribe, like the other moderator emails); the member's note stays out of the email."""

import pytest
import time_machine
from django.utils import timezone

from community.models import Notification, OutboundMessage
from moderation.models import ModerationNotice
from moderation.services import review_items
from moderation.services.alerts import off_duty_url
from moderation.services.appeals import appeal_create
from tests.factories import ModeratorFactory
from tests.moderation.factories import ReviewItemFactory

pytestmark = pytest.mark.django_db

NOTE = "That was my own phone number, shared on purpose."


@pytest.fixture
def notice(reply, moderator):
    review_items.review_item_hide(item=ReviewItemFactory(post=reply), actor=moderator)
    return ModerationNotice.objects.get(post=reply)


def test_the_assigned_moderator_gets_a_notification_and_an_email_with_list_unsubscribe(notice, moderator):
    # The off-duty link is signed with the time: frozen, the link the test builds is the one in the email.
    with time_machine.travel(timezone.now(), tick=False):
        other = ModeratorFactory()
        appeal, _ = appeal_create(notice=notice, actor=notice.member, note=NOTE)
        assert appeal.assigned_to == other
        note = Notification.objects.get(kind=Notification.Kind.APPEAL_ASSIGNED)
        assert note.recipient == other and note.url == appeal.get_absolute_url()
        email = OutboundMessage.objects.get(kind="appeal_assigned")
        assert email.to == other.email and "appeal" in email.subject.lower()
        assert appeal.get_absolute_url() in email.body_text and appeal.get_absolute_url() in email.body_html
        assert email.headers["List-Unsubscribe"] == f"<{off_duty_url(member=other)}>"
        assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert NOTE not in email.body_text and NOTE not in email.body_html
        assert not Notification.objects.filter(recipient=moderator, kind="appeal_assigned").exists()


def test_a_second_appeal_tells_nobody_again(notice):
    ModeratorFactory()
    appeal_create(notice=notice, actor=notice.member, note=NOTE)
    appeal_create(notice=notice, actor=notice.member, note="again")
    assert Notification.objects.filter(kind="appeal_assigned").count() == 1
    assert OutboundMessage.objects.filter(kind="appeal_assigned").count() == 1


def test_with_nobody_else_to_assign_it_to_no_moderator_is_singled_out(notice):
    appeal, _ = appeal_create(notice=notice, actor=notice.member, note=NOTE)
    assert appeal.assigned_to is None
    assert not Notification.objects.filter(kind="appeal_assigned").exists()
    assert not OutboundMessage.objects.filter(kind="appeal_assigned").exists()
