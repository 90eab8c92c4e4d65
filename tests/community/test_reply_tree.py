"""The thread page's reply tree (community/templatetags/reply_tree.py writes it without templates)."""

import re
from datetime import UTC, datetime

from django.urls import reverse

from tests.factories import GuestAuthorFactory, MemberFactory, ReplyFactory


def thread_html(client, thread) -> str:
    return client.get(reverse("community:thread", kwargs={"thread_id": thread.pk})).content.decode()


def test_names_in_the_reply_tree_are_escaped(member_client, thread):
    writer = MemberFactory(display_name='Sam <script>alert("hi")</script>')
    top = ReplyFactory(thread=thread, author=writer)
    ReplyFactory(thread=thread, parent=top, author=None, guest=GuestAuthorFactory(name="<b>Guest</b>"))
    html = thread_html(member_client, thread)
    assert "<script>alert" not in html and "<b>Guest</b>" not in html
    assert "Sam &lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;" in html
    assert '&lt;b&gt;Guest&lt;/b&gt; <span class="muted">(guest)</span>' in html
    assert "Your reply to Sam &lt;script&gt;" in html


def test_a_member_can_edit_and_delete_their_own_reply_and_report_others(member_client, member, thread):
    mine = ReplyFactory(thread=thread, author=member)
    theirs = ReplyFactory(thread=thread, parent=mine)
    html = thread_html(member_client, thread)
    assert f'<a href="{reverse("community:post_edit", kwargs={"post_id": mine.pk})}">Edit</a>' in html
    assert f'<a href="{reverse("community:post_delete", kwargs={"post_id": mine.pk})}">Delete</a>' in html
    assert reverse("community:post_edit", kwargs={"post_id": theirs.pk}) not in html
    assert reverse("community:post_delete", kwargs={"post_id": theirs.pk}) not in html
    assert reverse("community:post_report", kwargs={"post_id": theirs.pk}) in html
    member_link = reverse("community:member", kwargs={"member_id": theirs.author_id})
    assert f'<a href="{member_link}">{theirs.author.display_name}</a>' in html


def test_a_moderator_may_edit_anyone_s_reply(moderator_client, thread):
    reply = ReplyFactory(thread=thread)
    html = thread_html(moderator_client, thread)
    assert reverse("community:post_edit", kwargs={"post_id": reply.pk}) in html
    assert reverse("community:post_report", kwargs={"post_id": reply.pk}) in html


def test_every_inline_reply_form_carries_the_csrf_token(member_client, thread):
    top = ReplyFactory(thread=thread)
    ReplyFactory(thread=thread, parent=top)
    html = thread_html(member_client, thread)
    forms = html.count('name="parent" value="')
    assert forms == 2
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert len(tokens) == forms + 2  # the inline forms, plus the follow form and the top reply form
    assert len(set(tokens)) == 1


def test_reply_times_are_shown_in_the_reader_s_timezone(client, thread):
    reader = MemberFactory(timezone="Asia/Tokyo")
    reply = ReplyFactory(thread=thread)
    reply.created_at = datetime(2025, 3, 3, 9, 30, tzinfo=UTC)
    reply.save(update_fields=["created_at"])
    client.force_login(reader)
    html = thread_html(client, thread)
    assert '<time datetime="2025-03-03T18:30:00+09:00">3 Mar 2025, 18:30</time>' in html
