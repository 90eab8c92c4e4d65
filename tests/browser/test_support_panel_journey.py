"""A crisis reply -> the page opens on the support panel, on screen and focused, with the lines for the
member's country (and the other countries folded away). Debian chromium through Playwright."""

import pytest

from moderation.models import CrisisResource
from tests.browser.pages import session_cookie
from tests.factories import MemberFactory, ReplyFactory, SpaceFactory, ThreadFactory
from tests.moderation.factories import CrisisResourceFactory

CRISIS_TEXT = "I want to kill myself tonight. I have the pills ready and I've written my goodbyes."

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_crisis_reply_opens_on_the_panel_with_the_lines_for_the_members_country(
    live_server, browser, monkeypatch
):
    from moderation.detectors import registry

    monkeypatch.setattr(registry, "screen_slow", lambda items, thresholds=None: [[] for _ in items])
    thread = ThreadFactory(space=SpaceFactory(name="Hard days"), title="Getting through the nights")
    # A long thread: the new reply lands far below the fold, where the page used to open.
    ReplyFactory.create_batch(30, thread=thread, body="Thinking of you. " * 40)
    CrisisResourceFactory(country="NZ", name="Need to talk? 1737", phone="1737", hours="Any time")
    CrisisResource.objects.filter(country="NZ").update(last_checked="2026-10-02")
    author = MemberFactory(country="NZ")

    page = browser.new_context(viewport={"width": 1000, "height": 700}).new_page()
    page.context.add_cookies([session_cookie(author, live_server.url)])
    page.goto(f"{live_server.url}/threads/{thread.pk}/reply/")
    page.fill("textarea[name=body]", CRISIS_TEXT)
    page.click("button:has-text('Post reply')")
    panel = page.locator("#support-panel")
    panel.wait_for(timeout=10_000)
    assert page.url.endswith("#support-panel")
    assert panel.evaluate("el => document.activeElement === el")
    box = panel.locator("#support-heading").bounding_box()
    assert box is not None and -2 <= box["y"] < 700  # on screen (to the sub-pixel), not scrolled past
    shown = panel.locator("#support-lines-heading + ul").inner_text()
    assert "Need to talk? 1737" in shown and "Open: Any time" in shown
    assert "Last checked 2 October 2026" in shown
    assert "Lines for New Zealand" in panel.inner_text()
    assert "Samaritans" not in shown and not panel.locator("details").get_attribute("open")
    panel.locator("summary").click()
    assert "Samaritans" in panel.locator("details").inner_text()
    panel.locator("a:has-text('How we look after people here')").click()
    assert page.locator("h1").inner_text() == "How we look after people here"
