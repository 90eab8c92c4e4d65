"""The moderators' queue in real chromium: how the cards look, and the keyboard flow (j / k to move, Enter to
open, one key per action on the item page).

Runs headless Debian chromium through Playwright; skipped when either is missing (never `playwright install`).
Set HEARTH_DOCS_SCREENSHOTS=1 to refresh the screenshots in docs/ from this run.
"""

import os
from pathlib import Path

import pytest

from moderation.models import Flag, Lane, ReviewItem
from tests.browser import pages
from tests.factories import MemberFactory, ModeratorFactory, ReplyFactory, SpaceFactory, ThreadFactory
from tests.moderation.factories import FlagFactory, ReviewItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs"


def signed_in_page(browser, member, live_server_url: str):
    return pages.signed_in_page(browser, member, live_server_url, viewport={"width": 1100, "height": 800})


def docs_screenshot(page, name: str) -> None:
    if os.environ.get("HEARTH_DOCS_SCREENSHOTS"):
        page.screenshot(path=str(DOCS / name), type="png")


def _safety_items(n: int) -> list[ReviewItem]:
    space = SpaceFactory(name="Hard days")
    thread = ThreadFactory(space=space, title="How do you get through the nights?")
    items = []
    for i in range(n):
        post = ReplyFactory(
            thread=thread, author=MemberFactory(), body=f"Reply number {i}: nights are long and I feel alone."
        )
        item = ReviewItemFactory(post=post, lane=Lane.SAFETY, priority=1300 - i)
        FlagFactory(
            item=item, source=Flag.Source.DETECTOR, category="crisis", severity="medium",
            detector="crisis.lexical", score=0.7, evidence=["feel alone"], reporter=None,
        )  # fmt: skip
        items.append(item)
    return items


def _style(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"el => getComputedStyle(el).getPropertyValue('{prop}')")


def test_queue_cards_have_side_padding_a_red_safety_border_and_readable_key_letters(live_server, browser):
    items = _safety_items(2)
    page, errors = signed_in_page(browser, ModeratorFactory(), live_server.url)
    page.goto(f"{live_server.url}/moderation/?lane=safety")
    card = f"#queue-items > li[data-item-id='{items[0].pk}']"
    assert float(_style(page, card, "padding-left").removesuffix("px")) >= 10
    assert _style(page, card, "border-left-width") == "4px"
    assert _style(page, card, "border-left-color") == "rgb(170, 51, 51)"

    page.goto(f"{live_server.url}/moderation/items/{items[0].pk}/")
    kbd = "button[data-key='c'] kbd"
    # The letter on a filled button: white on the accent colour, not white on a light key.
    assert _style(page, kbd, "color") == "rgb(255, 255, 255)"
    assert _style(page, kbd, "background-color") == "rgba(0, 0, 0, 0)"
    assert errors == []


def test_a_moderator_works_the_safety_lane_with_the_keyboard_alone(live_server, browser):
    items = _safety_items(3)
    page, errors = signed_in_page(browser, ModeratorFactory(), live_server.url)
    page.goto(f"{live_server.url}/moderation/?lane=safety")
    current = "#queue-items > li.is-current"

    page.keyboard.press("j")
    assert page.get_attribute(current, "data-item-id") == str(items[0].pk)
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("j")  # stops at the last item
    assert page.get_attribute(current, "data-item-id") == str(items[2].pk)
    page.keyboard.press("k")
    assert page.get_attribute(current, "data-item-id") == str(items[1].pk)
    page.evaluate("window.scrollTo(0, 0)")
    docs_screenshot(page, "moderation-queue.png")

    page.keyboard.press("Enter")
    page.wait_for_url(f"**/moderation/items/{items[1].pk}/")
    with page.expect_navigation():
        page.keyboard.press("c")
    assert page.get_by_text("You have this item").is_visible()
    docs_screenshot(page, "moderation-item.png")

    # "r" needs a note first: the key puts the cursor in the note field, and typing there is not a shortcut.
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.id") == "note-reached"
    page.keyboard.type("Sent a private message with the local crisis line.")
    assert ReviewItem.objects.get(pk=items[1].pk).is_open
    page.keyboard.press("Escape")
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("r")
    page.wait_for_url("**/moderation/?lane=safety")
    item = ReviewItem.objects.get(pk=items[1].pk)
    assert item.resolution == ReviewItem.Resolution.REACHED_OUT
    assert item.audit_entries.filter(action="reached_out").exists()

    # Back in the queue: a key that means nothing here does nothing; "a" on an item approves it.
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/moderation/items/{items[0].pk}/")
    page.keyboard.press("a")
    page.wait_for_url("**/moderation/?lane=safety")
    assert ReviewItem.objects.get(pk=items[0].pk).resolution == ReviewItem.Resolution.APPROVED
    assert errors == []
