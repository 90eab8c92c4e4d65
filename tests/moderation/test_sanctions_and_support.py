"""Sanctions and new-member limits block posting with a clear message; the support panel; the admin."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from community.services.posts import post_create
from community.services.threads import thread_create
from moderation import gateway
from moderation.models import AuditLogEntry, CrisisResource
from moderation.services.sanctions import member_silence, member_suspend
from tests.factories import MemberFactory
from tests.moderation.factories import CrisisResourceFactory, SanctionFactory

pytestmark = pytest.mark.django_db


def test_a_silenced_member_cannot_reply_and_is_told_why_and_until_when(thread, member, moderator):
    member_silence(member=member, actor=moderator, days=3, reason="Please take a breather.")
    restriction = gateway.posting_restriction(member=member, space=thread.space, is_thread=False)
    assert restriction.kind == "silenced"
    assert "Please take a breather." in restriction.message
    assert restriction.until is not None and f"{restriction.until.year}" in restriction.message
    with pytest.raises(PermissionDenied, match="Please take a breather"):
        post_create(thread=thread, author=member, body="hello")


def test_a_suspended_member_cannot_start_threads_until_lifted(space, member, moderator):
    member_suspend(member=member, actor=moderator, reason="Repeated harassment")
    restriction = gateway.posting_restriction(member=member, space=space, is_thread=True)
    assert restriction.kind == "suspended" and restriction.until is None
    assert "until a moderator lifts it" in restriction.message
    with pytest.raises(PermissionDenied):
        thread_create(space=space, author=member, title="Hi", body="hello")


def test_a_sanction_ends_by_itself(space, member, time_machine):
    SanctionFactory(member=member, ends_at=timezone.now() + timezone.timedelta(days=1))
    assert gateway.posting_restriction(member=member, space=space, is_thread=False) is not None
    time_machine.move_to(timezone.now() + timezone.timedelta(days=1, minutes=1))
    assert gateway.posting_restriction(member=member, space=space, is_thread=False) is None


def test_only_sanctions_in_force_restrict_and_the_strongest_is_reported(space, member):
    now = timezone.now()
    day = timezone.timedelta(days=1)
    SanctionFactory(member=member, kind="suspension", starts_at=now - 3 * day, ends_at=now - day)  # ended
    SanctionFactory(member=member, kind="suspension", starts_at=now + day)  # not begun
    SanctionFactory(member=member, kind="suspension", revoked_at=now)  # lifted
    SanctionFactory(member=member, kind="warning")
    assert gateway.posting_restriction(member=member, space=space, is_thread=False) is None
    SanctionFactory(member=member, kind="silence", ends_at=now + 2 * day, reason="shorter")
    SanctionFactory(member=member, kind="silence", ends_at=None, reason="open-ended")
    restriction = gateway.posting_restriction(member=member, space=space, is_thread=False)
    assert restriction.kind == "silenced" and restriction.until is None
    assert "open-ended" in restriction.message
    SanctionFactory(member=member, kind="suspension", ends_at=now + day, reason="suspended")
    restriction = gateway.posting_restriction(member=member, space=space, is_thread=False)
    assert restriction.kind == "suspended" and "suspended" in restriction.message


def test_silencing_notifies_the_member_and_is_audited(member, moderator):
    member_silence(member=member, actor=moderator, days=2, reason="cool down")
    # Issue 14: the notice names the length and the reason, and offers an appeal.
    notice = member.notifications.get()
    assert notice.kind == "moderation_notice"
    assert "for 2 days" in notice.message and "cool down" in notice.message
    assert AuditLogEntry.objects.get().target_member == member


def test_moderators_are_never_restricted(space, moderator):
    SanctionFactory(member=moderator)
    assert gateway.posting_restriction(member=moderator, space=space, is_thread=False) is None


@override_settings(HEARTH_NEW_MEMBER_REPLIES_PER_HOUR=2)
def test_new_members_have_a_reply_rate_limit_old_members_do_not(thread):
    newcomer = MemberFactory(date_joined=timezone.now())
    for _ in range(2):
        post_create(thread=thread, author=newcomer, body="Thank you for sharing this.")
    restriction = gateway.posting_restriction(member=newcomer, space=thread.space, is_thread=False)
    assert restriction.kind == "rate_limited" and "2 replies an hour" in restriction.message
    veteran = MemberFactory()
    for _ in range(3):
        post_create(thread=thread, author=veteran, body="Thank you for sharing this.")


@override_settings(HEARTH_NEW_MEMBER_THREADS_PER_DAY=1)
def test_new_members_have_a_thread_rate_limit(space):
    newcomer = MemberFactory(date_joined=timezone.now())
    thread_create(space=space, author=newcomer, title="Hello", body="First time here.")
    with pytest.raises(PermissionDenied, match="1 thread a day"):
        thread_create(space=space, author=newcomer, title="Again", body="Second thread.")


def test_the_support_panel_shows_the_members_country_first_then_international_lines(db):
    panel = gateway.support_panel(member=MemberFactory(country="GB"))
    names = [r.name for r in panel.resources]
    assert names[0] == "Samaritans" and panel.resources[0].phone == "116 123"
    assert names[-1] == "Find A Helpline"
    assert "988 Suicide & Crisis Lifeline" not in names
    assert "not an emergency service" in panel.message


def test_the_support_panel_for_an_unknown_country_shows_international_lines_and_folds_every_other(db):
    CrisisResourceFactory(active=False)
    panel = gateway.support_panel(member=MemberFactory(country=""))
    assert [r.country for r in panel.resources] == [""]
    folded = [r for group in panel.other_groups for r in group.resources]
    assert len(panel.resources) + len(folded) == CrisisResource.objects.filter(active=True).count()
    assert {r.phone for r in folded} >= {"988", "116 123", "13 11 14", "9-8-8"}


def test_admin_edits_to_resources_appear_in_the_panel(db):
    CrisisResourceFactory(country="NZ", name="Need to talk? 1737", phone="1737")
    panel = gateway.support_panel(member=MemberFactory(country="nz"))
    assert panel.resources[0].name == "Need to talk? 1737"


def test_every_moderation_model_has_an_admin_page_and_the_audit_log_is_read_only(client, admin_member):
    from moderation.models import AuditLogEntry as Entry

    client.force_login(admin_member)
    for model in (
        "reviewitem",
        "flag",
        "moderatoralert",
        "auditlogentry",
        "moderatornote",
        "sanction",
        "moderatorprofile",
        "crisisresource",
        "supportmessage",
        "detectorthreshold",
    ):
        assert client.get(reverse(f"admin:moderation_{model}_changelist")).status_code == 200, model
    assert client.get(reverse("admin:moderation_auditlogentry_add")).status_code == 403
    page = client.get(reverse("admin:moderation_detectorthreshold_changelist")).content.decode()
    assert "embeddings:" in page
    assert Entry.objects.count() == 0


def test_sanctions_are_lifted_from_the_admin_with_an_audit_entry_but_not_given_or_edited_there(
    client, admin_member, member, moderator, space
):
    member_silence(member=member, actor=moderator, days=3, reason="Cooling off")
    sanction = member.sanctions.get()
    client.force_login(admin_member)
    assert client.get(reverse("admin:moderation_sanction_add")).status_code == 403
    change = client.post(reverse("admin:moderation_sanction_change", args=[sanction.pk]), {"reason": "x"})
    assert change.status_code == 403
    url = reverse("admin:moderation_sanction_changelist")
    response = client.post(url, {"action": "lift_sanctions", "_selected_action": [sanction.pk]}, follow=True)
    assert "1 sanction(s) lifted" in response.content.decode()
    sanction.refresh_from_db()
    assert sanction.revoked_at is not None
    assert AuditLogEntry.objects.filter(action="revoke_sanction", actor=admin_member).count() == 1
    # The member can post again at once.
    assert gateway.posting_restriction(member=member, space=space, is_thread=False) is None


def test_review_items_and_notes_are_read_only_in_the_admin(client, admin_member, reply, moderator):
    from moderation.models import ReviewItem
    from moderation.services.notes import moderator_note_add
    from tests.moderation.factories import ReviewItemFactory

    item = ReviewItemFactory(post=reply, lane="safety", priority=1300)
    note = moderator_note_add(member=reply.author, actor=moderator, body="Gentle reminder sent.")
    client.force_login(admin_member)
    for model, pk in (("reviewitem", item.pk), ("moderatornote", note.pk)):
        assert client.get(reverse(f"admin:moderation_{model}_change", args=[pk])).status_code == 200, model
        delete = client.post(reverse(f"admin:moderation_{model}_delete", args=[pk]), {"post": "yes"})
        assert delete.status_code == 403, model
        assert client.get(reverse(f"admin:moderation_{model}_add")).status_code == 403, model
    # A safety item can't be removed or resolved from under the queue.
    assert ReviewItem.objects.get(pk=item.pk).status == item.status


def test_a_crisis_line_link_typed_without_a_scheme_is_saved_as_https(client, admin_member):
    client.force_login(admin_member)
    response = client.post(
        reverse("admin:moderation_crisisresource_add"),
        {"name": "Local line", "country": "NZ", "url": "example.org/help", "position": 0, "active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert CrisisResource.objects.get(name="Local line").url == "https://example.org/help"
