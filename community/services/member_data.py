"""A member's own data: a copy of everything Hearth holds about them, and erasing their account.

What is kept after erasure, and why, is written down in docs/privacy.md; :func:`member_erase` and
moderation's ``erase_member_moderation_records`` are that policy in code.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from community import moderation_port
from community.models import (
    DataExport,
    DigestFrequency,
    DigestLog,
    Member,
    MemberMute,
    MutedWord,
    Notification,
    OutboundMessage,
    Post,
    PostRevision,
    Reaction,
    ReminderLog,
    SpaceSubscription,
    Thread,
    ThreadSubscription,
)
from community.services.outbox import outbox_enqueue_email

EXPORT_SALT = "hearth.data-export"
FORMER_MEMBER = "A former member"
REMOVED_THREAD_TITLE = "Removed by its author"
# Exports waiting longer than this are dispatched again by the sweeper (the broker may have been down).
EXPORT_REDISPATCH_AFTER = timedelta(minutes=10)


def _site_url(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _can_act_for(member: Member, actor: Member) -> None:
    if actor.pk != member.pk and not actor.is_staff:
        raise PermissionDenied("Only the member themself or an admin can do this.")


# ------------------------------------------------------------------------------------------------------
# Export
# ------------------------------------------------------------------------------------------------------


def exports_for(*, member: Member):
    """A member's exports, newest first, without the archives (index dataexport_member_recent)."""
    return DataExport.objects.filter(member=member).defer("archive").order_by("-created_at", "-id")


def export_download_token(export: DataExport) -> str:
    return signing.dumps({"e": export.pk, "m": export.member_id}, salt=EXPORT_SALT, compress=True)


def export_from_token(token: str) -> DataExport | None:
    """The export a download link names, or None when the link is forged or older than its lifetime."""
    max_age = timedelta(days=settings.HEARTH_DATA_EXPORT_LINK_DAYS)
    try:
        data = signing.loads(token, salt=EXPORT_SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    if not isinstance(data, dict):
        return None
    return DataExport.objects.filter(
        pk=data.get("e"), member_id=data.get("m"), status=DataExport.Status.READY, member__erased_at=None
    ).first()


def export_is_downloadable(export: DataExport, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    lifetime = timedelta(days=settings.HEARTH_DATA_EXPORT_LINK_DAYS)
    return (
        export.status == DataExport.Status.READY
        and export.ready_at is not None
        and (export.ready_at + lifetime > now)
    )


def _dispatch_export(export_id: int) -> None:
    from community import tasks  # tasks import the services: resolved at call time

    tasks.dispatch(tasks.build_data_export, export_id)


@transaction.atomic
def member_export_request(*, member: Member, actor: Member) -> tuple[DataExport, bool]:
    """Ask for a copy of ``member``'s data (a row first; a task builds it). Returns (export, created).

    While one is being prepared, asking again returns that one: a double click builds one archive.
    """
    _can_act_for(member, actor)
    if member.erased_at is not None:
        raise ValidationError("This account has been deleted.")
    Member.objects.select_for_update().filter(pk=member.pk).first()  # serialises two clicks
    pending = member.data_exports.filter(status=DataExport.Status.PENDING).first()
    if pending is not None:
        return pending, False
    export = DataExport.objects.create(member=member, requested_by=None if actor.pk == member.pk else actor)
    transaction.on_commit(lambda: _dispatch_export(export.pk))
    return export, True


def member_data(*, member: Member) -> dict[str, object]:
    """Everything Hearth holds about ``member``, as JSON-ready data (a fixed number of queries)."""
    revisions = Prefetch("revisions", queryset=PostRevision.objects.order_by("created_at", "id"))
    posts = (
        Post.objects.filter(author=member)
        .select_related("thread")
        .prefetch_related(revisions)
        .order_by("created_at", "id")
    )
    notifications = (
        Notification.objects.filter(recipient=member)
        .select_related("actor", "thread")
        .order_by("created_at", "id")
    )
    return {
        "profile": {
            "id": member.pk,
            "email": member.email,
            "display_name": member.display_name,
            "bio": member.bio,
            "date_joined": member.date_joined.isoformat(),
            "last_login": member.last_login.isoformat() if member.last_login else None,
            "is_moderator": member.is_moderator,
            "email_addresses": list(
                EmailAddress.objects.filter(user=member).values("email", "verified", "primary")
            ),
        },
        "preferences": {
            "timezone": member.timezone,
            "country": member.country,
            "digest_frequency": member.digest_frequency,
            "unread_reminders": member.unread_reminders,
            "moderation_emails": member.moderation_emails,
            "break_until": member.break_until.isoformat() if member.break_until else None,
            "is_peer_supporter": member.is_peer_supporter,
            "muted_words": list(
                MutedWord.objects.filter(member=member).order_by("word").values_list("word", flat=True)
            ),
        },
        "reactions": [
            {"post": post_id, "kind": kind, "created_at": created_at.isoformat()}
            for post_id, kind, created_at in Reaction.objects.filter(member=member)
            .order_by("created_at", "id")
            .values_list("post_id", "kind", "created_at")
        ],
        "posts": [
            {
                "id": post.pk,
                "thread": {"id": post.thread_id, "title": post.thread.title},
                "parent": post.parent_id,
                "status": post.status,
                "created_at": post.created_at.isoformat(),
                "edited_at": post.edited_at.isoformat() if post.edited_at else None,
                "deleted_at": post.deleted_at.isoformat() if post.deleted_at else None,
                "body": post.body,
                # Every earlier version, oldest first; a moderator's edit keeps their note.
                "revisions": [
                    {
                        "body": revision.body,
                        "created_at": revision.created_at.isoformat(),
                        "edited_by_you": revision.edited_by_id == member.pk,
                        "note": revision.note,
                    }
                    for revision in post.revisions.all()
                ],
            }
            for post in posts
        ],
        "reports": moderation_port.member_reports(member_id=member.pk),
        "notifications": [
            {
                "kind": n.kind,
                "message": n.message,
                "from": n.actor.display_name if n.actor_id else None,
                "thread": n.thread.title if n.thread_id else None,
                "post": n.post_id,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
            for n in notifications
        ],
        "follows": {
            "threads": list(
                ThreadSubscription.objects.filter(member=member)
                .order_by("created_at", "id")
                .values("thread_id", "thread__title", "created_at")
            ),
            "spaces": list(
                SpaceSubscription.objects.filter(member=member)
                .order_by("id")
                .values("space__slug", "space__name")
            ),
            "muted_members": list(
                MemberMute.objects.filter(member=member)
                .order_by("created_at", "id")
                .values("muted__display_name")
            ),
        },
    }


README = """\
This is everything {site} holds about your account, as of {when}.

profile.json        your account and public profile
preferences.json    your settings, including a break you are taking and your muted words
reactions.json      the reactions you left on posts
posts.json          your posts, each with every earlier version
reports.json        the posts you reported to the moderators, with your notes
notifications.json  your in-site notifications
follows.json        the threads and spaces you follow and the members you muted

The files are JSON (https://www.json.org), readable in any text editor.
"""


def _archive(data: dict[str, object], *, when: datetime) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(site=settings.SITE_NAME, when=when.isoformat()))
        for name, value in data.items():
            archive.writestr(f"{name}.json", json.dumps(value, indent=2, ensure_ascii=False, default=str))
    return buffer.getvalue()


def member_export_build(*, export_id: int) -> bool:
    """Build the archive for a pending export and email its link; False when it was already built."""
    now = timezone.now()
    with transaction.atomic():
        export = DataExport.objects.select_for_update().select_related("member").filter(pk=export_id).first()
        if export is None or export.status != DataExport.Status.PENDING:
            return False
        member = export.member
        if member.erased_at is not None:
            export.status = DataExport.Status.FAILED
            export.save(update_fields=["status"])
            return False
        archive = _archive(member_data(member=member), when=now)
        export.archive = archive
        export.size = len(archive)
        export.status = DataExport.Status.READY
        export.ready_at = now
        export.save(update_fields=["archive", "size", "status", "ready_at"])
        token = export_download_token(export)
        link = _site_url(reverse("community:data_export_download", kwargs={"token": token}))
        outbox_enqueue_email(
            template="data_export_ready",
            context={
                "member": member,
                "link": link,
                "days": settings.HEARTH_DATA_EXPORT_LINK_DAYS,
                "by_admin": export.requested_by_id is not None,
                "data_url": _site_url(reverse("community:account_data")),
            },
            kind="data_export",
            to=member.email,
            dedupe_key=f"data-export:{export.pk}",
        )
    return True


def exports_redispatch(*, now: datetime | None = None) -> int:
    """Dispatch again the exports still pending after a while (their first message may be lost)."""
    now = now or timezone.now()
    ids = list(
        DataExport.objects.filter(
            status=DataExport.Status.PENDING, created_at__lte=now - EXPORT_REDISPATCH_AFTER
        ).values_list("id", flat=True)[:100]
    )
    for export_id in ids:
        _dispatch_export(export_id)
    return len(ids)


# ------------------------------------------------------------------------------------------------------
# Deletion
# ------------------------------------------------------------------------------------------------------


def deletion_due_at(member: Member) -> datetime | None:
    if member.deletion_requested_at is None:
        return None
    return member.deletion_requested_at + timedelta(days=settings.HEARTH_ACCOUNT_DELETION_GRACE_DAYS)


@transaction.atomic
def member_deletion_request(
    *, member: Member, actor: Member, keep_posts: bool, password: str = "", now: datetime | None = None
) -> bool:
    """Schedule ``member``'s account for erasure after the grace period; False if it already was.

    The member confirms with their password (an admin acting on an emailed request does not). Their
    choice about their posts can be changed by asking again.
    """
    _can_act_for(member, actor)
    if member.erased_at is not None:
        raise ValidationError("This account has already been deleted.")
    if actor.pk == member.pk and not member.check_password(password or ""):
        raise ValidationError({"password": "That password doesn't match this account. Please try again."})
    keep_posts = bool(keep_posts)
    if member.deletion_requested_at is not None:
        if member.deletion_keeps_posts != keep_posts:
            member.deletion_keeps_posts = keep_posts
            member.save(update_fields=["deletion_keeps_posts"])
        return False
    member.deletion_requested_at = now or timezone.now()
    member.deletion_keeps_posts = keep_posts
    member.save(update_fields=["deletion_requested_at", "deletion_keeps_posts"])
    outbox_enqueue_email(
        template="account_deletion_scheduled",
        context={
            "member": member,
            "due_at": deletion_due_at(member),
            "keep_posts": keep_posts,
            "login_url": _site_url(reverse("account_login")),
        },
        kind="account_deletion",
        to=member.email,
        dedupe_key=f"account-deletion:{member.pk}:{member.deletion_requested_at.timestamp():.0f}",
    )
    return True


@transaction.atomic
def member_deletion_cancel(*, member: Member, actor: Member) -> bool:
    """Keep the account after all (signing in does this); False when no deletion was scheduled."""
    _can_act_for(member, actor)
    updated = Member.objects.filter(
        pk=member.pk, deletion_requested_at__isnull=False, erased_at__isnull=True
    ).update(deletion_requested_at=None)
    member.deletion_requested_at = None
    return bool(updated)


@transaction.atomic
def member_erase(*, member_id: int, actor: Member | None = None, keep_posts: bool | None = None) -> bool:
    """Erase a member's identity for good; False when already erased. See docs/privacy.md.

    Their email, name, profile and settings go; their posts are removed (the text, keeping each reply's
    place so the tree keeps its shape) or kept as by "a former member", as they chose (``keep_posts``
    overrides for an admin acting on a request). The row stays, anonymised and unable to sign in,
    because replies and moderation records point at it.
    """
    member = Member.objects.select_for_update().filter(pk=member_id).first()
    if member is None or member.erased_at is not None:
        return False
    if actor is not None:
        _can_act_for(member, actor)
    now = timezone.now()
    keep = member.deletion_keeps_posts if keep_posts is None else keep_posts
    post_ids = list(Post.objects.filter(author_id=member.pk).values_list("id", flat=True))
    if not keep:
        Post.objects.filter(pk__in=post_ids, deleted_at__isnull=True).update(deleted_at=now)
        Post.objects.filter(pk__in=post_ids).update(body="", body_html="")
        PostRevision.objects.filter(post_id__in=post_ids).delete()
        opened = Thread.objects.filter(posts__in=post_ids, posts__parent__isnull=True)
        opened.update(title=REMOVED_THREAD_TITLE)
    moderation_port.erase_member_moderation_records(
        member_id=member.pk, post_ids=post_ids, posts_removed=not keep
    )
    Notification.objects.filter(recipient=member).delete()
    for model in (ThreadSubscription, SpaceSubscription, DigestLog, ReminderLog, DataExport):
        model.objects.filter(member=member).delete()
    MemberMute.objects.filter(member=member).delete()
    MemberMute.objects.filter(muted=member).delete()
    # A reaction's author is shown to the post's author ("who responded"), so it goes with the identity.
    Reaction.objects.filter(member=member).delete()
    MutedWord.objects.filter(member=member).delete()
    EmailAddress.objects.filter(user=member).delete()
    Token.objects.filter(user=member).delete()
    # Emails to them that are still waiting (or kept as a delivery record) carry their address and name.
    OutboundMessage.objects.filter(to__iexact=member.email).delete()
    member.email = f"erased-{member.pk}@invalid.invalid"
    member.display_name = FORMER_MEMBER
    member.bio = ""
    member.country = ""
    member.timezone = "UTC"
    member.digest_frequency = DigestFrequency.OFF
    member.unread_reminders = False
    member.break_until = None
    member.is_peer_supporter = False
    member.is_active = False
    member.is_moderator = False
    member.is_staff = False
    member.is_superuser = False
    member.last_login = None
    member.deletion_requested_at = None
    member.deletion_keeps_posts = keep
    member.erased_at = now
    member.set_unusable_password()  # also ends every session: the session hash no longer matches
    member.save()
    return True


def members_erase_due(*, now: datetime | None = None) -> int:
    """Erase every member whose grace period has ended (each in its own transaction)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.HEARTH_ACCOUNT_DELETION_GRACE_DAYS)
    ids = list(
        Member.objects.filter(
            deletion_requested_at__isnull=False, deletion_requested_at__lte=cutoff, erased_at__isnull=True
        ).values_list("id", flat=True)
    )
    return sum(member_erase(member_id=member_id) for member_id in ids)


def cancel_deletion_on_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: a member who signs in during the grace period keeps their account."""
    if getattr(user, "deletion_requested_at", None) is None:
        return
    if member_deletion_cancel(member=user, actor=user) and request is not None:
        message = "Welcome back. Your account won't be deleted: signing in cancelled that."
        messages.info(request, message, fail_silently=True)
