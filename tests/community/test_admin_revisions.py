"""Post revisions are history: the admin shows them and changes nothing (issue 11, item 11)."""

import pytest
from django.urls import reverse

from community.models import PostRevision
from tests.factories import ReplyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def revision(member):
    reply = ReplyFactory(author=member, body="Now")
    return PostRevision.objects.create(post=reply, body="What it said before", edited_by=member)


def test_an_admin_can_read_a_post_revision(client, admin_member, revision):
    client.force_login(admin_member)

    page = client.get(reverse("admin:community_postrevision_change", args=[revision.pk]))

    assert page.status_code == 200
    assert "What it said before" in page.content.decode()


def test_an_admin_cannot_change_add_or_delete_a_post_revision(client, admin_member, revision):
    client.force_login(admin_member)
    change_url = reverse("admin:community_postrevision_change", args=[revision.pk])

    client.post(change_url, {"post": revision.post_id, "body": "Rewritten history", "note": "x"})
    add_url = reverse("admin:community_postrevision_add")
    added = client.post(add_url, {"post": revision.post_id, "body": "New"})
    deleted = client.post(reverse("admin:community_postrevision_delete", args=[revision.pk]), {"post": "yes"})
    bulk = client.post(
        reverse("admin:community_postrevision_changelist"),
        {"action": "delete_selected", "_selected_action": [revision.pk], "post": "yes"},
    )

    revision.refresh_from_db()
    assert revision.body == "What it said before"
    assert added.status_code == 403 and deleted.status_code == 403
    assert bulk.status_code in (200, 302)
    assert PostRevision.objects.count() == 1
    assert "Rewritten history" not in client.get(change_url).content.decode()
