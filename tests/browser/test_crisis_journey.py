"""A member posts a crisis message and sees the support panel; a moderator handles it from the Safety lane.

Runs headless Debian chromium through Playwright; skipped when either is missing (never `playwright install`).
"""

import pytest

from tests.browser.pages import session_cookie
from tests.factories import MemberFactory, ModeratorFactory, SpaceFactory, ThreadFactory

CRISIS_TEXT = "I want to kill myself tonight. I have the pills ready and I've written my goodbyes."

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_crisis_post_reaches_the_author_privately_and_the_top_of_the_safety_lane(
    live_server, browser, monkeypatch
):
    from moderation.detectors import registry

    # The embedding pass is not part of this journey; keep the worker from loading the model.
    monkeypatch.setattr(registry, "screen_slow", lambda items, thresholds=None: [[] for _ in items])
    space = SpaceFactory(name="Hard days")
    thread = ThreadFactory(space=space, title="How do you get through the nights?")
    author = MemberFactory(country="US")
    moderator = ModeratorFactory()

    member_page = browser.new_context().new_page()
    member_page.context.add_cookies([session_cookie(author, live_server.url)])
    member_page.goto(f"{live_server.url}/threads/{thread.pk}/")
    member_page.fill("#reply-body-top", CRISIS_TEXT)
    member_page.click("text=Post reply")
    panel = member_page.locator(".support-panel")
    panel.wait_for(timeout=10_000)
    assert "988" in panel.inner_text()
    assert "Only you can see this" in panel.inner_text()

    mod_page = browser.new_context().new_page()
    mod_page.context.add_cookies([session_cookie(moderator, live_server.url)])
    mod_page.goto(f"{live_server.url}/moderation/?lane=safety")
    first = mod_page.locator("#queue-items > li").first
    assert thread.title in first.inner_text()
    assert "is-blurred" in first.locator(".sensitive-text").get_attribute("class")
    first.locator("[data-reveal]").focus()
    mod_page.keyboard.press("Enter")
    assert "is-blurred" not in first.locator(".sensitive-text").get_attribute("class")
    first.locator("a").first.click()
    mod_page.click("button:has-text('Claim')")
    assert "You have this item" in mod_page.content()
    mod_page.fill("#note-reached", "Sent a private message with the 988 line.")
    mod_page.click("button:has-text('Reached out')")
    mod_page.goto(f"{live_server.url}/moderation/audit/")
    log = mod_page.locator("#audit-log").inner_text()
    assert "Reached out" in log and "Sent a private message with the 988 line." in log
    assert "Claimed" in log
