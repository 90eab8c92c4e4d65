"""Issue 14 item 1: a member chooses whether moderation notices and appeal outcomes also come by email, on
the preferences page and through PATCH /api/v1/me/ (the in-site notice comes either way)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PREFERENCES = {"display_name": "Quiet Fern", "timezone": "Europe/Dublin", "digest_frequency": "weekly"}


def test_the_preferences_page_offers_moderation_emails_ticked_for_a_new_member(member_client):
    html = member_client.get(reverse("community:preferences")).content.decode()
    assert 'name="moderation_emails"' in html
    assert "Email me when a moderator acts on my post or account" in html


def test_unticking_moderation_emails_on_the_page_turns_them_off_and_ticking_turns_them_on(
    member_client, member
):
    assert member.moderation_emails is True
    assert member_client.post(reverse("community:preferences"), PREFERENCES).status_code == 302
    member.refresh_from_db()
    assert member.moderation_emails is False  # an unticked box means no
    response = member_client.post(reverse("community:preferences"), PREFERENCES | {"moderation_emails": "on"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.moderation_emails is True


def test_a_member_turns_moderation_emails_off_through_the_api_and_nothing_else_changes(member):
    api = APIClient()
    api.force_authenticate(user=member)
    assert api.get("/api/v1/me/").json()["moderation_emails"] is True
    response = api.patch("/api/v1/me/", {"moderation_emails": False}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["moderation_emails"] is False
    member.refresh_from_db()
    assert member.moderation_emails is False and member.unread_reminders is True
