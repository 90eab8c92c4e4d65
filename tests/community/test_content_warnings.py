"""Content warnings: the author or a moderator adds one; readers see the post folded behind it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from community.services.content_warnings import post_content_warning_set
from moderation.models import AuditLogEntry
from tests.factories import MemberFactory, ReplyFactory


def thread_html(client, thread) -> str:
    return client.get(reverse("community:thread", kwargs={"thread_id": thread.pk})).content.decode()


def test_an_author_adds_a_warning_and_readers_see_the_reply_folded_behind_it(client, member, thread):
    reply = ReplyFactory(thread=thread, author=member, body="About the **hard** night.")
    client.force_login(member)
    url = reverse("community:post_content_warning", kwargs={"post_id": reply.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"content_warning": "  self-harm  "})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.content_warning == "self-harm"
    client.logout()
    html = thread_html(client, thread)
    assert (
        '<details class="content-warning"><summary>Content warning: self-harm. Show the post</summary>'
        f'<div class="post-body">{reply.body_html}</div></details>'
    ) in html
    # An author removes it again with an empty warning; the post is no longer folded.
    post_content_warning_set(post=reply, actor=member, warning="")
    assert 'class="content-warning"' not in thread_html(client, thread)


def test_the_opening_post_is_folded_behind_its_warning_too(client, member, thread):
    opening = thread.posts.get(parent__isnull=True)
    post_content_warning_set(post=opening, actor=member, warning="loss <of> a parent")
    html = thread_html(client, thread)
    assert "<summary>Content warning: loss &lt;of&gt; a parent. Show the post</summary>" in html


def test_a_warning_replaces_the_cached_page_for_readers_who_are_not_signed_in(client, member, thread):
    reply = ReplyFactory(thread=thread, author=member)
    with override_settings(HEARTH_PAGE_CACHE_SECONDS=300):
        assert "Content warning" not in thread_html(client, thread)
        post_content_warning_set(post=reply, actor=member, warning="grief")
        assert "Content warning: grief" in thread_html(client, thread)


def test_someone_else_cannot_add_a_warning_to_a_post(client, thread):
    reply = ReplyFactory(thread=thread)
    stranger = MemberFactory()
    with pytest.raises(PermissionDenied):
        post_content_warning_set(post=reply, actor=stranger, warning="anything")
    client.force_login(stranger)
    assert (
        client.post(
            reverse("community:post_content_warning", kwargs={"post_id": reply.pk}), {"content_warning": "x"}
        ).status_code
        == 403
    )


def test_a_moderator_s_warning_is_written_to_the_audit_log_and_an_author_s_is_not(member, moderator, thread):
    reply = ReplyFactory(thread=thread, author=member)
    post_content_warning_set(post=reply, actor=member, warning="grief")
    assert not AuditLogEntry.objects.exists()
    assert post_content_warning_set(post=reply, actor=moderator, warning="suicide") is True
    entry = AuditLogEntry.objects.get()
    assert entry.actor == moderator and entry.target_post_id == reply.pk
    assert entry.before == {"content_warning": "grief"} and entry.after == {"content_warning": "suicide"}
    assert post_content_warning_set(post=reply, actor=moderator, warning="suicide") is False
    assert AuditLogEntry.objects.count() == 1


def test_a_too_long_warning_is_refused_with_a_reason(client, member, thread):
    reply = ReplyFactory(thread=thread, author=member)
    client.force_login(member)
    response = client.post(
        reverse("community:post_content_warning", kwargs={"post_id": reply.pk}),
        {"content_warning": "x" * 121},
    )
    assert response.status_code == 400


def test_content_warnings_through_the_api(member, thread):
    reply = ReplyFactory(thread=thread, author=member)
    api = APIClient()
    api.force_authenticate(member)
    url = f"/api/v1/posts/{reply.pk}/content-warning/"
    assert api.put(url, {"content_warning": "self-harm"}, format="json").json() == {
        "changed": True,
        "content_warning": "self-harm",
    }
    assert api.get(f"/api/v1/posts/{reply.pk}/").json()["content_warning"] == "self-harm"
    tree = api.get(f"/api/v1/threads/{thread.pk}/replies/").json()
    assert tree["replies"][0]["content_warning"] == "self-harm"
    api.force_authenticate(MemberFactory())
    assert api.put(url, {"content_warning": ""}, format="json").status_code == 403


# The reply tree reads warnings with the posts, reactions in one grouped query and the reader's muted words in
# one query: the page's count stays the same at any size (test_query_counts.py pins the page without them).
THREAD_PAGE_WITH_GENTLE_TOOLS_QUERIES = 12


@pytest.mark.parametrize("replies", [4, 120])
@override_settings(HEARTH_REPLIES_PER_PAGE=1000)
def test_the_thread_page_with_warnings_reactions_and_muted_words_is_a_fixed_number_of_queries(
    client, thread, replies, django_assert_max_num_queries
):
    from community.models import MutedWord, Post, Reaction

    posts = [ReplyFactory(thread=thread, body=f"Reply {i} about the hospital") for i in range(replies)]
    Post.objects.filter(pk__in=[p.pk for p in posts[::2]]).update(content_warning="hospital")
    people = [MemberFactory() for _ in range(3)]
    Reaction.objects.bulk_create([Reaction(post=p, member=m, kind="me_too") for p in posts for m in people])
    reader = MemberFactory()
    MutedWord.objects.create(member=reader, word="hospital")
    client.force_login(reader)
    with django_assert_max_num_queries(THREAD_PAGE_WITH_GENTLE_TOOLS_QUERIES):
        html = thread_html(client, thread)
    assert html.count('class="muted-words"') == replies
    assert html.count('class="content-warning"') == (replies + 1) // 2
    assert html.count('aria-pressed="false">Me too <span class="count">3</span>') == replies
    client.logout()
    with django_assert_max_num_queries(THREAD_PAGE_WITH_GENTLE_TOOLS_QUERIES):
        assert thread_html(client, thread).count("Me too 3") == replies
