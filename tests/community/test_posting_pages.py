"""Starting threads, replying, editing and deleting through HTTP, including refusals and bad input."""

import pytest
from django.urls import reverse

from community.models import Post, PostRevision, Thread
from community.services.threads import thread_close
from community.views import posting
from moderation import gateway
from tests.factories import MemberFactory, ReplyFactory, SpaceFactory
from tests.moderation.factories import ModeratorProfileFactory


def reply_url(thread):
    return reverse("community:reply", kwargs={"thread_id": thread.pk})


def test_member_starts_a_thread_and_lands_on_it(member_client, member, space):
    response = member_client.post(
        reverse("community:thread_new", kwargs={"slug": space.slug}),
        {"title": "First time posting", "body": "Hello, I've been *reading* for a while."},
    )
    thread = Thread.objects.get(title="First time posting")
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert thread.author == member
    html = member_client.get(thread.get_absolute_url()).content.decode()
    assert "<em>reading</em>" in html


def test_members_cannot_start_threads_in_a_moderators_only_space(member_client):
    space = SpaceFactory(who_can_start_threads="moderators")
    response = member_client.get(reverse("community:thread_new", kwargs={"slug": space.slug}))
    assert response.status_code == 403
    assert "Only moderators can start threads in this space" in response.content.decode()
    response = member_client.post(
        reverse("community:thread_new", kwargs={"slug": space.slug}), {"title": "t", "body": "b"}
    )
    assert response.status_code == 403
    assert not Thread.objects.filter(space=space).exists()


def test_new_thread_without_a_title_keeps_the_text(member_client, space):
    response = member_client.post(
        reverse("community:thread_new", kwargs={"slug": space.slug}), {"title": "", "body": "My words stay"}
    )
    assert response.status_code == 400
    assert "My words stay" in response.content.decode()


def test_reply_two_levels_deep(member_client, member, thread):
    first = member_client.post(reply_url(thread), {"body": "Level one"})
    level1 = Post.objects.get(body="Level one")
    assert first.status_code == 302 and first["Location"] == level1.get_absolute_url()
    member_client.post(reply_url(thread), {"body": "Level two", "parent": level1.pk})
    level2 = Post.objects.get(body="Level two")
    assert level2.parent == level1 and level2.depth == 2 and level2.root == level1
    assert thread.subscriptions.filter(member=member).exists()


def test_a_reply_form_sent_back_under_a_reply_still_shows_whom_it_answers(member_client, thread, monkeypatch):
    parent = ReplyFactory(thread=thread, author=MemberFactory(display_name="Aroha"), body="Mine took months.")
    render = posting.render

    def render_with_the_author_read(request, template, context, **kwargs):
        assert Post.author.is_cached(context["parent"])  # read by the view, not lazily by the template
        return render(request, template, context, **kwargs)

    monkeypatch.setattr(posting, "render", render_with_the_author_read)
    response = member_client.post(reply_url(thread), {"body": "", "parent": parent.pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Reply to Aroha" in html and "Mine took months." in html


def test_only_those_who_may_read_a_held_reply_can_answer_it(client, member, thread):
    held = ReplyFactory(thread=thread, status=Post.Status.HELD, body="Waiting for a moderator")
    client.force_login(member)
    assert client.post(reply_url(thread), {"body": "Me too", "parent": held.pk}).status_code == 404
    elsewhere = ModeratorProfileFactory()
    elsewhere.spaces.add(SpaceFactory())
    client.force_login(elsewhere.member)
    assert client.post(reply_url(thread), {"body": "Me too", "parent": held.pk}).status_code == 404
    assert not Post.objects.filter(parent=held).exists()

    here = ModeratorProfileFactory()
    here.spaces.add(thread.space)
    client.force_login(here.member)
    answer = client.post(reply_url(thread), {"body": "Thank you for waiting.", "parent": held.pk})
    assert answer.status_code == 302
    assert Post.objects.get(parent=held).author == here.member


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Please write something before posting."),
        ("   \n ", "Please write something before posting."),
        ("x" * 20_001, "the limit is 20,000"),
    ],
)
def test_bad_reply_re_renders_the_form_with_the_message_and_the_text(member_client, thread, body, message):
    response = member_client.post(reply_url(thread), {"body": body})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if body.strip():
        assert body in html  # nothing the person typed is lost
    assert Post.objects.filter(thread=thread).count() == 1


def test_script_payloads_are_escaped_on_the_page(member_client, thread):
    member_client.post(
        reply_url(thread), {"body": "<script>alert('x')</script> <img src=x onerror=alert(1)>"}
    )
    html = member_client.get(thread.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_malformed_markdown_is_posted_and_rendered_safely(member_client, thread):
    body = "**unclosed [link](javascript:alert(1) `code\n> > >\n[x]: <>"
    response = member_client.post(reply_url(thread), {"body": body})
    assert response.status_code == 302
    html = member_client.get(thread.get_absolute_url()).content.decode()
    assert 'href="javascript' not in html


def test_closed_threads_refuse_replies_with_a_clear_message(member_client, thread):
    thread_close(thread=thread)
    response = member_client.post(reply_url(thread), {"body": "Can I still say this?"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Comments are closed on this thread." in html
    assert "Can I still say this?" in html  # shown back so it isn't lost
    assert Post.objects.filter(thread=thread).count() == 1


def test_posting_restrictions_are_shown_in_words(member_client, thread, monkeypatch):
    restriction = gateway.PostingRestriction(
        kind="silenced", message="You can read but not post until Friday."
    )
    monkeypatch.setattr(gateway, "posting_restriction", lambda **kwargs: restriction)
    response = member_client.post(reply_url(thread), {"body": "hello"})
    assert response.status_code == 403
    assert "You can read but not post until Friday." in response.content.decode()
    assert (
        "You can read but not post until Friday."
        in member_client.get(thread.get_absolute_url()).content.decode()
    )


def test_anonymous_visitors_are_sent_to_log_in_to_reply(client, thread):
    response = client.post(reply_url(thread), {"body": "hi"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_member_edits_their_own_reply_and_the_old_text_is_kept(member_client, member, thread):
    reply = ReplyFactory(thread=thread, author=member, body="Original words")
    url = reverse("community:post_edit", kwargs={"post_id": reply.pk})
    assert "Original words" in member_client.get(url).content.decode()
    response = member_client.post(url, {"body": "Kinder words"})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.body == "Kinder words" and reply.edited_at is not None
    assert PostRevision.objects.get(post=reply).body == "Original words"


def test_edit_with_empty_text_keeps_the_form_and_the_post(member_client, member, thread):
    reply = ReplyFactory(thread=thread, author=member, body="Original words")
    response = member_client.post(reverse("community:post_edit", kwargs={"post_id": reply.pk}), {"body": ""})
    assert response.status_code == 400
    assert "Please write something before posting." in response.content.decode()
    reply.refresh_from_db()
    assert reply.body == "Original words"


def test_member_cannot_edit_someone_elses_reply(member_client, thread):
    reply = ReplyFactory(thread=thread, author=MemberFactory(), body="Not yours")
    url = reverse("community:post_edit", kwargs={"post_id": reply.pk})
    assert member_client.get(url).status_code == 403
    assert member_client.post(url, {"body": "Changed"}).status_code == 403
    reply.refresh_from_db()
    assert reply.body == "Not yours"


def test_member_cannot_delete_someone_elses_reply(member_client, thread):
    reply = ReplyFactory(thread=thread, author=MemberFactory())
    response = member_client.post(reverse("community:post_delete", kwargs={"post_id": reply.pk}))
    assert response.status_code == 403
    reply.refresh_from_db()
    assert reply.deleted_at is None


def test_moderators_may_edit_any_post_with_a_note(moderator_client, moderator, thread):
    reply = ReplyFactory(thread=thread, body="Contains a phone number 0123")
    url = reverse("community:post_edit", kwargs={"post_id": reply.pk})
    assert "Reason for the edit" in moderator_client.get(url).content.decode()
    moderator_client.post(url, {"body": "Contains a phone number [removed]", "note": "Privacy"})
    assert PostRevision.objects.get(post=reply).note == "Privacy"


def test_member_deletes_their_own_reply_after_confirming(member_client, member, thread):
    reply = ReplyFactory(thread=thread, author=member, body="Too much")
    url = reverse("community:post_delete", kwargs={"post_id": reply.pk})
    assert "Delete your post?" in member_client.get(url).content.decode()
    reply.refresh_from_db()
    assert reply.deleted_at is None  # a GET never deletes
    response = member_client.post(url)
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.deleted_at is not None and reply.body == ""


def test_following_and_unfollowing_a_thread(member_client, member, thread):
    url = reverse("community:thread_follow", kwargs={"thread_id": thread.pk})
    member_client.post(url, {"action": "unfollow"})
    assert not thread.subscriptions.filter(member=member).exists()
    assert "Follow this thread" in member_client.get(thread.get_absolute_url()).content.decode()
    member_client.post(url, {"action": "follow"})
    assert thread.subscriptions.filter(member=member).exists()
    assert "Unfollow this thread" in member_client.get(thread.get_absolute_url()).content.decode()


def test_support_panel_is_shown_privately_once_when_screening_asks(
    member_client, thread, monkeypatch, client
):
    monkeypatch.setattr(
        gateway, "screen_post", lambda **kwargs: gateway.ScreeningOutcome(sensitive=True, show_support=True)
    )
    monkeypatch.setattr(
        gateway,
        "support_panel",
        lambda **kwargs: gateway.SupportPanel(
            heading="You matter",
            message="Thank you for telling us how hard this is.",
            resources=(gateway.SupportResource(name="Test Line", description="24/7", phone="0800 000"),),
        ),
    )
    response = member_client.post(
        reply_url(thread), {"body": "Everything feels too much tonight."}, follow=True
    )
    html = response.content.decode()
    assert "You matter" in html and "Test Line" in html and 'href="tel:0800000"' in html
    assert member_client.session.get("hearth_support_post_id") is None
    # Shown once, not on the next visit.
    assert "You matter" not in member_client.get(thread.get_absolute_url()).content.decode()
