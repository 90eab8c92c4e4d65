"""The support panel's lines (country, at most three, the rest folded, no duplicates), the care page's
copy and the reminder that keeps the crisis-line directory checked."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from community.care import country_from_accept_language
from community.models import OutboundMessage
from moderation import gateway
from moderation.models import CarePage, CrisisResource
from moderation.services.support import crisis_lines_check_remind, crisis_lines_due_for_check
from tests.factories import AdminFactory, MemberFactory, ModeratorFactory
from tests.moderation.factories import CrisisResourceFactory

pytestmark = pytest.mark.django_db


def test_at_most_three_lines_are_shown_the_members_country_first_and_the_rest_folded_by_country():
    for n in range(4):
        CrisisResourceFactory(country="NZ", name=f"NZ line {n}", phone=f"0800 00{n}", position=n)
    panel = gateway.support_panel(member=MemberFactory(country="NZ"))
    assert panel.country == "NZ" and panel.country_name == "New Zealand"
    assert [r.name for r in panel.resources] == ["NZ line 0", "NZ line 1", "NZ line 2"]
    assert all(r.country_name == "New Zealand" for r in panel.resources)
    groups = {group.country_name: [r.name for r in group.resources] for group in panel.other_groups}
    assert groups["New Zealand"] == ["NZ line 3"]
    assert groups["United Kingdom"] == ["Samaritans"] and groups["Ireland"] == ["Samaritans"]
    assert groups["Worldwide"] == ["Find A Helpline"]
    assert list(groups)[-1] == "Worldwide"  # countries by name, international lines last


def test_a_line_entered_twice_is_listed_once():
    CrisisResourceFactory(country="NZ", name="Need to talk? 1737", phone="1737", url="https://1737.org.nz")
    CrisisResourceFactory(country="NZ", name="Need to talk?  1737", phone="17-37", url="https://1737.org.nz/")
    CrisisResourceFactory(country="", name="Need to talk? 1737", phone="1737", url="https://www.1737.org.nz")
    panel = gateway.support_panel(country="NZ")
    every = [*panel.resources, *(r for group in panel.other_groups for r in group.resources)]
    assert [" ".join(r.name.split()) for r in every].count("Need to talk? 1737") == 1
    assert len(every) == CrisisResource.objects.filter(active=True).count() - 2


def test_a_country_passed_in_wins_over_none_and_a_bad_code_is_ignored():
    assert gateway.support_panel(country="us").resources[0].name == "988 Suicide & Crisis Lifeline"
    panel = gateway.support_panel(member=MemberFactory(country=""), country="Q1")
    assert panel.country == "" and [r.country for r in panel.resources] == [""]


def test_each_line_carries_its_opening_hours_and_when_it_was_last_checked():
    CrisisResource.objects.filter(country="GB").update(last_checked=date(2026, 10, 2))
    [samaritans, *_] = gateway.support_panel(country="GB").resources
    assert samaritans.hours == "Any time, day or night"
    assert samaritans.last_checked == date(2026, 10, 2)


def test_inactive_lines_are_never_shown():
    CrisisResourceFactory(country="NZ", name="Closed line", active=False)
    panel = gateway.support_panel(country="NZ")
    every = [*panel.resources, *(r for group in panel.other_groups for r in group.resources)]
    assert "Closed line" not in [r.name for r in every]


def test_the_panel_reads_the_same_number_of_queries_for_ten_lines_and_for_a_hundred(
    django_assert_num_queries,
):
    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            gateway.support_panel(country="NZ")
        return len(ctx.captured_queries)

    CrisisResourceFactory.create_batch(4, country="NZ")
    small = count_queries()
    CrisisResourceFactory.create_batch(94, country="FR")
    with django_assert_num_queries(small):
        panel = gateway.support_panel(country="NZ")
    france = next(group for group in panel.other_groups if group.country_name == "France")
    assert small == 2 and len(france.resources) == 94


@pytest.mark.parametrize(
    ("header", "country"),
    [
        ("en-NZ", "NZ"),
        ("en-NZ,en;q=0.9", "NZ"),
        ("en;q=0.9, de-AT;q=0.8, en-GB;q=0.85", "GB"),
        ("es-419,es;q=0.9", ""),
        ("zh-Hant-TW", "TW"),
        ("en-GB;q=0, fr-FR;q=0.5", "FR"),
        ("en", ""),
        ("", ""),
        ("en-XX", ""),
        ("en-NZ;q=abc, en-AU", "AU"),
    ],
)
def test_the_browser_language_region_names_the_country(header, country):
    assert country_from_accept_language(header) == country


def test_the_care_page_is_the_admins_copy_rendered_safely():
    page = CarePage.objects.get()
    assert "peer community, not an emergency service" in page.body
    page.body = "## What we do\n\n<script>alert(1)</script> We read every flagged post."
    page.save()
    care = gateway.care_page()
    assert care.title == "How we look after people here"
    assert "<h3>What we do</h3>" in care.body_html and "<script>" not in care.body_html


def test_the_seeded_care_page_names_who_sees_a_post_what_moderators_cannot_do_and_emergency_numbers():
    body = CarePage.objects.get().body
    for words in ("Who sees it", "What moderators can do", "What moderators can't do", "Emergency numbers",
                  "999", "911", "112", "000 in Australia"):
        assert words in body, words
    # Never promise what a volunteer team cannot do.
    assert "24/7" not in body and "immediately" not in body.lower()


# ------------------------------------------------------------------------------------------------------
# The reminder to check lines
# ------------------------------------------------------------------------------------------------------


def test_lines_never_checked_or_checked_180_days_ago_are_due_and_recent_or_inactive_ones_are_not():
    today = date(2026, 11, 27)
    CrisisResource.objects.update(last_checked=today - timedelta(days=10))
    old = CrisisResourceFactory(name="Old", last_checked=today - timedelta(days=180))
    never = CrisisResourceFactory(name="Never", last_checked=None)
    CrisisResourceFactory(name="Recent", last_checked=today - timedelta(days=179))
    CrisisResourceFactory(name="Retired", last_checked=None, active=False)
    assert {r.pk for r in crisis_lines_due_for_check(today=today)} == {old.pk, never.pk}


def test_every_active_admin_gets_one_reminder_a_week_listing_the_lines_and_moderators_get_none():
    first, second = AdminFactory(), AdminFactory()
    ModeratorFactory()
    AdminFactory(is_active=False)
    monday = datetime(2026, 11, 23, 6, 45, tzinfo=UTC)
    assert crisis_lines_check_remind(now=monday) == 2
    assert crisis_lines_check_remind(now=monday + timedelta(days=3)) == 0  # the same week: nothing new
    messages = OutboundMessage.objects.filter(kind="crisis_lines_check")
    assert sorted(m.to for m in messages) == sorted([first.email, second.email])
    message = messages.get(to=first.email)
    assert message.subject == "6 crisis lines on Hearth need checking"
    assert "- Samaritans (Ireland), last checked never: http" in message.body_text
    assert "/admin/moderation/crisisresource/" in message.body_text
    # Still unchecked a week later: asked again.
    assert crisis_lines_check_remind(now=monday + timedelta(days=7)) == 2


def test_no_reminder_goes_out_when_every_line_is_checked():
    AdminFactory()
    CrisisResource.objects.update(last_checked=timezone.localdate())
    assert crisis_lines_check_remind() == 0
    assert not OutboundMessage.objects.exists()


def test_the_reminder_job_is_scheduled_and_registered_with_celery():
    from community.celery_app import app
    from community.management.commands.setup_schedules import schedules

    app.loader.import_default_modules()
    [spec] = [s for s in schedules() if s.task == "moderation.remind_crisis_line_checks"]
    assert spec.task in app.tasks
