"""Moderator views of items, flags, history, notes, sanctions and the audit log.

Emails: members appear through ``MemberSummarySerializer``, which shows an email only to staff.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from community.api.serializers import MemberSummarySerializer, PostSerializer
from moderation.models import (
    Appeal,
    AuditLogEntry,
    Flag,
    Lane,
    ModerationNotice,
    ModeratorNote,
    ReviewItem,
    Sanction,
)
from moderation.services.appeals import APPEAL_NOTE_MAX
from moderation.services.notices import notice_message
from moderation.services.queue import claim_is_live
from moderation.services.reports import REPORT_REASONS


def _member(serializer: serializers.Serializer, member) -> dict[str, Any] | None:
    if member is None:
        return None
    return MemberSummarySerializer(member, context=serializer.context).data


class FlagSerializer(serializers.ModelSerializer):
    reporter = serializers.SerializerMethodField()
    evidence = serializers.ListField(child=serializers.CharField(), help_text="Quoted phrases that matched.")

    class Meta:
        model = Flag
        fields = [
            "id",
            "source",
            "category",
            "severity",
            "score",
            "evidence",
            "detector",
            "subtype",
            "reporter",
            "note",
            "is_edit",
            "dismissed_at",
            "created_at",
        ]

    @extend_schema_field(MemberSummarySerializer(allow_null=True))
    def get_reporter(self, flag: Flag):
        return _member(self, flag.reporter) if flag.reporter_id else None


class ThreadRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    space = serializers.CharField(help_text="The space's slug.")
    is_closed = serializers.BooleanField()


class ReviewItemSerializer(serializers.ModelSerializer):
    """A queue row: the item, its post (full text, whatever its status) and its live flags."""

    post = serializers.SerializerMethodField()
    thread = serializers.SerializerMethodField()
    claimed_by = serializers.SerializerMethodField()
    claim_is_live = serializers.SerializerMethodField()
    flags = serializers.SerializerMethodField()

    class Meta:
        model = ReviewItem
        fields = [
            "id",
            "lane",
            "status",
            "priority",
            "resolution",
            "created_at",
            "updated_at",
            "claimed_by",
            "claimed_at",
            "claim_is_live",
            "first_human_action_at",
            "resolved_at",
            "escalation_level",
            "thread",
            "post",
            "flags",
        ]

    @extend_schema_field(PostSerializer)
    def get_post(self, item: ReviewItem):
        return PostSerializer(item.post, context=self.context).data

    @extend_schema_field(ThreadRefSerializer)
    def get_thread(self, item: ReviewItem):
        thread = item.post.thread
        return {
            "id": thread.pk,
            "title": thread.title,
            "space": thread.space.slug,
            "is_closed": thread.is_closed,
        }

    @extend_schema_field(MemberSummarySerializer(allow_null=True))
    def get_claimed_by(self, item: ReviewItem):
        return _member(self, item.claimed_by) if item.claimed_by_id else None

    def get_claim_is_live(self, item: ReviewItem) -> bool:
        return claim_is_live(item)

    @extend_schema_field(FlagSerializer(many=True))
    def get_flags(self, item: ReviewItem):
        flags = getattr(item, "live_flags", None)
        if flags is None:
            flags = self.context.get("flags", [])
        return FlagSerializer(flags, many=True, context=self.context).data


class RevisionSerializer(serializers.Serializer):
    body = serializers.CharField()
    edited_by = MemberSummarySerializer(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    target_member = serializers.IntegerField(
        source="target_member_id", allow_null=True, help_text="Id of the member acted upon."
    )

    class Meta:
        model = AuditLogEntry
        fields = [
            "id",
            "action",
            "actor",
            "target_member",
            "target_post",
            "item",
            "reason",
            "before",
            "after",
            "created_at",
        ]

    @extend_schema_field(MemberSummarySerializer(allow_null=True))
    def get_actor(self, entry: AuditLogEntry):
        return _member(self, entry.actor) if entry.actor_id else None


class SanctionSerializer(serializers.ModelSerializer):
    created_by = serializers.SerializerMethodField()
    is_active = serializers.SerializerMethodField()

    class Meta:
        model = Sanction
        fields = [
            "id",
            "member",
            "kind",
            "reason",
            "starts_at",
            "ends_at",
            "revoked_at",
            "is_active",
            "created_by",
            "created_at",
        ]

    @extend_schema_field(MemberSummarySerializer(allow_null=True))
    def get_created_by(self, sanction: Sanction):
        return _member(self, sanction.created_by) if sanction.created_by_id else None

    def get_is_active(self, sanction: Sanction) -> bool:
        return sanction.is_active()


class NoteSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = ModeratorNote
        fields = ["id", "member", "author", "body", "created_at"]

    @extend_schema_field(MemberSummarySerializer(allow_null=True))
    def get_author(self, note: ModeratorNote):
        return _member(self, note.author) if note.author_id else None


class ItemDetailSerializer(serializers.Serializer):
    item = ReviewItemSerializer()
    revisions = RevisionSerializer(many=True, help_text="Earlier text of the post, newest first.")
    audit = AuditEntrySerializer(many=True, help_text="What moderators did about this item or post.")
    author_sanctions = SanctionSerializer(many=True)
    author_notes = NoteSerializer(many=True)
    author_open_items = serializers.IntegerField()


class LaneCountsSerializer(serializers.Serializer):
    safety = serializers.IntegerField()
    reported = serializers.IntegerField()
    held = serializers.IntegerField()
    off_topic = serializers.IntegerField()


class MemberRecordSerializer(serializers.Serializer):
    member = MemberSummarySerializer()
    sanctions = SanctionSerializer(many=True)
    notes = NoteSerializer(many=True)
    audit = AuditEntrySerializer(many=True)
    recent_posts = PostSerializer(many=True)


# -- requests ----------------------------------------------------------------------------------------------
class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class NoteRequiredSerializer(serializers.Serializer):
    note = serializers.CharField(
        allow_blank=True, max_length=2000, help_text="What you did, for the next moderator."
    )


class EditRequestSerializer(serializers.Serializer):
    body = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text="The new text (Markdown)."
    )
    note = serializers.CharField(allow_blank=True, max_length=500, help_text="Why; the author sees it.")


class WarnRequestSerializer(serializers.Serializer):
    message = serializers.CharField(allow_blank=True, max_length=2000, help_text="What the author will read.")


class SanctionRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[Sanction.Kind.SILENCE.value, Sanction.Kind.SUSPENSION.value])
    days = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=3650,
        help_text="Length in days. Required for a silence; omit for a suspension until lifted.",
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    def validate(self, attrs):
        if attrs["kind"] == Sanction.Kind.SILENCE and not attrs.get("days"):
            raise serializers.ValidationError({"days": ["Please choose how many days the silence lasts."]})
        return attrs


class ItemSanctionRequestSerializer(serializers.Serializer):
    days = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=3650)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class NoteCreateSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, max_length=4000)


class ActionResultSerializer(serializers.Serializer):
    changed = serializers.BooleanField(help_text="False when the item was already in that state.")
    item = ReviewItemSerializer()


class ClaimResultSerializer(ActionResultSerializer):
    pass


class SanctionResultSerializer(serializers.Serializer):
    changed = serializers.BooleanField(
        help_text="False when an equal or longer sanction is already in force."
    )
    sanctions = SanctionSerializer(many=True)


LANES = [lane.value for lane in Lane]


# -- a member's report (POST /api/v1/posts/{id}/report/) ----------------------------------------------
class ReportSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=list(REPORT_REASONS))
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class ReportResultSerializer(serializers.Serializer):
    created = serializers.BooleanField(help_text="False when you had already reported this post.")
    message = serializers.CharField()


# -- told why and appeals (issue 14) -------------------------------------------------------------------------
def _appeal_of(notice: ModerationNotice) -> Appeal | None:
    # Selectors load the reverse one-to-one with select_related, so a missing appeal costs no query.
    try:
        return notice.appeal
    except Appeal.DoesNotExist:
        return None


class NoticePostSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    thread = serializers.IntegerField(source="thread_id")
    thread_title = serializers.CharField(source="thread.title")
    status = serializers.CharField()
    is_deleted = serializers.BooleanField()


class MemberAppealSerializer(serializers.ModelSerializer):
    """An appeal as its member sees it (who decided stays with the moderators)."""

    class Meta:
        model = Appeal
        fields = ["id", "status", "note", "created_at", "decided_at", "outcome_note"]


class NoticeSerializer(serializers.ModelSerializer):
    """What a member was told about one action on their post or account."""

    action_label = serializers.CharField(source="get_action_display")
    post = serializers.SerializerMethodField()
    sanction_ends_at = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField(help_text="The whole text the member reads.")
    appeal = serializers.SerializerMethodField()
    can_appeal = serializers.SerializerMethodField(
        help_text="True until they appeal once, unless the action was already undone."
    )

    class Meta:
        model = ModerationNotice
        fields = [
            "id",
            "action",
            "action_label",
            "post",
            "sanction_ends_at",
            "reason_text",
            "signature",
            "message",
            "created_at",
            "reversed_at",
            "appeal",
            "can_appeal",
        ]

    @extend_schema_field(NoticePostSerializer(allow_null=True))
    def get_post(self, notice: ModerationNotice):
        return NoticePostSerializer(notice.post).data if notice.post_id else None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_sanction_ends_at(self, notice: ModerationNotice):
        if notice.sanction_id is None or notice.sanction.ends_at is None:
            return None
        return serializers.DateTimeField().to_representation(notice.sanction.ends_at)

    @extend_schema_field(serializers.CharField())
    def get_message(self, notice: ModerationNotice) -> str:
        return notice_message(notice)

    @extend_schema_field(MemberAppealSerializer(allow_null=True))
    def get_appeal(self, notice: ModerationNotice):
        appeal = _appeal_of(notice)
        return MemberAppealSerializer(appeal).data if appeal is not None else None

    @extend_schema_field(serializers.BooleanField())
    def get_can_appeal(self, notice: ModerationNotice) -> bool:
        return _appeal_of(notice) is None and notice.reversed_at is None


class AppealCreateSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=APPEAL_NOTE_MAX, help_text="Why you'd like another look, in your own words."
    )


class ModeratorNoticeSerializer(NoticeSerializer):
    actor = serializers.SerializerMethodField(help_text="The moderator who acted.")

    class Meta(NoticeSerializer.Meta):
        fields = [*NoticeSerializer.Meta.fields, "actor", "extra"]

    @extend_schema_field(MemberSummarySerializer(allow_null=True))
    def get_actor(self, notice: ModerationNotice):
        return _member(self, notice.actor) if notice.actor_id else None


class AppealSerializer(serializers.ModelSerializer):
    """An appeal as moderators see it: the member's note, the original notice and who decides."""

    member = serializers.SerializerMethodField()
    assigned_to = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()
    notice = serializers.SerializerMethodField()

    class Meta:
        model = Appeal
        fields = [
            "id",
            "status",
            "note",
            "member",
            "assigned_to",
            "created_at",
            "decided_at",
            "decided_by",
            "outcome_note",
            "notice",
        ]

    @extend_schema_field(MemberSummarySerializer())
    def get_member(self, appeal: Appeal):
        return _member(self, appeal.member)

    @extend_schema_field(MemberSummarySerializer(allow_null=True))
    def get_assigned_to(self, appeal: Appeal):
        return _member(self, appeal.assigned_to) if appeal.assigned_to_id else None

    @extend_schema_field(MemberSummarySerializer(allow_null=True))
    def get_decided_by(self, appeal: Appeal):
        return _member(self, appeal.decided_by) if appeal.decided_by_id else None

    @extend_schema_field(ModeratorNoticeSerializer())
    def get_notice(self, appeal: Appeal):
        notice = appeal.notice
        # The notice's appeal is this one; set it so the nested serializer does not query for it.
        notice.appeal = appeal
        return ModeratorNoticeSerializer(notice, context=self.context).data


class AppealDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=["uphold", "reverse"], help_text="uphold keeps the decision; reverse undoes the action."
    )
    note = serializers.CharField(
        max_length=APPEAL_NOTE_MAX, help_text="Required. The member reads it with the outcome."
    )
