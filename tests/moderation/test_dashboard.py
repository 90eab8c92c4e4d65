"""The dashboard's charts: numbers per day and week from the database, each an SVG, a table and a CSV,
over a date range, within the moderator's spaces, in fixed queries; crisis clusters alerted once."""

import csv
import io
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from community.models import OutboundMessage
from moderation.dashboard import date_range
from moderation.models import CrisisCluster, Flag, Lane, ReviewItem
from moderation.services.clusters import crisis_clusters_alert
from tests.factories import MemberFactory, ModeratorFactory, ReplyFactory, SpaceFactory, ThreadFactory
from tests.moderation.factories import FlagFactory, ModeratorProfileFactory, ReviewItemFactory

pytestmark = pytest.mark.django_db

URL = "/moderation/dashboard/"


def at(days_ago: int, hour: int = 12) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def item(space=None, **kwargs):
    thread = ThreadFactory(space=space or SpaceFactory())
    return ReviewItemFactory(post=ReplyFactory(thread=thread), **kwargs)


def csv_rows(client, key: str, query: str = "") -> list[list[str]]:
    response = client.get(f"{URL}?{query}&csv={key}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_every_chart_is_an_inline_svg_with_a_table_and_a_csv_link(moderator_client):
    item(lane=Lane.SAFETY, created_at=at(2))
    html = moderator_client.get(URL).content.decode()
    for key in ("lanes", "first_action", "handled", "crisis_spaces", "reports", "detectors"):
        section = html[html.index(f'id="chart-{key}"') :]
        section = section[: section.index("</section>")]
        assert "<table" in section and f"csv={key}" in section
    assert html.count("<svg") >= 3
    assert "<script src=" not in html and "cdn" not in html.lower()


def test_lane_sizes_per_day_count_what_was_open_at_the_end_of_each_day(moderator_client):
    item(lane=Lane.HELD, created_at=at(40))  # open since before the range
    item(lane=Lane.HELD, created_at=at(5))
    item(lane=Lane.HELD, created_at=at(6), status=ReviewItem.Status.RESOLVED, resolved_at=at(3))
    rows = {r[0]: r for r in csv_rows(moderator_client, "lanes")[1:]}
    held = ["Day", "Safety", "Reported", "Held", "Off-topic"].index("Held")
    assert rows[(timezone.localdate() - timedelta(days=7)).isoformat()][held] == "1"
    assert rows[(timezone.localdate() - timedelta(days=5)).isoformat()][held] == "3"
    assert rows[(timezone.localdate() - timedelta(days=3)).isoformat()][held] == "2"
    assert rows[timezone.localdate().isoformat()][held] == "2"
    assert len(rows) == 30


def test_first_action_times_give_p50_and_p90_per_week(moderator_client):
    for minutes in (1, 3, 4, 8, 100):
        created = at(1, hour=9)
        item(lane=Lane.SAFETY, created_at=created, first_human_action_at=created + timedelta(minutes=minutes))
    item(lane=Lane.SAFETY, created_at=at(1, hour=10))  # untouched
    rows = csv_rows(moderator_client, "first_action")
    assert rows[0] == ["week", "items", "untouched", "p50", "p90"]
    this_week = [r for r in rows[1:] if r[1] != "0"]
    assert this_week[-1][1:] == ["6", "1", "≤ 5 min", "≤ 2 h"]


def test_items_handled_per_moderator_and_reports_per_day(moderator_client):
    wren, ash = ModeratorFactory(display_name="wren"), ModeratorFactory(display_name="ash")
    for who, lane in ((wren, Lane.SAFETY), (wren, Lane.REPORTED), (ash, Lane.SAFETY)):
        item(lane=lane, created_at=at(4), status="resolved", resolved_at=at(3), resolved_by=who)
    reported = item(lane=Lane.REPORTED, created_at=at(2))
    for _ in range(3):
        FlagFactory(item=reported, reporter=MemberFactory(), created_at=at(2))
    assert csv_rows(moderator_client, "handled")[1:] == [["wren", "2", "1"], ["ash", "1", "1"]]
    reports = {r[0]: r[1] for r in csv_rows(moderator_client, "reports")[1:]}
    assert reports[(timezone.localdate() - timedelta(days=2)).isoformat()] == "3"
    assert reports[timezone.localdate().isoformat()] == "0"


def test_detector_categories_show_the_share_of_flags_moderators_confirmed(moderator_client):
    for resolution, category in (("reached_out", "crisis"), ("reached_out", "crisis"), ("approved", "crisis"),
                                 ("approved", "spam")):  # fmt: skip
        resolved = item(lane=Lane.SAFETY, status="resolved", resolution=resolution, resolved_at=at(1))
        FlagFactory(item=resolved, source=Flag.Source.DETECTOR, category=category, reporter=None)
    rows = csv_rows(moderator_client, "detectors")
    assert rows[1:] == [["Crisis", "2", "1", "67%"], ["Spam", "0", "1", "0%"]]


def test_a_space_running_well_above_its_own_baseline_is_marked_and_alerted_once(moderator_client):
    busy, calm = SpaceFactory(name="Hard days"), SpaceFactory(name="Small wins")
    for weeks_ago in range(1, 9):
        item(space=busy, lane=Lane.SAFETY, created_at=timezone.now() - timedelta(weeks=weeks_ago))
    for _ in range(4):
        item(space=busy, lane=Lane.SAFETY, created_at=timezone.now() - timedelta(minutes=5))
    for weeks_ago in range(9):
        item(space=calm, lane=Lane.SAFETY, created_at=timezone.now() - timedelta(weeks=weeks_ago))

    html = moderator_client.get(URL).content.decode()
    assert html.count('class="cluster-marker"') == 1 and "Hard days: 4 in the week of" in html
    rows = csv_rows(moderator_client, "crisis_spaces")
    assert [r[1:] for r in rows[1:] if r[4] == "yes"] == [["Hard days", "4", "1.0", "yes"]]

    on_duty = ModeratorProfileFactory().member
    assert [c.space for c in crisis_clusters_alert()] == [busy]
    assert crisis_clusters_alert() == []
    mail = OutboundMessage.objects.get(kind="crisis_cluster")
    assert mail.to == on_duty.email and "Hard days" in mail.subject
    assert "/moderation/duty/off/" in mail.headers["List-Unsubscribe"]
    assert CrisisCluster.objects.get().items == 4


def test_the_date_range_filters_every_chart(moderator_client):
    item(lane=Lane.SAFETY, created_at=at(50), status="resolved", resolved_at=at(49),
         resolved_by=ModeratorFactory(display_name="early"))  # fmt: skip
    start = (timezone.localdate() - timedelta(days=55)).isoformat()
    end = (timezone.localdate() - timedelta(days=45)).isoformat()
    assert csv_rows(moderator_client, "handled") == [["moderator", "items", "of which Safety"]]
    ranged = csv_rows(moderator_client, "handled", f"start={start}&end={end}")
    assert ranged[1] == ["early", "1", "1"]
    assert len(csv_rows(moderator_client, "reports", f"start={start}&end={end}")) == 1 + 11
    html = moderator_client.get(f"{URL}?start={start}&end={end}").content.decode()
    assert f'value="{start}"' in html and f"start={start}&amp;end={end}&amp;csv=lanes" in html


def test_a_range_is_at_most_a_year_and_never_in_the_future():
    today = timezone.localdate()
    rng = date_range(today - timedelta(days=800), today + timedelta(days=5))
    assert rng.end == today and (rng.end - rng.start).days == 365


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(moderator_client):
    space = SpaceFactory(name="=HYPERLINK(\"http://x\")")
    item(space=space, lane=Lane.SAFETY, created_at=at(1))
    rows = csv_rows(moderator_client, "crisis_spaces")
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")"


def test_a_space_limited_moderator_sees_only_their_spaces_numbers(client):
    mine, other = SpaceFactory(), SpaceFactory()
    profile = ModeratorProfileFactory()
    profile.spaces.add(mine)
    item(space=mine, lane=Lane.REPORTED, created_at=at(1))
    item(space=other, lane=Lane.REPORTED, created_at=at(1))
    item(space=other, lane=Lane.REPORTED, created_at=at(1))
    client.force_login(profile.member)
    rows = csv_rows(client, "lanes")
    assert rows[-1][2] == "1"


@pytest.mark.parametrize("per_day", [1, 12])
def test_the_dashboard_reads_a_fixed_number_of_queries_whatever_the_history(
    per_day, moderator_client, django_assert_max_num_queries
):
    space = SpaceFactory()
    thread = ThreadFactory(space=space)
    moderator = ModeratorFactory()
    for day in range(0, 400, 7):
        for _ in range(per_day):
            done = ReviewItemFactory(
                post=ReplyFactory(thread=thread), lane=Lane.SAFETY, created_at=at(day),
                first_human_action_at=at(day) + timedelta(minutes=3), status="resolved",
                resolution="reached_out", resolved_at=at(day) + timedelta(hours=1), resolved_by=moderator,
            )  # fmt: skip
            FlagFactory(item=done, source=Flag.Source.DETECTOR, category="crisis", reporter=None)
    start = (timezone.localdate() - timedelta(days=365)).isoformat()
    with django_assert_max_num_queries(16):
        response = moderator_client.get(f"{URL}?start={start}")
    assert response.status_code == 200
