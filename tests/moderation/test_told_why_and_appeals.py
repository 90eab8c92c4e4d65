"""Issue 14 items 1 and 2: a member is told why a moderator acted, and may appeal once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from community.models import Notification, OutboundMessage, Post
from moderation.models import Appeal, AuditAction, AuditLogEntry, ModerationNotice, ModerationReason
from moderation.services import posts as moderation_posts
from moderation.services import review_items, sanctions
from moderation.services.appeals import appeal_create, appeal_reverse, appeal_uphold
from tests import query_budgets
from tests.factories import MemberFactory, ModeratorFactory, ReplyFactory, SpaceFactory
from tests.moderation.factories import ModeratorProfileFactory, ReviewItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(reply):
    return ReviewItemFactory(post=reply)


@pytest.fixture
def reason():
    return ModerationReason.objects.get(code="personal-info")


def test_the_seeded_reasons_are_there_for_moderators_to_pick():
    assert ModerationReason.objects.filter(is_active=True).count() >= 5


def test_hiding_a_post_tells_the_author_the_action_the_reason_and_what_they_can_do(item, moderator, reason):
    assert review_items.review_item_hide(
        item=item, actor=moderator, reason="audit", member_reason=reason, member_line="Sorry about this."
    )
    notice = ModerationNotice.objects.get()
    assert (notice.member, notice.action, notice.post) == (item.post.author, "hidden", item.post)
    note = Notification.objects.get(recipient=item.post.author, kind=Notification.Kind.MODERATION_NOTICE)
    assert "hidden your reply" in note.message
    assert reason.explanation in note.message and "Sorry about this." in note.message
    assert "ask another moderator to look again" in note.message
    assert note.message.endswith("the moderation team")
    assert note.url == notice.get_absolute_url()
    email = OutboundMessage.objects.get(to=item.post.author.email)
    assert "unsubscribe" in email.body_text.lower() and "/preferences/" in email.body_text
    assert reason.explanation in email.body_html


def test_doing_it_twice_tells_the_author_once(item, moderator):
    review_items.review_item_hide(item=item, actor=moderator)
    assert not review_items.review_item_hide(item=item, actor=moderator)
    assert ModerationNotice.objects.count() == 1


def test_no_email_when_the_member_turned_moderation_emails_off(item, moderator):
    item.post.author.moderation_emails = False
    item.post.author.save()
    review_items.review_item_label_off_topic(item=item, actor=moderator)
    assert ModerationNotice.objects.get().action == "off_topic"
    assert not OutboundMessage.objects.exists()


def test_a_moderator_who_signs_with_their_name_is_named(item):
    moderator = ModeratorProfileFactory(sign_as_team=False, member__display_name="Robin").member
    review_items.review_item_delete(item=item, actor=moderator)
    assert Notification.objects.get(kind="moderation_notice").message.endswith("Robin, moderator")


def test_a_silenced_member_is_told_the_length_and_the_reason(member, moderator, reason):
    sanctions.member_silence(
        member=member, actor=moderator, days=3, reason="Be gentle.", member_reason=reason
    )
    message = Notification.objects.get(recipient=member, kind="moderation_notice").message
    assert "for 3 days" in message and reason.explanation in message and "Be gentle." in message


def test_the_author_sees_their_hidden_opening_post_marked_with_a_link_to_why(client, moderator, thread):
    item = ReviewItemFactory(post=thread.posts.get(depth=0))
    review_items.review_item_hide(item=item, actor=moderator)
    client.force_login(thread.author)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Hidden by a moderator" in page and reverse("community:moderated_posts") in page


def test_my_moderated_posts_lists_hidden_and_removed_posts_marked_as_such(client, moderator, thread):
    author = MemberFactory()
    hidden = ReviewItemFactory(post=ReplyFactory(thread=thread, author=author))
    removed = ReviewItemFactory(post=ReplyFactory(thread=thread, author=author))
    review_items.review_item_hide(item=hidden, actor=moderator)
    review_items.review_item_delete(item=removed, actor=moderator)
    client.force_login(author)
    page = client.get(reverse("community:moderated_posts")).content.decode()
    assert "Hidden by a moderator" in page and "Removed by a moderator" in page


def _notices(author, moderator, thread, count):
    for _ in range(count):
        review_items.review_item_hide(
            item=ReviewItemFactory(post=ReplyFactory(thread=thread, author=author)), actor=moderator
        )


@pytest.mark.parametrize("count", [3, 40])
def test_my_moderated_posts_costs_the_same_queries_at_any_size(
    client, moderator, thread, count, django_assert_max_num_queries
):
    author = MemberFactory()
    _notices(author, moderator, thread, count)
    client.force_login(author)
    with django_assert_max_num_queries(query_budgets.MODERATED_POSTS_PAGE):
        assert client.get(reverse("community:moderated_posts")).status_code == 200


def test_nobody_else_can_read_a_members_notice(client, item, moderator, other_member):
    review_items.review_item_hide(item=item, actor=moderator)
    client.force_login(other_member)
    assert client.get(ModerationNotice.objects.get().get_absolute_url()).status_code == 404


# --- Appeals --------------------------------------------------------------------------------------------


@pytest.fixture
def hidden(item, moderator):
    review_items.review_item_hide(item=item, actor=moderator)
    return ModerationNotice.objects.get()


def test_a_member_appeals_once_from_the_notice_page(client, hidden):
    client.force_login(hidden.member)
    response = client.post(hidden.get_absolute_url(), {"note": "It was about me, not anyone else."})
    assert response.status_code == 302
    client.post(hidden.get_absolute_url(), {"note": "Again"})
    appeal = Appeal.objects.get()
    assert appeal.note == "It was about me, not anyone else." and appeal.is_open
    assert AuditLogEntry.objects.filter(action=AuditAction.APPEAL, actor=hidden.member).count() == 1


def test_an_appeal_needs_a_note_and_its_own_author(hidden, other_member):
    with pytest.raises(ValidationError):
        appeal_create(notice=hidden, actor=hidden.member, note="  ")
    with pytest.raises(PermissionDenied):
        appeal_create(notice=hidden, actor=other_member, note="Please")


def test_the_appeal_goes_to_another_moderator_when_there_is_one(hidden, moderator):
    other = ModeratorFactory()
    appeal, _ = appeal_create(notice=hidden, actor=hidden.member, note="Please look again")
    assert appeal.assigned_to == other != moderator


def test_without_another_moderator_the_appeal_is_left_for_anyone(hidden):
    appeal, _ = appeal_create(notice=hidden, actor=hidden.member, note="Please look again")
    assert appeal.assigned_to is None


def test_the_moderator_who_acted_cannot_decide_an_appeal_assigned_to_another(hidden, moderator):
    ModeratorFactory()
    appeal, _ = appeal_create(notice=hidden, actor=hidden.member, note="Please")
    with pytest.raises(PermissionDenied):
        appeal_reverse(appeal=appeal, actor=moderator, note="Fine")


def test_reversing_a_hide_shows_the_post_again_tells_the_author_and_is_audited(hidden):
    other = ModeratorFactory()
    appeal, _ = appeal_create(notice=hidden, actor=hidden.member, note="Please")
    assert appeal_reverse(appeal=appeal, actor=other, note="You're right, sorry.")
    assert not appeal_reverse(appeal=appeal, actor=other, note="again")
    assert Post.objects.get(pk=hidden.post_id).status == Post.Status.PUBLISHED
    outcome = Notification.objects.get(recipient=hidden.member, kind=Notification.Kind.APPEAL_OUTCOME)
    assert "undone" in outcome.message and "You're right, sorry." in outcome.message
    assert AuditLogEntry.objects.filter(action=AuditAction.APPEAL_REVERSE, actor=other).count() == 1
    assert OutboundMessage.objects.filter(kind="appeal_outcome").count() == 1


def test_upholding_keeps_the_post_hidden_and_tells_the_author(hidden):
    other = ModeratorFactory()
    appeal, _ = appeal_create(notice=hidden, actor=hidden.member, note="Please")
    assert appeal_uphold(appeal=appeal, actor=other, note="It named someone.")
    assert Post.objects.get(pk=hidden.post_id).status == Post.Status.HIDDEN
    assert Notification.objects.filter(kind="appeal_outcome", message__contains="keep the earlier").exists()
    assert AuditLogEntry.objects.filter(action=AuditAction.APPEAL_UPHOLD).count() == 1


def test_reversing_a_removal_puts_the_text_back(item, moderator):
    body = item.post.body
    review_items.review_item_delete(item=item, actor=moderator)
    notice = ModerationNotice.objects.get()
    appeal, _ = appeal_create(notice=notice, actor=notice.member, note="Please")
    appeal_reverse(appeal=appeal, actor=ModeratorFactory(), note="Restored")
    post = Post.objects.get(pk=item.post_id)
    assert (post.body, post.deleted_at, post.status) == (body, None, Post.Status.PUBLISHED)


def test_reversing_an_edit_restores_the_previous_text(item, moderator):
    body = item.post.body
    moderation_posts.review_item_edit_post(item=item, actor=moderator, body="Trimmed text", note="Trimmed")
    notice = ModerationNotice.objects.get(action="edited")
    appeal, _ = appeal_create(notice=notice, actor=notice.member, note="Please")
    appeal_reverse(appeal=appeal, actor=ModeratorFactory(), note="Put back")
    assert Post.objects.get(pk=item.post_id).body == body


def test_reversing_an_off_topic_label_clears_it(item, moderator):
    review_items.review_item_label_off_topic(item=item, actor=moderator)
    notice = ModerationNotice.objects.get()
    appeal, _ = appeal_create(notice=notice, actor=notice.member, note="Please")
    appeal_reverse(appeal=appeal, actor=ModeratorFactory(), note="It fits")
    assert not Post.objects.get(pk=item.post_id).is_off_topic


def test_reversing_a_silence_lifts_it(member, moderator):
    sanctions.member_silence(member=member, actor=moderator, days=3, reason="Cool down")
    notice = ModerationNotice.objects.get()
    appeal, _ = appeal_create(notice=notice, actor=member, note="Please")
    appeal_reverse(appeal=appeal, actor=ModeratorFactory(), note="Lifted")
    assert not sanctions.active_sanctions(member=member)


def test_another_moderator_reverses_from_the_appeals_lane_page(client, hidden):
    other = ModeratorFactory()
    appeal, _ = appeal_create(notice=hidden, actor=hidden.member, note="Please")
    client.force_login(other)
    assert "Please" in client.get(reverse("moderation:appeals")).content.decode()
    response = client.post(
        reverse("moderation:appeal", kwargs={"appeal_id": appeal.pk}), {"outcome": "reversed", "note": "Ok"}
    )
    assert response.status_code == 302
    assert Post.objects.get(pk=hidden.post_id).status == Post.Status.PUBLISHED


def test_a_moderator_of_other_spaces_neither_sees_nor_opens_the_appeal_on_the_web(client, hidden):
    appeal_create(notice=hidden, actor=hidden.member, note="Please look again")
    elsewhere = ModeratorProfileFactory(member=ModeratorFactory())
    elsewhere.spaces.add(SpaceFactory())
    client.force_login(elsewhere.member)
    assert "Please look again" not in client.get(reverse("moderation:appeals")).content.decode()
    appeal = Appeal.objects.get()
    assert client.get(reverse("moderation:appeal", kwargs={"appeal_id": appeal.pk})).status_code == 404


@pytest.mark.parametrize("count", [3, 40])
def test_the_appeals_lane_costs_the_same_queries_at_any_size(
    client, moderator, thread, count, django_assert_max_num_queries
):
    author = MemberFactory()
    _notices(author, moderator, thread, count)
    for notice in ModerationNotice.objects.all():
        appeal_create(notice=notice, actor=author, note="Please look again")
    client.force_login(ModeratorFactory())
    with django_assert_max_num_queries(query_budgets.APPEALS_LANE):
        assert client.get(reverse("moderation:appeals")).status_code == 200


def test_admins_edit_reasons_and_read_appeals_without_changing_them(client, admin_member, hidden):
    appeal, _ = appeal_create(notice=hidden, actor=hidden.member, note="Please")
    client.force_login(admin_member)
    reason = ModerationReason.objects.first()
    change_url = reverse("admin:moderation_moderationreason_change", args=[reason.pk])
    assert client.get(change_url).status_code == 200
    assert client.get(reverse("admin:moderation_appeal_changelist")).status_code == 200
    response = client.post(reverse("admin:moderation_appeal_change", args=[appeal.pk]), {"note": "changed"})
    assert response.status_code == 403 or Appeal.objects.get().note == "Please"
