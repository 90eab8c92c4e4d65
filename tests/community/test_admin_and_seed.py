"""Admin bulk actions and member admin; the demo-data command."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse

from community.models import Member, Post, Space, Thread
from tests.community.test_query_counts import ADMIN_MODELS
from tests.factories import ReplyFactory, ThreadFactory


def run_action(client, model: str, action: str, ids):
    return client.post(
        reverse(f"admin:community_{model}_changelist"),
        {"action": action, "_selected_action": [str(i) for i in ids]},
        follow=True,
    )


def test_admin_closes_reopens_and_pins_threads_in_bulk(client, admin_member, space):
    threads = [ThreadFactory(space=space) for _ in range(3)]
    client.force_login(admin_member)
    response = run_action(client, "thread", "close_threads", [t.pk for t in threads])
    assert "3 thread(s) closed." in response.content.decode()
    assert Thread.objects.filter(is_closed=True).count() == 3
    response = run_action(client, "thread", "close_threads", [threads[0].pk])
    assert "1 already were" in response.content.decode()
    run_action(client, "thread", "reopen_threads", [threads[0].pk])
    run_action(client, "thread", "pin_threads", [threads[1].pk])
    assert not Thread.objects.get(pk=threads[0].pk).is_closed
    assert Thread.objects.get(pk=threads[1].pk).is_pinned
    # Closing, reopening and pinning from the admin are recorded like from the thread page: 3 + 1 + 1.
    from moderation.models import AuditLogEntry

    entries = AuditLogEntry.objects.filter(actor=admin_member)
    assert sorted(entries.values_list("action", flat=True)) == ["lock", "lock", "lock", "pin", "unlock"]


def test_admin_hides_and_publishes_posts_in_bulk(client, admin_member, thread):
    replies = [ReplyFactory(thread=thread) for _ in range(2)]
    client.force_login(admin_member)
    run_action(client, "post", "hide_posts", [r.pk for r in replies])
    assert set(Post.objects.filter(pk__in=[r.pk for r in replies]).values_list("status", flat=True)) == {
        "hidden"
    }
    run_action(client, "post", "publish_posts", [replies[0].pk])
    assert Post.objects.get(pk=replies[0].pk).status == "published"
    run_action(client, "post", "mark_off_topic", [replies[0].pk])
    assert Post.objects.get(pk=replies[0].pk).is_off_topic
    response = run_action(client, "post", "mark_off_topic", [replies[0].pk])
    assert "1 already were" in response.content.decode()
    run_action(client, "post", "clear_off_topic", [replies[0].pk])
    assert not Post.objects.get(pk=replies[0].pk).is_off_topic
    # Every change is in the audit log with the post's state before and after; repeats write nothing.
    from moderation.models import AuditLogEntry

    entries = list(AuditLogEntry.objects.filter(actor=admin_member).order_by("pk"))
    assert [e.action for e in entries] == ["hide", "hide", "publish", "off_topic", "clear_off_topic"]
    published = entries[2]
    assert (published.before["post"]["status"], published.after["post"]["status"]) == ("hidden", "published")
    assert {e.target_post_id for e in entries[:2]} == {r.pk for r in replies}


def test_posts_are_moderated_through_the_service_by_moderators_only(member, thread):
    from django.core.exceptions import PermissionDenied

    from community.services.posts import post_moderate

    reply = ReplyFactory(thread=thread)
    with pytest.raises(PermissionDenied):
        post_moderate(post=reply, actor=member, change="hide")
    assert Post.objects.get(pk=reply.pk).status == "published"


def test_members_cannot_reach_the_admin(member_client):
    response = member_client.get(reverse("admin:community_post_changelist"))
    assert response.status_code == 302


def test_admin_adds_a_member_by_email(client, admin_member):
    client.force_login(admin_member)
    response = client.post(
        reverse("admin:community_member_add"),
        {
            "email": "added@example.org",
            "display_name": "Added",
            "usable_password": "true",
            "password1": "a long and gentle passphrase",
            "password2": "a long and gentle passphrase",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Member.objects.get(email="added@example.org").check_password("a long and gentle passphrase")
    change = client.get(reverse("admin:community_member_change", args=[admin_member.pk]))
    assert change.status_code == 200


def test_every_admin_changelist_opens(client, admin_member, thread):
    ReplyFactory(thread=thread)
    client.force_login(admin_member)
    for model in ADMIN_MODELS:
        assert client.get(reverse(f"admin:community_{model}_changelist")).status_code == 200, model
        assert client.get(reverse(f"admin:community_{model}_changelist") + "?q=x").status_code == 200, model


def test_seed_demo_creates_a_consistent_community_and_is_safe_to_repeat(
    db, django_capture_on_commit_callbacks, capsys
):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "moderator@hearth.local" in out and "admin@hearth.local" in out
    counts = (Space.objects.count(), Thread.objects.count(), Post.objects.count(), Member.objects.count())
    assert counts[0] == 4 and counts[1] >= 6 and counts[3] >= 10
    assert Space.objects.filter(allow_guest_replies=True).exists()
    assert Space.objects.filter(who_can_start_threads="moderators").exists()
    assert Thread.objects.filter(is_closed=True).exists() and Thread.objects.filter(is_pinned=True).exists()
    assert Post.objects.filter(depth__gte=3).exists()
    assert not EmailAddress.objects.filter(verified=False).exists()
    assert Member.objects.get(email="admin@hearth.local").is_superuser
    assert Member.objects.get(email="moderator@hearth.local").can_moderate
    for thread in Thread.objects.all():
        assert thread.reply_count == thread.posts.filter(depth__gte=1, status="published").count()
    call_command("seed_demo")
    assert (
        Space.objects.count(),
        Thread.objects.count(),
        Post.objects.count(),
        Member.objects.count(),
    ) == counts
    call_command("seed_demo", "--reset")
    assert Thread.objects.count() == counts[1]


def test_demo_members_can_log_in(client, db):
    call_command("seed_demo")
    response = client.post(
        reverse("account_login"), {"login": "member1@hearth.local", "password": "hearth-demo-member"}
    )
    assert response.status_code == 302
    assert client.get(reverse("community:notifications")).status_code == 200


def test_posts_are_read_only_in_the_admin_and_threads_close_only_through_the_actions(
    client, admin_member, thread
):
    reply = ReplyFactory(thread=thread)
    client.force_login(admin_member)
    assert client.get(reverse("admin:community_post_change", args=[reply.pk])).status_code == 200
    edit = client.post(reverse("admin:community_post_change", args=[reply.pk]), {"body": "changed"})
    assert edit.status_code == 403
    assert client.get(reverse("admin:community_post_add")).status_code == 403
    assert Post.objects.get(pk=reply.pk).body == reply.body
    form = client.get(reverse("admin:community_thread_change", args=[thread.pk])).content.decode()
    assert 'name="is_closed"' not in form
    assert 'name="title"' in form
