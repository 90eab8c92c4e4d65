"""A new member's first visit, in a real browser: sign up, verify, start a thread, reply two deep, report.

Playwright drives Debian's chromium (/usr/bin/chromium); the test skips when either is missing. It never
downloads a browser.
"""

import re
from pathlib import Path

import pytest

from community.models import Post, Thread
from tests.factories import MemberFactory, ReplyFactory, SpaceFactory

SCREENSHOT_DIR = Path("/tmp")
# serialized_rollback like every browser test: a plain transactional flush re-creates the content types,
# which the next serialized test then inserts again (a duplicate-key error in its setup on PostgreSQL).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def verification_path(mail_dir: Path) -> str:
    """The confirmation link's path (emails carry HEARTH_SITE_URL; the live server has its own port)."""
    for path in sorted(mail_dir.glob("*.log")):
        match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", path.read_text())
        if match:
            return match.group(1)
    raise AssertionError(f"No verification email in {mail_dir}")


@pytest.mark.browser
def test_new_member_signs_up_starts_a_thread_replies_two_deep_and_reports(
    browser, live_server, settings, tmp_path
):
    mail_dir = tmp_path / "mail"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(mail_dir)
    space = SpaceFactory(name="Attachment in therapy", slug="attachment")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15_000)

    # Sign up.
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Email").fill("sam@example.org")
    page.get_by_label("Display name").fill("Sam")
    page.get_by_label("Password:", exact=True).fill("a long and gentle passphrase")
    page.get_by_label("Password (again)").fill("a long and gentle passphrase")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_load_state()

    # Verify the email from the written file; confirming logs the member in.
    page.goto(f"{live_server.url}{verification_path(mail_dir)}")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Log out").is_visible()

    # Start a thread.
    page.goto(f"{live_server.url}{space.get_absolute_url()}")
    page.get_by_role("link", name="Start a thread").click()
    page.get_by_label("Title").fill("Counting the days until Thursday")
    page.get_by_label("What would you like to talk about?").fill(
        "I think I'm getting attached to my therapist. Has anyone else felt this?"
    )
    page.get_by_role("button", name="Start the thread").click()
    page.wait_for_url(re.compile(r"/threads/\d+/"))
    thread = Thread.objects.get(title="Counting the days until Thursday")
    assert page.get_by_role("heading", name=thread.title).is_visible()

    # Someone else replies, so there is a reply that isn't ours to report.
    other = ReplyFactory(
        thread=thread, author=MemberFactory(display_name="Mara"), body="Yes. It was the clock glance for me."
    )

    # Reply at the first level, then under that reply (two levels deep).
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    page.locator("details.reply-form.card > summary").click()
    page.locator("#reply-body-top").fill("Thank you, it helps to hear that.")
    page.locator("details.reply-form.card").get_by_role("button", name="Post reply").click()
    page.wait_for_load_state()
    level1 = Post.objects.get(body="Thank you, it helps to hear that.")
    reply_box = page.locator(f"#post-{level1.pk} > article")
    reply_box.locator("summary").click()
    page.locator(f"#reply-body-{level1.pk}").fill("And to add: I told her on Thursday. She was kind.")
    reply_box.get_by_role("button", name="Post reply").click()
    page.wait_for_load_state()
    level2 = Post.objects.get(body__startswith="And to add")
    assert level2.parent == level1 and level2.depth == 2
    assert page.locator(f"#post-{level1.pk} #post-{level2.pk}").is_visible()

    # Report the other member's reply.
    page.locator(f"#post-{other.pk}").get_by_role("link", name=re.compile("^Report")).click()
    page.get_by_label("Spam or advertising").check()
    page.get_by_label(re.compile("Anything you'd like the moderators to know")).fill(
        "Testing the report form."
    )
    page.get_by_role("button", name="Send report").click()
    page.wait_for_load_state()
    assert page.get_by_text("Thank you for telling us").is_visible()

    # How the thread looks, on a desktop and on a phone.
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    page.screenshot(path=str(SCREENSHOT_DIR / "hearth-thread-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOT_DIR / "hearth-thread-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
