"""Moderators close and reopen a thread from its own page; every change is in the audit log."""

import pytest
from django.urls import reverse

from community.models import Thread
from moderation.models import AuditAction, AuditLogEntry
from tests.factories import MemberFactory, SpaceFactory, ThreadFactory
from tests.moderation.factories import ModeratorProfileFactory

pytestmark = pytest.mark.django_db


def close_url(thread):
    return reverse("moderation:thread_close", kwargs={"thread_id": thread.pk})


def reopen_url(thread):
    return reverse("moderation:thread_reopen", kwargs={"thread_id": thread.pk})


def test_a_moderator_closes_a_thread_from_its_page_with_a_reason_and_it_is_audited(
    moderator_client, moderator, thread
):
    page = moderator_client.get(thread.get_absolute_url()).content.decode()
    assert close_url(thread) in page and "Close thread" in page

    response = moderator_client.post(close_url(thread), {"reason": "This has run its course. Thank you all."})

    assert response.status_code == 302 and response.url == thread.get_absolute_url()
    thread.refresh_from_db()
    assert thread.is_closed and thread.closed_reason == "This has run its course. Thank you all."
    page = moderator_client.get(thread.get_absolute_url()).content.decode()
    assert "Comments are closed" in page and "This has run its course. Thank you all." in page
    assert "Thread closed to new replies." in page
    assert reopen_url(thread) in page and close_url(thread) not in page
    [entry] = AuditLogEntry.objects.all()
    assert entry.action == AuditAction.CLOSE and entry.actor == moderator and entry.item is None
    assert entry.reason == "This has run its course. Thank you all."
    assert entry.target_post.thread_id == thread.pk and entry.target_post.parent_id is None
    assert entry.before["thread"]["is_closed"] is False and entry.after["thread"]["is_closed"] is True


def test_a_moderator_reopens_a_closed_thread_and_the_reopening_is_audited(
    moderator_client, moderator, thread
):
    moderator_client.post(close_url(thread), {"reason": "Cooling off for the night."})

    response = moderator_client.post(reopen_url(thread), {"reason": "Calmer now."})

    assert response.status_code == 302
    thread.refresh_from_db()
    assert not thread.is_closed and thread.closed_reason == ""
    page = moderator_client.get(thread.get_absolute_url()).content.decode()
    assert "Comments are closed" not in page and "Thread reopened: people can reply again." in page
    assert close_url(thread) in page
    entry = AuditLogEntry.objects.get(action=AuditAction.REOPEN)
    assert entry.actor == moderator and entry.reason == "Calmer now."
    assert entry.before["thread"] == {
        "id": thread.pk,
        "is_closed": True,
        "closed_reason": "Cooling off for the night.",
    }
    assert entry.after["thread"]["is_closed"] is False
    # The audit log page names it and links to the thread's opening post.
    log = moderator_client.get(reverse("moderation:audit")).content.decode()
    assert "Reopened thread" in log and "Closed thread" in log
    assert reverse("community:post", kwargs={"post_id": entry.target_post_id}) in log


def test_closing_twice_writes_one_audit_row_and_says_nothing_changed(moderator_client, thread):
    moderator_client.post(close_url(thread), {"reason": "First."})
    response = moderator_client.post(close_url(thread), {"reason": "Second."}, follow=True)

    assert "already closed" in response.content.decode()
    assert AuditLogEntry.objects.filter(action=AuditAction.CLOSE).count() == 1
    thread.refresh_from_db()
    assert thread.closed_reason == "First."


def test_reopening_an_open_thread_writes_nothing(moderator_client, thread):
    response = moderator_client.post(reopen_url(thread), {"reason": ""}, follow=True)

    assert "already open" in response.content.decode()
    assert not AuditLogEntry.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_members_and_anonymous_visitors_get_404_and_change_nothing(client, thread, who):
    if who == "member":
        client.force_login(MemberFactory())
    page = client.get(thread.get_absolute_url()).content.decode()
    assert close_url(thread) not in page and "Close thread" not in page

    assert client.post(close_url(thread), {"reason": "x"}).status_code == 404
    assert client.get(close_url(thread)).status_code == 404
    Thread.objects.filter(pk=thread.pk).update(is_closed=True)
    assert client.post(reopen_url(thread), {"reason": "x"}).status_code == 404

    thread.refresh_from_db()
    assert thread.is_closed  # still as the test left it: the refused reopen changed nothing
    assert not AuditLogEntry.objects.exists()


def test_a_moderator_limited_to_other_spaces_gets_404(client, thread):
    limited = ModeratorProfileFactory().member
    limited.moderator_profile.spaces.add(SpaceFactory())
    client.force_login(limited)

    assert client.post(close_url(thread), {"reason": "x"}).status_code == 404
    thread.refresh_from_db()
    assert not thread.is_closed


def test_a_moderator_in_the_threads_space_may_close_it(client, space):
    profile = ModeratorProfileFactory()
    profile.spaces.add(space)
    thread = ThreadFactory(space=space)
    client.force_login(profile.member)

    assert client.post(close_url(thread), {"reason": ""}).status_code == 302
    thread.refresh_from_db()
    assert thread.is_closed and thread.closed_reason == ""


def test_a_reason_longer_than_the_public_note_allows_is_refused_not_cut_short(moderator_client, thread):
    response = moderator_client.post(close_url(thread), {"reason": "x" * 201}, follow=True)

    assert "didn&#x27;t go through" in response.content.decode()
    thread.refresh_from_db()
    assert not thread.is_closed
    assert not AuditLogEntry.objects.exists()


def test_a_moderator_gets_405_for_a_get_to_the_close_url(moderator_client, thread):
    assert moderator_client.get(close_url(thread)).status_code == 405
