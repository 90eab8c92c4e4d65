"""Moderator actions through HTTP: each writes one immutable audit entry and is safe to repeat."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from community.models import Notification, Post
from community.services.posts import post_create
from moderation.models import AuditLogEntry, Lane, ReviewItem, Sanction
from tests.factories import MemberFactory
from tests.moderation.conftest import CRISIS_TEXT, SPAM_TEXT
from tests.moderation.factories import ReviewItemFactory

pytestmark = pytest.mark.django_db

ACTIONS = {
    # action: (form data, check on the post/item after)
    "approve": ({"reason": "fine"}, lambda item: item.resolution == "approved"),
    "off_topic": ({}, lambda item: item.post.is_off_topic and item.resolution == "off_topic"),
    "hide": ({"reason": "unkind"}, lambda item: item.post.status == Post.Status.HIDDEN),
    "delete": ({}, lambda item: item.post.is_deleted and item.post.status == Post.Status.HIDDEN),
    "lock": ({"reason": "heated"}, lambda item: item.post.thread.is_closed and item.is_open),
    "reached_out": ({"note": "Sent a private message"}, lambda item: item.resolution == "reached_out"),
    "escalated": ({"note": "Called their emergency contact"}, lambda item: item.resolution == "escalated"),
    "edit": ({"body": "Edited text", "note": "Removed a name"}, lambda item: item.post.body == "Edited text"),
    "warn": (
        {"message": "Please be gentle."},
        lambda item: Notification.objects.filter(
            recipient=item.post.author, kind="moderator_message"
        ).exists(),
    ),
    "silence": (
        {"days": 3, "reason": "cool down"},
        lambda item: Sanction.objects.filter(kind="silence").exists(),
    ),
    "suspend": (
        {"days": "", "reason": "repeated abuse"},
        lambda item: Sanction.objects.filter(kind="suspension", ends_at__isnull=True).exists(),
    ),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_action_writes_one_audit_entry_and_is_idempotent(action, moderator_client, moderator):
    item = ReviewItemFactory()
    data, check = ACTIONS[action]
    url = reverse("moderation:item_action", kwargs={"item_id": item.pk, "action": action})
    response = moderator_client.post(url, data)
    assert response.status_code == 302
    item = ReviewItem.objects.select_related("post__thread", "post__author").get(pk=item.pk)
    assert check(item)
    entries = AuditLogEntry.objects.exclude(action="claim")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor == moderator and entry.action == action
    assert entry.before != entry.after
    item.refresh_from_db()
    assert item.first_human_action_at is not None
    moderator_client.post(url, data)
    assert AuditLogEntry.objects.exclude(action="claim").count() == 1


def test_approving_a_held_spam_post_publishes_it(thread, moderator_client):
    result = post_create(thread=thread, author=MemberFactory(), body=SPAM_TEXT)
    item = ReviewItem.objects.get(post=result.post)
    moderator_client.post(reverse("moderation:item_action", kwargs={"item_id": item.pk, "action": "approve"}))
    post = Post.objects.get(pk=result.post.pk)
    assert post.status == Post.Status.PUBLISHED
    assert not item.flags.filter(dismissed_at__isnull=True).exists()


def test_reached_out_needs_a_note(thread, moderator_client, on_duty):
    result = post_create(thread=thread, author=MemberFactory(), body=CRISIS_TEXT)
    item = ReviewItem.objects.get(post=result.post)
    url = reverse("moderation:item_action", kwargs={"item_id": item.pk, "action": "reached_out"})
    moderator_client.post(url, {"note": ""})
    item.refresh_from_db()
    assert item.is_open
    assert not AuditLogEntry.objects.exists()


def test_reached_out_keeps_the_crisis_post_visible_and_sensitive(thread, moderator_client, on_duty):
    result = post_create(thread=thread, author=MemberFactory(), body=CRISIS_TEXT)
    item = ReviewItem.objects.get(post=result.post)
    url = reverse("moderation:item_action", kwargs={"item_id": item.pk, "action": "reached_out"})
    response = moderator_client.post(url, {"note": "Messaged them with the helplines"})
    assert response.url.endswith(f"?lane={Lane.SAFETY}")
    post = Post.objects.get(pk=result.post.pk)
    assert post.status == Post.Status.PUBLISHED and post.is_sensitive
    assert AuditLogEntry.objects.get(action="reached_out").reason == "Messaged them with the helplines"


def test_the_audit_log_cannot_be_changed_or_deleted(moderator_client):
    item = ReviewItemFactory()
    moderator_client.post(reverse("moderation:item_action", kwargs={"item_id": item.pk, "action": "hide"}))
    entry = AuditLogEntry.objects.get()
    entry.reason = "rewritten"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    assert AuditLogEntry.objects.get().reason == ""


def test_moderator_notes_about_a_member_are_recorded(moderator_client, member):
    url = reverse("moderation:member_action", kwargs={"member_id": member.pk, "action": "note"})
    moderator_client.post(url, {"body": "Going through a hard time; be gentle."})
    assert member.moderator_notes.get().body.startswith("Going through")
    assert AuditLogEntry.objects.get().action == "note"
    page = moderator_client.get(reverse("moderation:member", kwargs={"member_id": member.pk}))
    assert "be gentle" in page.content.decode()


def test_lifting_a_sanction_is_audited_once(moderator_client, moderator, member):
    from moderation.services.sanctions import member_silence

    member_silence(member=member, actor=moderator, days=2, reason="cool down")
    sanction = Sanction.objects.get()
    url = reverse("moderation:sanction_revoke", kwargs={"sanction_id": sanction.pk})
    moderator_client.post(url)
    moderator_client.post(url)
    assert AuditLogEntry.objects.filter(action="revoke_sanction").count() == 1
