"""Under the Content-Security-Policy, real chromium still runs every page's own code and reports no violation:
the site, the moderator pages (their inline reveal script carries the nonce), Swagger UI and the admin.

Runs headless Debian chromium through Playwright; skipped when either is missing (never `playwright install`).
"""

import re

import pytest

from tests.browser import pages
from tests.factories import AdminFactory, ModeratorFactory, SpaceFactory, ThreadFactory
from tests.moderation.factories import ReviewItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _record(violations: list[str], text: str) -> None:
    # Chromium reports each blocked script, style or connection on the console ("...Content Security Policy").
    if "Content Security Policy" in text:
        violations.append(text)


def _signed_in_page(browser, member, live_server_url: str):
    page, violations = pages.signed_in_page(browser, member, live_server_url)
    page.on("console", lambda message: _record(violations, message.text))
    return page, violations


def test_swagger_ui_renders_its_operations_under_the_policy(live_server, browser):
    page = browser.new_context().new_page()
    violations: list[str] = []
    page.on("console", lambda message: _record(violations, message.text))
    page.goto(f"{live_server.url}/api/docs/")
    # The operations only appear once the inline init script (under the nonce) has fetched the schema.
    page.locator(".opblock").first.wait_for(timeout=20_000)
    assert page.locator(".opblock").count() > 10
    assert violations == []


def test_the_moderator_pages_and_the_admin_work_under_the_policy(live_server, browser):
    thread = ThreadFactory(space=SpaceFactory(), title="A hard week")
    ReviewItemFactory()

    page, violations = _signed_in_page(browser, ModeratorFactory(), live_server.url)
    pages = ("/", f"/threads/{thread.pk}/", "/moderation/", "/moderation/dashboard/", "/moderation/audit/")
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("main").count() == 1, path
    page.goto(f"{live_server.url}/api/v1/spaces/")  # DRF's browsable API, with its own scripts
    page.locator(".response-info").wait_for()
    assert violations == []

    admin_page, admin_violations = _signed_in_page(browser, AdminFactory(), live_server.url)
    admin_page.goto(f"{live_server.url}/admin/community/member/")
    admin_page.locator("#action-toggle").check()  # the admin's own (external) script selects every row
    counter = admin_page.locator(".action-counter").inner_text()
    selected, total = re.match(r"(\d+) of (\d+) selected", counter).groups()
    assert selected == total != "0"
    assert admin_violations == []
