"""The dashboard in real chromium: charts drawn as inline SVG (no script, nothing fetched from elsewhere),
tables behind them, the date-range filter and the CSV download.

Runs headless Debian chromium through Playwright; skipped when either is missing (never `playwright install`).
Set HEARTH_DOCS_SCREENSHOTS=1 to refresh docs/moderation-dashboard.png from this run.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from moderation.models import Flag, Lane
from tests.browser.test_moderation_queue import docs_screenshot, signed_in_page
from tests.factories import MemberFactory, ModeratorFactory, ReplyFactory, SpaceFactory, ThreadFactory
from tests.moderation.factories import FlagFactory, ReviewItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _history():
    now = timezone.now()
    moderators = [ModeratorFactory(display_name=name) for name in ("wren", "ash", "juniper")]
    for s, name in enumerate(("Hard days", "Loneliness and connection")):
        thread = ThreadFactory(space=SpaceFactory(name=name))
        for day in range(0, 60, 2 + s):
            created = now - timedelta(days=day, hours=3)
            item = ReviewItemFactory(
                post=ReplyFactory(thread=thread), lane=(Lane.SAFETY, Lane.REPORTED, Lane.OFF_TOPIC)[day % 3],
                created_at=created, first_human_action_at=created + timedelta(minutes=3 + day % 40),
                status="resolved" if day > 3 else "open",
                resolved_at=created + timedelta(hours=1) if day > 3 else None,
                resolved_by=moderators[day % 3] if day > 3 else None,
                resolution=("reached_out", "approved", "off_topic")[day % 3] if day > 3 else "",
            )  # fmt: skip
            FlagFactory(item=item, source=Flag.Source.DETECTOR, reporter=None,
                        category=("crisis", "spam", "off_topic")[day % 3], score=0.7)  # fmt: skip
            FlagFactory(item=item, reporter=MemberFactory(), category="harassment", created_at=created)
    return moderators


def test_the_dashboard_draws_its_charts_offline_with_tables_a_range_and_csv(live_server, browser):
    _history()
    page, errors = signed_in_page(browser, ModeratorFactory(), live_server.url)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/moderation/dashboard/")

    assert page.locator("svg.chart").count() == 6
    assert page.locator("#chart-lanes svg polyline").count() == 4  # one line per lane
    assert page.locator("#chart-handled svg rect").count() >= 3
    assert all(url.startswith(live_server.url) for url in requests)  # nothing from a CDN
    box = page.locator("#chart-lanes svg").bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    page.locator("#chart-lanes").evaluate("el => el.scrollIntoView()")
    docs_screenshot(page, "moderation-dashboard.png")

    page.locator("#chart-handled summary").click()
    assert page.locator("#chart-handled table tbody tr").count() == 3

    start = (timezone.localdate() - timedelta(days=9)).isoformat()
    page.fill("#id_start", start)
    page.click("#range-form button")
    page.wait_for_url(f"**start={start}**")
    assert page.locator("#chart-reports table tbody tr").count() == 10

    with page.expect_download() as download:
        page.click("#chart-reports a[download]")
    lines = Path(download.value.path()).read_text().splitlines()
    assert lines[0] == "day,reports" and len(lines) == 11
    assert errors == []
