"""Home, space, thread and profile pages, read through HTTP."""

import pytest
from django.urls import reverse

from community.models import Post
from community.services.posts import post_delete
from community.services.threads import thread_close
from tests.factories import GuestAuthorFactory, MemberFactory, ReplyFactory, SpaceFactory, ThreadFactory


def thread_url(thread, **query):
    url = reverse("community:thread", kwargs={"thread_id": thread.pk})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def test_home_lists_spaces_and_recent_threads(client, thread):
    response = client.get(reverse("community:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert thread.space.name in html
    assert thread.title in html
    assert 'id="content"' in html and "Skip to main content" in html


def test_space_page_lists_its_threads_pinned_first_and_paginates(client, space, settings):
    settings.HEARTH_THREADS_PER_PAGE = 2
    pinned = ThreadFactory(space=space, title="Pinned welcome", is_pinned=True)
    for i in range(3):
        ThreadFactory(space=space, title=f"Ordinary {i}")
    page1 = client.get(reverse("community:space", kwargs={"slug": space.slug})).content.decode()
    assert page1.index(pinned.title) < page1.index("Ordinary")
    assert "Page 1 of 2" in page1
    page2 = client.get(reverse("community:space", kwargs={"slug": space.slug}) + "?page=2")
    assert page2.status_code == 200
    assert "Ordinary" in page2.content.decode()


def test_start_a_thread_is_offered_only_where_the_member_may_start_one(member_client):
    open_space = SpaceFactory()
    mods_only = SpaceFactory(who_can_start_threads="moderators")
    assert "Start a thread" in member_client.get(open_space.get_absolute_url()).content.decode()
    assert "Start a thread" not in member_client.get(mods_only.get_absolute_url()).content.decode()


def test_unknown_space_and_thread_are_not_found(client, db):
    assert client.get("/spaces/nowhere/").status_code == 404
    assert client.get("/threads/999999/").status_code == 404


def test_thread_page_shows_nested_replies_with_report_links_and_reply_forms(member_client, thread):
    first = ReplyFactory(thread=thread, body="First level")
    second = ReplyFactory(thread=thread, parent=first, body="Second level")
    third = ReplyFactory(thread=thread, parent=second, body="Third level")
    html = member_client.get(thread_url(thread)).content.decode()
    for post in (first, second, third):
        assert f'id="post-{post.pk}"' in html
        assert reverse("community:post_report", kwargs={"post_id": post.pk}) in html
        assert f'name="parent" value="{post.pk}"' in html
    # Nesting: the third reply sits inside the second's list, inside the first's.
    assert html.index("First level") < html.index("Second level") < html.index("Third level")
    assert html.count('<ul class="replies">') == 3


def test_newest_first_order_reverses_top_level_replies(client, thread):
    ReplyFactory(thread=thread, body="Older reply")
    ReplyFactory(thread=thread, body="Newer reply")
    oldest = client.get(thread_url(thread)).content.decode()
    newest = client.get(thread_url(thread, order="newest")).content.decode()
    assert oldest.index("Older reply") < oldest.index("Newer reply")
    assert newest.index("Newer reply") < newest.index("Older reply")


def test_newest_first_also_orders_siblings_under_a_reply_and_pages_keep_the_order(client, thread, settings):
    settings.HEARTH_REPLIES_PER_PAGE = 1
    top = ReplyFactory(thread=thread, body="The first top reply")
    ReplyFactory(thread=thread, parent=top, body="Earlier sibling")
    ReplyFactory(thread=thread, parent=top, body="Later sibling")
    ReplyFactory(thread=thread, body="The second top reply")
    oldest = client.get(thread_url(thread, page=1)).content.decode()
    assert oldest.index("Earlier sibling") < oldest.index("Later sibling")
    newest = client.get(thread_url(thread, order="newest", page=2)).content.decode()
    assert "The first top reply" in newest
    assert newest.index("Later sibling") < newest.index("Earlier sibling")
    # The pagination links carry the chosen order along.
    assert "order=newest&amp;page=1" in newest


def test_long_threads_paginate_by_top_level_reply(client, thread, settings):
    settings.HEARTH_REPLIES_PER_PAGE = 2
    tops = [ReplyFactory(thread=thread, body=f"Top {i}") for i in range(3)]
    child = ReplyFactory(thread=thread, parent=tops[2], body="Child of the last")
    page2 = client.get(thread_url(thread, page=2)).content.decode()
    assert "Top 2" in page2 and "Child of the last" in page2 and "Top 0" not in page2
    # The permalink of a reply goes to the page it is on.
    response = client.get(reverse("community:post", kwargs={"post_id": child.pk}))
    assert response.status_code == 302
    assert response["Location"] == f"{thread_url(thread)}?page=2#post-{child.pk}"


def test_closed_thread_says_comments_are_closed_and_offers_no_reply_form(member_client, thread):
    ReplyFactory(thread=thread)
    thread_close(thread=thread)
    html = member_client.get(thread_url(thread)).content.decode()
    assert "Comments are closed" in html
    assert 'name="body"' not in html


def test_off_topic_replies_are_labelled_and_collapsed(client, thread):
    ReplyFactory(thread=thread, body="About my cat", is_off_topic=True)
    html = client.get(thread_url(thread)).content.decode()
    assert "Off topic" in html
    assert "marked off topic. Show it</summary>" in html


def test_deleted_reply_keeps_its_place_in_the_tree(client, thread):
    reply = ReplyFactory(thread=thread, body="I regret posting this")
    ReplyFactory(thread=thread, parent=reply, body="A reply underneath")
    post_delete(post=reply, actor=reply.author)
    html = client.get(thread_url(thread)).content.decode()
    assert "This reply was deleted by its author." in html
    assert "I regret posting this" not in html
    assert "A reply underneath" in html


def test_held_reply_is_shown_to_its_author_as_waiting_for_review_and_hidden_from_others(client, thread):
    author = MemberFactory()
    ReplyFactory(
        thread=thread, author=author, body="Held words", status=Post.Status.HELD, hold_reason="moderator"
    )
    assert "Held words" not in client.get(thread_url(thread)).content.decode()
    client.force_login(author)
    html = client.get(thread_url(thread)).content.decode()
    assert "Held words" in html and "Waiting for review" in html


def test_member_profile_shows_public_name_and_posts_but_never_the_email(client, member, thread):
    ReplyFactory(thread=thread, author=member, body="A public reply")
    member.bio = "Likes long walks."
    member.save()
    html = client.get(reverse("community:member", kwargs={"member_id": member.pk})).content.decode()
    assert member.display_name in html and "A public reply" in html and "Likes long walks." in html
    assert member.email not in html
    assert member.email.split("@")[0] not in html


@pytest.mark.parametrize("viewer", ["anonymous", "member", "moderator"])
def test_no_page_ever_shows_a_guest_or_member_email(client, guest_thread, viewer, moderator):
    guest = GuestAuthorFactory(email="hidden.person@example.net", confirmed_at=guest_thread.created_at)
    ReplyFactory(thread=guest_thread, author=None, guest=guest, body="From a guest")
    if viewer == "member":
        client.force_login(MemberFactory())
    elif viewer == "moderator":
        client.force_login(moderator)
    html = client.get(thread_url(guest_thread)).content.decode()
    assert "From a guest" in html
    assert guest.name in html
    assert "hidden.person" not in html
    assert guest_thread.author.email not in html


@pytest.mark.parametrize("order", ["oldest", "newest"])
def test_thread_pages_follow_the_paginators_rules_for_any_page_number(thread, member, settings, order):
    """Issue 16: the page of top-level replies and their total come from one statement; the page chosen for
    any requested number must be the one ``Paginator.get_page`` chooses, hidden leaves excluded as before."""
    from django.core.paginator import Paginator

    from community.models import Post
    from community.selectors import thread_page

    settings.HEARTH_REPLIES_PER_PAGE = 2
    tops = [ReplyFactory(thread=thread) for _ in range(5)]
    ReplyFactory(thread=thread, parent=tops[1])
    ReplyFactory(thread=thread, status=Post.Status.HIDDEN)  # a hidden leaf: not listed for a member
    visible = [t.pk for t in tops] if order == "oldest" else [t.pk for t in reversed(tops)]
    expected = Paginator(visible, 2)
    for number in (1, 2, 3, 4, 99, 0, -1, "abc", "2", 2.5):
        page = thread_page(thread=thread, viewer=member, page_number=number, order=order)
        want = expected.get_page(number)
        shown = (page.page.number, list(page.page.object_list))
        assert shown == (want.number, list(want.object_list)), number
        assert page.page.paginator.count == 5 and page.page.paginator.num_pages == 3
        assert [node.post.pk for node in page.replies] == list(want.object_list)
        assert page.opening_post.depth == 0
    empty = ThreadFactory()
    page = thread_page(thread=empty, viewer=member, page_number=7)
    assert page.page.number == 1 and page.replies == [] and page.page.paginator.count == 0


def test_the_thread_pages_rows_hold_the_same_values_as_the_posts(thread, member):
    """Issue 16: the page reads its replies as plain rows straight from the driver; every value must be what
    the ORM gives for the same post (aware datetimes, booleans, names), on SQLite and PostgreSQL alike."""
    from django.utils import timezone

    from community.selectors import thread_page

    top = ReplyFactory(thread=thread, is_off_topic=True, content_warning="loss")
    edited = ReplyFactory(thread=thread, parent=top, edited_at=timezone.now())
    gone = ReplyFactory(thread=thread, parent=top, deleted_at=timezone.now())
    guest = ReplyFactory(thread=thread, author=None, guest=GuestAuthorFactory(name="Ana"))
    page = thread_page(thread=thread, viewer=member, for_api=True)
    rows = {node.post.pk: node.post for node in page.replies}
    rows.update({child.post.pk: child.post for child in page.replies[0].children})
    for post in (top, edited, gone, guest, thread.posts.get(depth=0)):
        post = Post.objects.select_related("author", "guest").get(pk=post.pk)
        row = page.opening_post if post.depth == 0 else rows[post.pk]
        for name in ("pk", "parent_id", "depth", "status", "is_off_topic", "is_sensitive", "hold_reason",
                     "content_warning", "body", "body_html", "created_at", "edited_at", "deleted_at",
                     "author_id", "guest_id", "author_name", "is_deleted"):
            assert getattr(row, name) == getattr(post, name), name
            assert type(getattr(row, name)) is type(getattr(post, name)), name
        assert timezone.is_aware(row.created_at)
        assert row.created_at.utcoffset() == post.created_at.utcoffset()
