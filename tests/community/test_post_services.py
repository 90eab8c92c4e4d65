import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from community.models import Notification, Post
from community.selectors import thread_page
from community.services.posts import post_create, post_delete, post_edit
from community.services.threads import thread_close, thread_create
from tests.factories import MemberFactory, ReplyFactory


def test_creating_a_thread_makes_its_opening_post_and_follows_it(space, member):
    result = thread_create(space=space, author=member, title="First week", body="Hello *everyone*")
    assert result.opening_post.is_opening
    assert result.opening_post.body_html == "<p>Hello <em>everyone</em></p>\n"
    assert result.thread.subscriptions.filter(member=member).exists()


def test_reply_to_a_reply_notifies_its_author_and_followers(
    thread, member, other_member, django_capture_on_commit_callbacks
):
    third = MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = post_create(thread=thread, body="Me too.", author=other_member).post
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        post_create(thread=thread, body="Same here.", parent=first, author=third)
    kinds = dict(Notification.objects.values_list("recipient_id", "kind"))
    assert kinds[other_member.pk] == Notification.Kind.REPLY_TO_YOU
    assert kinds[member.pk] == Notification.Kind.THREAD_REPLY
    assert third.pk not in kinds


@override_settings(HEARTH_MAX_REPLY_DEPTH=2)
def test_replies_deeper_than_the_maximum_attach_at_the_deepest_level(thread, member):
    level1 = post_create(thread=thread, body="one", author=member).post
    level2 = post_create(thread=thread, body="two", parent=level1, author=member).post
    level3 = post_create(thread=thread, body="three", parent=level2, author=member).post
    assert level3.depth == 2
    assert level3.parent_id == level1.pk


def test_closed_threads_refuse_replies_with_a_clear_message(thread, member):
    thread_close(thread=thread)
    with pytest.raises(PermissionDenied, match="Comments are closed"):
        post_create(thread=thread, body="hello", author=member)


@pytest.mark.parametrize("body", ["", "   ", "x" * 20_001])
def test_empty_or_oversized_bodies_are_refused(thread, member, body):
    with pytest.raises(ValidationError):
        post_create(thread=thread, body=body, author=member)


def test_script_tags_are_escaped_not_rendered(thread, member):
    body = "<script>alert(1)</script> [x](javascript:alert(1))"
    post = post_create(thread=thread, body=body, author=member).post
    assert "<script>" not in post.body_html
    assert "&lt;script&gt;" in post.body_html
    assert 'href="javascript' not in post.body_html


def test_links_get_nofollow_ugc_noopener(thread, member):
    post = post_create(thread=thread, body="[a link](https://example.org)", author=member).post
    assert 'rel="nofollow ugc noopener"' in post.body_html


def test_editing_keeps_the_previous_text_as_a_revision(thread, member):
    post = post_create(thread=thread, body="first words", author=member).post
    post_edit(post=post, actor=member, body="better words")
    post.refresh_from_db()
    assert post.body == "better words"
    assert list(post.revisions.values_list("body", flat=True)) == ["first words"]


def test_a_moderator_editing_someone_elses_post_is_audited_and_an_author_editing_their_own_is_not(
    thread, member, moderator
):
    from moderation.models import AuditLogEntry

    post = post_create(thread=thread, body="my phone is 555 0100, call me", author=member).post
    post_edit(post=post, actor=member, body="call me, anyone")
    assert not AuditLogEntry.objects.exists()
    post_edit(post=post, actor=moderator, body="call me", note="Removed a number")
    entry = AuditLogEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_post_id, entry.reason) == (
        moderator,
        "edit",
        post.pk,
        "Removed a number",
    )
    assert (entry.before["post"]["body"], entry.after["post"]["body"]) == ("call me, anyone", "call me")


def test_member_cannot_edit_or_delete_someone_elses_reply(thread, member, other_member):
    post = post_create(thread=thread, body="mine", author=member).post
    with pytest.raises(PermissionDenied):
        post_edit(post=post, actor=other_member, body="theirs")
    with pytest.raises(PermissionDenied):
        post_delete(post=post, actor=other_member)


def test_thread_page_fetches_a_fixed_number_of_queries(thread, member, django_assert_max_num_queries):
    def build(n):
        roots = ReplyFactory.create_batch(n // 2, thread=thread, author=member)
        for root in roots:
            ReplyFactory(thread=thread, parent=root, author=member)

    build(10)
    # 5 before issue 14, + the page's reactions (one grouped query) and the reader's muted words (one).
    with django_assert_max_num_queries(7):
        small = thread_page(thread=thread, viewer=member)
    build(200)
    with django_assert_max_num_queries(7):
        big = thread_page(thread=thread, viewer=member)
    assert len(small.replies) == 5
    assert len(big.replies) == 50
    assert all(len(node.children) == 1 for node in big.replies)


def test_deleted_reply_keeps_its_place_in_the_tree(thread, member, other_member):
    parent = post_create(thread=thread, body="to be deleted", author=member).post
    post_create(thread=thread, body="answer", parent=parent, author=other_member)
    post_delete(post=parent, actor=member)
    page = thread_page(thread=thread, viewer=other_member)
    assert page.replies[0].post.is_deleted
    assert "answer" in page.replies[0].children[0].post.body_html
    assert Post.objects.get(pk=parent.pk).revisions.count() == 1
