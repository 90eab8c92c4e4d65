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
    reaction_forms = html.count('class="reactions">')  # issue 14: one per post the member may react to
    # the inline forms, plus the follow form, the top reply form and the reaction forms
    assert len(tokens) == forms + 2 + reaction_forms
    assert len(set(tokens)) == 1


def test_reply_times_are_shown_in_the_reader_s_timezone(client, thread):
    reader = MemberFactory(timezone="Asia/Tokyo")
    reply = ReplyFactory(thread=thread)
    reply.created_at = datetime(2025, 3, 3, 9, 30, tzinfo=UTC)
    reply.save(update_fields=["created_at"])
    client.force_login(reader)
    html = thread_html(client, thread)
    assert '<time datetime="2025-03-03T18:30:00+09:00">3 Mar 2025, 18:30</time>' in html


# ------------------------------------------------------------------------------------------------------
# The fast renderer writes exactly what the renderer before it wrote (tests/community/reply_tree_before.py)
# ------------------------------------------------------------------------------------------------------

FIXED = datetime(2025, 11, 2, 23, 45, 30, tzinfo=UTC)


def synthetic_thread(*, guests_welcome: bool):
    """A fixed thread with every kind of reply the tree shows, nested to the depth cap, fixed timestamps."""
    from datetime import timedelta

    from community.models import MutedWord, Post, Reaction
    from community.rendering import render_markdown
    from tests.factories import SpaceFactory, ThreadFactory

    author = MemberFactory(display_name="Rowan")
    thread = ThreadFactory(space=SpaceFactory(allow_guest_replies=guests_welcome), author=author)
    odd_name = MemberFactory(display_name='Sam "S" <O\'Neil> & co')
    guest = GuestAuthorFactory(name="Guest <i>Ana</i>")
    bodies = ["Same here. **Truly.**", "> quoted\n\n* one\n* two", "A [link](https://example.org) & more"]
    made = []

    def reply(parent=None, body=None, **fields):
        body = body or bodies[len(made) % len(bodies)]
        fields.setdefault("author", odd_name if len(made) % 2 else author)
        post = ReplyFactory(thread=thread, body=body, body_html=render_markdown(body), **fields,
                            **({"parent": parent} if parent else {}))
        made.append(post)
        return post

    top = reply()
    chain = top
    for _ in range(6):  # deeper than HEARTH_MAX_REPLY_DEPTH: the tree still nests what the data says
        chain = reply(parent=chain)
    reply(parent=top, author=None, guest=guest)
    reply(parent=top, author=None)  # a former member
    reply(edited_at=FIXED + timedelta(hours=1))
    reply(is_off_topic=True)
    held = reply(status=Post.Status.HELD)
    reply(parent=held)
    hidden = reply(status=Post.Status.HIDDEN)
    reply(parent=hidden)
    reply(parent=top, deleted_at=FIXED)
    reply(author=None, guest=guest, status=Post.Status.HELD)
    warned = reply(content_warning='Talks about <loss> & "grief"')
    reply(parent=warned, body="mentions anniversaries, a muted word for one reader")
    # Reactions (issue 14): counts by several people, some given by readers below, on a guest's reply too.
    reactors = [MemberFactory() for _ in range(3)]
    given = ((top, ["hear_you", "hear_you", "me_too"]), (made[7], ["strength"]), (warned, ["me_too"]))
    for post, kinds in given:
        for reactor, kind in zip(reactors, kinds, strict=False):
            Reaction.objects.create(post=post, member=reactor, kind=kind)
    Reaction.objects.create(post=made[1], member=author, kind="strength")  # a reply by the odd name
    for i, post in enumerate(made):
        # Distinct minutes and seconds, one with microseconds, one across a date line for Tokyo readers.
        Post.objects.filter(pk=post.pk).update(
            created_at=FIXED + timedelta(minutes=37 * i, seconds=i, microseconds=1234 if i == 3 else 0)
        )
    muting = MemberFactory()
    MutedWord.objects.create(member=muting, word="anniversaries")
    return thread, {"author": author, "odd_name": odd_name, "reactor": reactors[0], "muting": muting}


def both_renderings(client, thread, reader=None, *, language="en"):
    """(the old renderer's tree, the new one's, the page) for ``reader`` from the page's own context."""
    from django.template import Context
    from django.utils import timezone, translation

    from community.templatetags.reply_tree import reply_tree
    from tests.community import reply_tree_before

    if reader is not None:
        client.force_login(reader)
    response = client.get(reverse("community:thread", kwargs={"thread_id": thread.pk}))
    assert response.status_code == 200
    keys = ("user", "thread", "member_can_reply", "guest_can_reply", "csrf_token", "replies")
    keys += ("reactions", "muted")  # issue 14: what the reactions and folds read, once per page
    context = Context({key: response.context[key] for key in keys})
    zone = reader.timezone if reader is not None else "UTC"
    with timezone.override(zone), translation.override(language):
        before = reply_tree_before.reply_tree(context, context["replies"])
        after = reply_tree(context, context["replies"])
    return before, after, response.content.decode()


def test_the_reply_tree_is_byte_identical_to_the_renderer_before_it_for_every_kind_of_reader(client, db):
    from tests.factories import ModeratorFactory

    thread, people = synthetic_thread(guests_welcome=False)
    readers = {
        "anonymous": None,
        "member": MemberFactory(),
        "author of half the replies": people["author"],
        "author with an odd name": people["odd_name"],
        "moderator": ModeratorFactory(),
        "member in Tokyo": MemberFactory(timezone="Asia/Tokyo"),
        "member in Los Angeles": MemberFactory(timezone="America/Los_Angeles"),
        "member who reacted": people["reactor"],
        "member with muted words": people["muting"],
    }
    for label, reader in readers.items():
        client.logout()
        before, after, page = both_renderings(client, thread, reader)
        assert after == before, label
        assert 'class="reply reply-held"' in after and 'class="reply reply-deleted"' in after
        assert after in page  # what the page shows is the tree as rendered here
    assert "· <span>edited</span>" in after and '<span class="label">Off topic</span>' in after
    assert "A former member" in after and "Sam &quot;S&quot; &lt;O&#x27;Neil&gt; &amp; co" in after
    # Every kind of reaction markup and fold was compared above.
    assert 'aria-pressed="true"' in both_renderings(client, thread, people["reactor"])[1]
    assert "Folded by your muted words" in both_renderings(client, thread, people["muting"])[1]
    assert "See who responded" in both_renderings(client, thread, people["author"])[1]
    assert '<p class="reactions meta">I hear you 2' in both_renderings(client, thread)[1]
    assert "Content warning: Talks about &lt;loss&gt; &amp; &quot;grief&quot;" in after


def test_the_reply_tree_stays_identical_for_guests_closed_threads_and_other_languages(client, db):
    thread, people = synthetic_thread(guests_welcome=True)
    before, after, page = both_renderings(client, thread)
    assert after == before and "as a guest</a>" in after and after in page
    before, after, _ = both_renderings(client, thread, people["author"], language="pl")
    # Month names follow the active language, as the date filter's did.
    assert after == before and " Nov 2025, " not in after and " Lis 2025, " in after
    thread.is_closed = True
    thread.save(update_fields=["is_closed"])
    before, after, page = both_renderings(client, thread, MemberFactory())
    assert after == before and 'name="parent"' not in after and after in page


def test_the_page_joined_at_the_reply_tree_slot_is_byte_identical_to_rendering_the_tree_inline(client, db):
    """Issue 16: the thread page joins its reply tree into the response once (ReplyTreeSlot) rather than
    through every template level; the bytes must be what rendering the tree inline writes."""
    from django.template.loader import render_to_string

    from community.templatetags.reply_tree import ReplyTreeSlot

    thread, people = synthetic_thread(guests_welcome=True)
    for reader in (None, MemberFactory(), people["author"], people["reactor"], people["muting"]):
        client.logout()
        if reader is not None:
            client.force_login(reader)
        response = client.get(reverse("community:thread", kwargs={"thread_id": thread.pk}))
        page_context = next(c for c in response.context if ReplyTreeSlot.CONTEXT_NAME in c)
        context = page_context.flatten()
        slot = context.pop(ReplyTreeSlot.CONTEXT_NAME)
        assert slot.parts, "the tree went through the slot"
        inline = render_to_string("community/thread.html", context)
        assert slot.marker not in inline and slot.marker not in response.content.decode()
        assert response.content.decode() == inline
        assert 'id="post-' in inline and "</html>" in inline
