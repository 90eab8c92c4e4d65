"""A member's data: a copy of everything (a task, a signed expiring link) and deleting their account
(password, grace period cancelled by signing in, erasure that leaves nothing of who they were)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import (
    DataExport,
    Member,
    MemberMute,
    MutedWord,
    Notification,
    OutboundMessage,
    Reaction,
    ReactionKind,
)
from community.services import member_data
from community.services.posts import post_create, post_edit, post_moderate
from moderation.models import AuditLogEntry, Flag, ModeratorNote
from moderation.services.reports import report_create
from tests.factories import AdminFactory, MemberFactory, ReplyFactory, ThreadFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough password 42"
NAME = "Quietwillowtree"


@pytest.fixture
def person(db):
    member = MemberFactory(display_name=NAME, email="quiet.willow@example.org", bio="Learning to rest.")
    member.set_password(PASSWORD)
    member.save()
    return member


@pytest.fixture
def person_client(client, person):
    client.force_login(person)
    return client


def _link(message: OutboundMessage) -> str:
    return re.search(r"http://\S+/account/data/export/\S+/", message.body_text).group(0)


def _export_for(client, callbacks) -> OutboundMessage:
    with callbacks(execute=True):
        assert client.post(reverse("community:data_export_request")).status_code == 302
    return OutboundMessage.objects.get(kind="data_export")


# ------------------------------------------------------------------------------------------------------
# Export
# ------------------------------------------------------------------------------------------------------


def test_a_member_downloads_everything_held_about_them_as_json_in_a_zip(
    person, person_client, thread, other_member, django_capture_on_commit_callbacks
):
    reply = post_create(thread=thread, body="First words.", author=person).post
    post_edit(post=reply, actor=person, body="Second words.")
    report_create(post=thread.posts.get(parent=None), reporter=person, reason="other", note="Worried.")
    Notification.objects.create(recipient=person, kind="reply_to_you", actor=other_member, thread=thread)
    MemberMute.objects.create(member=person, muted=other_member)
    MutedWord.objects.create(member=person, word="anniversary")
    opening = thread.posts.get(parent=None)
    Reaction.objects.create(post=opening, member=person, kind=ReactionKind.choices[0][0])
    Member.objects.filter(pk=person.pk).update(is_peer_supporter=True)
    message = _export_for(person_client, django_capture_on_commit_callbacks)
    assert message.to == person.email and "7 days" in message.body_text
    response = person_client.get(_link(message).split("8000", 1)[1])
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    files = {name: archive.read(name).decode() for name in archive.namelist()}
    assert set(files) == {
        "README.txt",
        "profile.json",
        "preferences.json",
        "posts.json",
        "reports.json",
        "notifications.json",
        "follows.json",
        "reactions.json",
    }
    assert json.loads(files["profile.json"])["email"] == "quiet.willow@example.org"
    preferences = json.loads(files["preferences.json"])
    assert preferences["muted_words"] == ["anniversary"] and preferences["is_peer_supporter"] is True
    assert [r["post"] for r in json.loads(files["reactions.json"])] == [thread.posts.get(parent=None).pk]
    [post] = json.loads(files["posts.json"])
    assert post["body"] == "Second words." and [r["body"] for r in post["revisions"]] == ["First words."]
    assert json.loads(files["reports.json"])[0]["note"] == "Worried."
    assert other_member.display_name in [n["from"] for n in json.loads(files["notifications.json"])]
    follows = json.loads(files["follows.json"])
    assert follows["muted_members"] == [{"muted__display_name": other_member.display_name}]


def test_the_link_works_only_for_its_member_and_expires(
    person, person_client, client, other_member, django_capture_on_commit_callbacks
):
    path = _link(_export_for(person_client, django_capture_on_commit_callbacks)).split("8000", 1)[1]
    client.force_login(other_member)
    assert client.get(path).status_code == 404
    client.force_login(person)
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        expired = client.get(path)
    assert expired.status_code == 404 and "ask for a fresh copy" in expired.content.decode()
    assert client.get(path[:-3] + "abc/").status_code == 404


def test_asking_twice_while_one_is_prepared_builds_one(person):
    first, created = member_data.member_export_request(member=person, actor=person)
    again, created_again = member_data.member_export_request(member=person, actor=person)
    assert created and not created_again and first.pk == again.pk
    assert member_data.member_export_build(export_id=first.pk)
    assert not member_data.member_export_build(export_id=first.pk)  # a retried task does nothing
    assert OutboundMessage.objects.filter(kind="data_export").count() == 1


def test_building_an_export_reads_the_same_number_of_queries_for_5_posts_and_50(person, thread):
    def queries() -> int:
        export, _ = member_data.member_export_request(member=person, actor=person)
        with CaptureQueriesContext(connection) as ctx:
            member_data.member_export_build(export_id=export.pk)
        return len(ctx.captured_queries)

    ReplyFactory.create_batch(5, thread=thread, author=person)
    small = queries()
    for reply in ReplyFactory.create_batch(45, thread=thread, author=person):
        post_edit(post=reply, actor=person, body="Changed my mind about this.")
    assert queries() == small


def test_the_data_page_lists_exports_in_pages_with_a_fixed_number_of_queries(
    person, person_client, django_assert_max_num_queries
):
    DataExport.objects.bulk_create([DataExport(member=person) for _ in range(3)])
    with CaptureQueriesContext(connection) as small:
        person_client.get(reverse("community:account_data"))
    DataExport.objects.bulk_create([DataExport(member=person) for _ in range(40)])
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = person_client.get(reverse("community:account_data")).content.decode()
    assert html.count("Asked for") == 10


def test_the_api_asks_for_an_export_and_lists_them_in_pages(
    person, person_client, django_assert_max_num_queries
):
    created = person_client.post("/api/v1/me/exports/")
    assert created.status_code == 201 and created.json()["status"] in {"pending", "ready"}
    with CaptureQueriesContext(connection) as small:
        person_client.get("/api/v1/me/exports/")
    DataExport.objects.bulk_create([DataExport(member=person) for _ in range(30)])
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = person_client.get("/api/v1/me/exports/").json()
    assert len(page["results"]) == 25 and page["next"]


# ------------------------------------------------------------------------------------------------------
# Deletion
# ------------------------------------------------------------------------------------------------------


def _ask_to_delete(client, keep: str, password: str = PASSWORD):
    return client.post(
        reverse("community:account_data"), {"action": "delete", "keep_posts": keep, "password": password}
    )


def test_deleting_needs_the_password_and_waits_for_the_grace_period(person, person_client):
    wrong = _ask_to_delete(person_client, "keep", password="nope")
    assert wrong.status_code == 400 and "doesn&#x27;t match" in wrong.content.decode()
    assert Member.objects.get(pk=person.pk).deletion_requested_at is None
    response = _ask_to_delete(person_client, "keep")
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.deletion_requested_at is not None and person.deletion_keeps_posts
    assert OutboundMessage.objects.get(kind="account_deletion").to == person.email
    assert member_data.members_erase_due() == 0  # not before the grace period ends


def test_signing_in_during_the_grace_period_keeps_the_account(person, person_client, client):
    _ask_to_delete(person_client, "remove")
    assert client.login(email=person.email, password=PASSWORD)
    person.refresh_from_db()
    assert person.deletion_requested_at is None
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert member_data.members_erase_due() == 0


def test_after_the_grace_period_nothing_of_who_they_were_remains(
    person, person_client, client, other_member, moderator, thread
):
    mine = post_create(thread=thread, body="Words only I wrote, about my health.", author=person).post
    answer = ReplyFactory(thread=thread, parent=mine, author=other_member, body="I hear you.")
    own_thread = ThreadFactory(author=person, title="My own hard week")
    report_create(post=answer, reporter=person, reason="other", note="A note in my words.")
    ModeratorNote.objects.create(member=person, author=moderator, body="Checked in with them.")
    Reaction.objects.create(post=answer, member=person, kind=ReactionKind.choices[0][0])
    MutedWord.objects.create(member=person, word="anniversary")
    _ask_to_delete(person_client, "remove")
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert member_data.members_erase_due() == 1
    person.refresh_from_db()
    assert person.display_name == "A former member" and "willow" not in person.email
    assert not person.is_active and not person.has_usable_password() and person.bio == ""
    mine.refresh_from_db()
    assert mine.body == "" and mine.is_deleted and mine.revisions.count() == 0
    answer.refresh_from_db()
    assert answer.parent_id == mine.pk  # the reply tree keeps its shape
    own_thread.refresh_from_db()
    assert own_thread.title == "Removed by its author"
    flag = Flag.objects.get(item__post=answer)
    assert flag.reporter_id is None and flag.note == "" and flag.category == "other"
    assert not ModeratorNote.objects.filter(member=person).exists()
    # "Who responded" would name them to the post's author; their private settings go too.
    assert not Reaction.objects.filter(member=person).exists()
    assert not MutedWord.objects.filter(member=person).exists()
    # Pages, the API, emails and the admin's search.
    client.force_login(other_member)
    pages = [
        client.get(thread.get_absolute_url()).content.decode(),
        client.get(reverse("community:member", kwargs={"member_id": person.pk})).content.decode(),
        client.get(f"/api/v1/threads/{thread.pk}/replies/").content.decode(),
        client.get(f"/api/v1/members/{person.pk}/").content.decode(),
    ]
    for page in pages:
        assert NAME not in page and "quiet.willow" not in page and "Words only I wrote" not in page
    assert not OutboundMessage.objects.filter(to__icontains="quiet.willow").exists()
    client.force_login(AdminFactory())
    found = client.get(reverse("admin:community_member_changelist") + "?q=quiet.willow").content.decode()
    assert "0 results" in found or "quiet.willow" not in found
    # Nothing can sign in as them.
    assert not client.login(email="quiet.willow@example.org", password=PASSWORD)


def test_kept_posts_read_as_a_former_member(person, person_client, thread, other_member, client):
    mine = post_create(thread=thread, body="Still useful advice.", author=person).post
    _ask_to_delete(person_client, "keep")
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        member_data.members_erase_due()
    mine.refresh_from_db()
    assert mine.body == "Still useful advice." and not mine.is_deleted
    client.force_login(other_member)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Still useful advice." in html and "A former member" in html and NAME not in html


def test_moderation_records_keep_only_what_the_privacy_page_names(person, moderator, thread):
    mine = post_create(thread=thread, body="Something hard.", author=person).post
    post_moderate(post=mine, actor=moderator, change="hide", reason=f"{NAME} said too much")
    member_data.member_erase(member_id=person.pk, keep_posts=False)
    entry = AuditLogEntry.objects.get(target_post=mine)
    assert entry.action == "hide" and entry.actor_id == moderator.pk
    assert entry.reason == "" and entry.before == {} and entry.after == {}
    assert not member_data.member_erase(member_id=person.pk)  # safe to repeat


def test_admins_run_an_export_and_an_erasure_on_request(
    person, admin_member, client, django_capture_on_commit_callbacks
):
    client.force_login(admin_member)
    url = reverse("admin:community_member_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "export_member_data", "_selected_action": [person.pk]})
    export = DataExport.objects.get(member=person)
    assert export.status == "ready" and export.requested_by_id == admin_member.pk
    assert OutboundMessage.objects.get(kind="data_export").to == person.email
    client.post(url, {"action": "erase_keeping_posts", "_selected_action": [person.pk]})
    person.refresh_from_db()
    assert person.erased_at is not None and person.display_name == "A former member"


def test_the_api_schedules_and_cancels_a_deletion(person, person_client):
    refused = person_client.post(
        "/api/v1/me/deletion/", {"password": "wrong", "keep_posts": True}, content_type="application/json"
    )
    assert refused.status_code == 400
    done = person_client.post(
        "/api/v1/me/deletion/", {"password": PASSWORD, "keep_posts": False}, content_type="application/json"
    ).json()
    assert done["scheduled"] and done["due_at"] and done["keep_posts"] is False
    kept = person_client.delete("/api/v1/me/deletion/").json()
    assert kept == {"scheduled": False, "due_at": None, "keep_posts": False}


def test_the_schema_lists_the_data_endpoints_with_examples(client):
    schema = client.get("/api/schema/?format=json").json()
    assert schema["paths"]["/api/v1/me/exports/"]["post"]["responses"]["201"]["content"]["application/json"][
        "examples"
    ]
    deletion = schema["paths"]["/api/v1/me/deletion/"]
    assert deletion["post"]["requestBody"]["content"]["application/json"]["examples"]
    assert deletion["delete"]["responses"]["200"]["content"]["application/json"]["examples"]
