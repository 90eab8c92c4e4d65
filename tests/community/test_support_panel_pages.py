"""After a post with crisis language the page opens on the support panel, with the reader's country's
lines; the public page "How we look after people here" and its links; the API twins; the preferences."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from community.models import Member
from moderation import gateway
from moderation.models import CarePage, CrisisResource
from tests.moderation.conftest import CRISIS_TEXT
from tests.moderation.factories import CrisisResourceFactory

pytestmark = pytest.mark.django_db


def reply_url(thread) -> str:
    return reverse("community:reply", kwargs={"thread_id": thread.pk})


def test_after_a_crisis_reply_the_page_opens_on_the_panel_placed_before_the_post(
    member_client, member, thread
):
    member.country = "GB"
    member.save()
    CrisisResource.objects.filter(country="GB").update(last_checked="2026-10-02")
    response = member_client.post(reply_url(thread), {"body": CRISIS_TEXT})
    post_page = member_client.get(response["Location"])
    assert post_page.status_code == 302 and post_page["Location"].endswith("#support-panel")
    html = member_client.get(post_page["Location"]).content.decode()
    panel_at = html.index('id="support-panel"')
    assert panel_at < html.index(f'id="post-{thread.posts.get(parent=None).pk}"')
    panel = html[panel_at : html.index("</section>", panel_at)]
    assert 'tabindex="-1"' in html[panel_at - 120 : panel_at + 200]
    assert "Lines for United Kingdom" in panel and "Samaritans" in panel and "(United Kingdom)" in panel
    assert "Open: Any time, day or night" in panel and "Last checked 2 October 2026" in panel
    shown = panel[: panel.index("<details")]
    assert "988" not in shown
    folded = panel[panel.index("<details") :]
    assert "<summary>Lines in other countries</summary>" in folded and "988" in folded
    assert reverse("community:care") in panel


def test_a_member_without_a_country_gets_the_lines_for_their_browsers_language_region(member_client, thread):
    CrisisResourceFactory(country="NZ", name="Need to talk? 1737", phone="1737")
    response = member_client.post(
        reply_url(thread), {"body": CRISIS_TEXT}, follow=True, headers={"accept-language": "en-NZ,en;q=0.8"}
    )
    html = response.content.decode()
    shown = html[html.index('id="support-panel"') : html.index("<details")]
    assert "Lines for New Zealand" in shown and "Need to talk? 1737" in shown
    assert "add your country" not in shown


def test_a_members_country_preference_wins_over_the_browser_language(member_client, member, thread):
    member.country = "US"
    member.save()
    response = member_client.post(
        reply_url(thread), {"body": CRISIS_TEXT}, follow=True, headers={"accept-language": "en-GB"}
    )
    html = response.content.decode()
    shown = html[html.index('id="support-panel"') : html.index("<details")]
    assert "Lines for United States" in shown and "988 Suicide" in shown and "Samaritans" not in shown


def test_a_calm_reply_still_opens_on_the_reply(member_client, thread):
    response = member_client.post(reply_url(thread), {"body": "Thank you, that helped."})
    assert member_client.get(response["Location"])["Location"].endswith(
        f"#post-{thread.posts.latest('id').pk}"
    )


def test_the_care_page_is_public_and_linked_from_the_footer_and_the_report_form(
    client, member_client, thread
):
    page = client.get(reverse("community:care"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>How we look after people here</h1>" in html and "What moderators can't do" in html
    assert "Samaritans" in html and "<details>" in html
    home = client.get(reverse("community:home")).content.decode()
    assert f'href="{reverse("community:care")}"' in home
    report = member_client.get(
        reverse("community:post_report", kwargs={"post_id": thread.posts.get(parent=None).pk})
    ).content.decode()
    assert f'href="{reverse("community:care")}"' in report


def test_an_admins_edit_of_the_care_page_shows_on_the_page(client):
    CarePage.objects.update(title="How we care for each other", body="We read **every** flagged post.")
    html = client.get(reverse("community:care")).content.decode()
    assert "How we care for each other" in html and "<strong>every</strong>" in html


def test_the_care_page_reads_the_same_number_of_queries_for_ten_lines_and_a_hundred(
    client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    CrisisResourceFactory.create_batch(4, country="FR")
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("community:care"))
    CrisisResourceFactory.create_batch(90, country="FR")
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(reverse("community:care")).content.decode()
    assert html.count('class="support-line"') == CrisisResource.objects.count()


# ------------------------------------------------------------------------------------------------------
# API
# ------------------------------------------------------------------------------------------------------


def test_the_support_endpoint_answers_with_the_lines_for_the_browsers_region(client):
    CrisisResourceFactory(country="NZ", name="Need to talk? 1737", phone="1737", hours="Any time")
    data = client.get("/api/v1/support/", headers={"accept-language": "en-NZ"}).json()
    assert data["country"] == "NZ" and data["country_name"] == "New Zealand"
    assert [r["name"] for r in data["resources"]] == ["Need to talk? 1737", "Find A Helpline"]
    assert data["resources"][0]["hours"] == "Any time" and data["resources"][0]["last_checked"] is None
    assert {g["country_name"] for g in data["other_groups"]} >= {"United States", "Ireland"}
    assert data["care_url"].endswith(reverse("community:care"))


def test_the_care_endpoint_answers_the_page_and_the_lines(member_client, member):
    member.country = "AU"
    member.save()
    data = member_client.get("/api/v1/care/").json()
    assert data["title"] == "How we look after people here" and "<h3>" in data["body_html"]
    assert data["support"]["resources"][0]["name"] == "Lifeline"


def test_a_crisis_reply_through_the_api_answers_the_same_panel(member_client, thread):
    response = member_client.post(
        f"/api/v1/threads/{thread.pk}/replies/",
        {"body": CRISIS_TEXT},
        content_type="application/json",
        headers={"accept-language": "en-IE"},
    )
    assert response.status_code == 201, response.content
    support = response.json()["support"]
    assert support["country"] == "IE" and support["resources"][0]["url"] == "https://www.samaritans.ie"


def test_the_schema_lists_the_support_and_care_endpoints_with_examples(client):
    schema = client.get("/api/schema/?format=json").json()
    for path in ("/api/v1/support/", "/api/v1/care/"):
        content = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        assert content["examples"], path


# ------------------------------------------------------------------------------------------------------
# Preferences: the country, asked kindly and optional
# ------------------------------------------------------------------------------------------------------


def test_the_country_is_a_list_of_names_optional_and_saved(member_client, member):
    html = member_client.get(reverse("community:preferences")).content.decode()
    assert "Where you live (optional)" in html and "I&#x27;d rather not say" in html
    assert re.search(r'<option value="NZ"[^>]*>New Zealand</option>', html)
    form = {
        "display_name": member.display_name,
        "timezone": "UTC",
        "country": "NZ",
        "digest_frequency": "weekly",
    }
    assert member_client.post(reverse("community:preferences"), form).status_code == 302
    assert Member.objects.get(pk=member.pk).country == "NZ"
    assert member_client.post(reverse("community:preferences"), form | {"country": ""}).status_code == 302
    assert Member.objects.get(pk=member.pk).country == ""
    assert member_client.post(reverse("community:preferences"), form | {"country": "XX"}).status_code == 400


def test_the_panel_never_shows_its_copy_unescaped(member_client, thread, monkeypatch):
    CrisisResourceFactory(country="NZ", name="<b>Line</b>", hours="<i>always</i>")
    panel = gateway.support_panel(country="NZ")
    assert panel.resources[0].name == "<b>Line</b>"
    html = member_client.get(reverse("community:care"), headers={"accept-language": "en-NZ"}).content.decode()
    assert "&lt;b&gt;Line&lt;/b&gt;" in html and "<i>always</i>" not in html
