"""Issue 14 items 1-2 in real chromium: a moderator hides a member's reply with a reason -> the author sees
the notice in their notifications -> appeals with a note -> another moderator undoes it -> the reply is
visible again and the author is told.

Runs headless Debian chromium through Playwright; skipped when either is missing (never `playwright install`).
"""

import pytest
from django.urls import reverse

from community.models import Post
from moderation.models import Appeal, ModerationReason
from tests.browser import pages
from tests.factories import MemberFactory, ModeratorFactory, ReplyFactory, SpaceFactory, ThreadFactory
from tests.moderation.factories import ReviewItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REPLY = "Here is my number if anyone wants to talk tonight: 021 555 0199."
APPEAL_NOTE = "That is a helpline number, not my own. I shared it so people could call."
OUTCOME_NOTE = "You're right, it's the local helpline. Your reply is back; thank you."


def signed_in_page(browser, member, live_server_url: str):
    return pages.signed_in_page(browser, member, live_server_url, viewport={"width": 1100, "height": 800})


def test_a_hidden_reply_is_appealed_reversed_and_visible_again(live_server, browser):
    author = MemberFactory(display_name="willow")
    thread = ThreadFactory(space=SpaceFactory(name="Hard days"), title="Getting through the nights")
    reply = ReplyFactory(thread=thread, author=author, body=REPLY)
    item = ReviewItemFactory(post=reply)
    reason = ModerationReason.objects.filter(is_active=True).order_by("order").first()
    acting, reviewing = ModeratorFactory(display_name="Rowan"), ModeratorFactory(display_name="Sam")
    notifications_url = live_server.url + reverse("community:notifications")

    # The first moderator hides the reply, picking a reason the author reads.
    page, errors = signed_in_page(browser, acting, live_server.url)
    page.goto(f"{live_server.url}/moderation/items/{item.pk}/")
    page.get_by_label("Reason the author reads").select_option(label=reason.title)
    with page.expect_navigation():
        page.get_by_role("button", name="Hide").click()
    reply.refresh_from_db()
    assert reply.status == Post.Status.HIDDEN

    # The author sees the notice, opens it and asks for another look.
    author_page, author_errors = signed_in_page(browser, author, live_server.url)
    author_page.goto(notifications_url)
    assert author_page.get_by_text("A moderator has hidden your reply").is_visible()
    with author_page.expect_navigation():
        author_page.get_by_role("link", name="Read more, or ask for another look").click()
    assert author_page.get_by_text(reason.explanation.strip()[:40]).is_visible()
    author_page.get_by_label("Why would you like another look?").fill(APPEAL_NOTE)
    with author_page.expect_navigation():
        author_page.get_by_role("button", name="Ask for another look").click()
    appeal = Appeal.objects.get()
    assert appeal.note == APPEAL_NOTE and appeal.assigned_to == reviewing
    assert author_page.get_by_text(APPEAL_NOTE).is_visible()

    # The other moderator is told, opens the appeal from their notifications and undoes the decision.
    mod_page, mod_errors = signed_in_page(browser, reviewing, live_server.url)
    mod_page.goto(notifications_url)
    with mod_page.expect_navigation():
        mod_page.get_by_role("link", name="See the details").click()
    assert mod_page.get_by_text(APPEAL_NOTE).is_visible()
    mod_page.get_by_label("Undo it").check()
    mod_page.get_by_label("A note for the member").fill(OUTCOME_NOTE)
    with mod_page.expect_navigation():
        mod_page.get_by_role("button", name="Decide").click()
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.REVERSED and appeal.decided_by == reviewing

    # Everyone sees the reply again, and the author is told, with the moderator's note.
    reader = browser.new_context().new_page()
    reader.goto(live_server.url + thread.get_absolute_url())
    assert reader.get_by_text(REPLY).is_visible()
    author_page.goto(notifications_url)
    assert author_page.get_by_text("agreed with you, so we have undone it").is_visible()
    assert author_page.get_by_text(OUTCOME_NOTE).is_visible()
    assert errors == author_errors == mod_errors == []
