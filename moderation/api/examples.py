"""OpenAPI examples for the moderator endpoints (shown in Swagger UI at /api/docs/)."""

from drf_spectacular.utils import OpenApiExample

MEMBER = {"id": 8, "display_name": "river"}
MODERATOR = {"id": 2, "display_name": "Rowan (moderator)"}
FLAG = {
    "id": 31,
    "source": "member",
    "category": "harassment",
    "severity": "",
    "score": None,
    "evidence": [],
    "detector": "",
    "subtype": "",
    "reporter": {"id": 12, "display_name": "maple"},
    "note": "This felt unkind.",
    "is_edit": False,
    "dismissed_at": None,
    "created_at": "2026-11-21T18:05:00Z",
}
DETECTOR_FLAG = FLAG | {
    "id": 30,
    "source": "detector",
    "category": "crisis",
    "severity": "medium",
    "score": 0.82,
    "evidence": ["I can't keep doing this"],
    "detector": "crisis_lexicon",
    "subtype": "passive_ideation",
    "reporter": None,
    "note": "",
}
POST = {
    "id": 101,
    "thread": 42,
    "parent": 100,
    "depth": 1,
    "author": {"kind": "member"} | MEMBER,
    "status": "published",
    "is_off_topic": False,
    "is_deleted": False,
    "is_visible": True,
    "notice": None,
    "body": "Honestly, nobody cares what you think.",
    "body_html": "<p>Honestly, nobody cares what you think.</p>\n",
    "created_at": "2026-11-21T18:02:11Z",
    "edited_at": None,
    "can_edit": True,
    "moderation": {"hold_reason": "", "is_sensitive": False},
}
ITEM = {
    "id": 7,
    "lane": "reported",
    "status": "open",
    "priority": 220,
    "resolution": "",
    "created_at": "2026-11-21T18:05:00Z",
    "updated_at": "2026-11-21T18:05:00Z",
    "claimed_by": None,
    "claimed_at": None,
    "claim_is_live": False,
    "first_human_action_at": None,
    "resolved_at": None,
    "escalation_level": 0,
    "thread": {
        "id": 42,
        "title": "Is it normal to miss my therapist?",
        "space": "attachment",
        "is_closed": False,
    },
    "post": POST,
    "flags": [FLAG],
}
SANCTION = {
    "id": 3,
    "member": 8,
    "kind": "silence",
    "reason": "Repeated unkind replies.",
    "starts_at": "2026-11-21T18:20:00Z",
    "ends_at": "2026-11-24T18:20:00Z",
    "revoked_at": None,
    "is_active": True,
    "created_by": MODERATOR,
    "created_at": "2026-11-21T18:20:00Z",
}
NOTE = {
    "id": 4,
    "member": 8,
    "author": MODERATOR,
    "body": "Warned once in November; responded well.",
    "created_at": "2026-11-21T18:25:00Z",
}
AUDIT = {
    "id": 55,
    "action": "hide",
    "actor": MODERATOR,
    "target_member": 8,
    "target_post": 101,
    "item": 7,
    "reason": "Unkind.",
    "before": {"item": {"status": "open"}, "post": {"status": "published"}},
    "after": {"item": {"status": "resolved"}, "post": {"status": "hidden"}},
    "created_at": "2026-11-21T18:21:00Z",
}
REVISION = {
    "body": "Honestly, nobody cares what you think, idiot.",
    "edited_by": MODERATOR,
    "note": "Removed a personal attack.",
    "created_at": "2026-11-21T18:15:00Z",
}

ITEM_IN_PAGE = OpenApiExample("An item in a page", value=ITEM, response_only=True)
ITEM_DETAIL = OpenApiExample(
    "Item with history",
    value={
        "item": ITEM | {"flags": [DETECTOR_FLAG, FLAG]},
        "revisions": [REVISION],
        "audit": [AUDIT | {"action": "edit", "reason": "Removed a personal attack."}],
        "author_sanctions": [SANCTION],
        "author_notes": [NOTE],
        "author_open_items": 1,
    },
    response_only=True,
)
CLAIMED = OpenApiExample(
    "Claimed",
    value={
        "changed": True,
        "item": ITEM | {"claimed_by": MODERATOR, "claimed_at": "2026-11-21T18:10:00Z", "claim_is_live": True},
    },
    response_only=True,
    status_codes=["200"],
)
RELEASED = OpenApiExample("Released", value={"changed": True, "item": ITEM}, response_only=True)
MEMBER_RECORD = OpenApiExample(
    "Record",
    value={
        "member": MEMBER,
        "sanctions": [SANCTION],
        "notes": [NOTE],
        "audit": [AUDIT],
        "recent_posts": [POST],
    },
    response_only=True,
)
NOTE_IN_PAGE = OpenApiExample("A note", value=NOTE, response_only=True, status_codes=["200", "201"])
SANCTION_IN_PAGE = OpenApiExample("A sanction", value=SANCTION, response_only=True)
SANCTIONS_RESULT = OpenApiExample(
    "Sanctions now", value={"changed": True, "sanctions": [SANCTION]}, response_only=True
)
REVOKED = OpenApiExample(
    "Lifted",
    value={
        "changed": True,
        "sanctions": [SANCTION | {"revoked_at": "2026-11-22T09:00:00Z", "is_active": False}],
    },
    response_only=True,
)
REVOKE_REQUEST = OpenApiExample("Reason", value={"reason": "Appeal accepted."}, request_only=True)
AUDIT_IN_PAGE = OpenApiExample("An entry in a page", value=AUDIT, response_only=True)

# Per item action: (request example, item state after it).
ACTION_EXAMPLES = {
    "approve": ({"reason": "Blunt, but not unkind."}, {"status": "resolved", "resolution": "approved"}),
    "off-topic": (
        {"reason": "Belongs in the general space."},
        {"status": "resolved", "resolution": "off_topic"},
    ),
    "hide": ({"reason": "Personal attack."}, {"status": "resolved", "resolution": "hidden"}),
    "delete": ({"reason": "Spam link."}, {"status": "resolved", "resolution": "deleted"}),
    "reached-out": (
        {"note": "Sent a private message with the crisis lines; they replied and are safe tonight."},
        {"status": "resolved", "resolution": "reached_out", "lane": "safety"},
    ),
    "escalated": (
        {"note": "Called the emergency contact on file at 18:40."},
        {"status": "resolved", "resolution": "escalated", "lane": "safety"},
    ),
    "edit": ({"body": "Honestly, I disagree.", "note": "Removed a personal attack."}, {}),
    "lock-thread": ({"reason": "This conversation has become heated."}, {}),
    "warn": ({"message": "Please keep replies gentle; people here are struggling."}, {}),
    "silence": ({"days": 3, "reason": "Repeated unkind replies."}, {}),
    "suspend": ({"days": 14, "reason": "Harassment after a warning."}, {}),
}


def action_examples(slug: str) -> list[OpenApiExample]:
    request, after = ACTION_EXAMPLES[slug]
    return [
        OpenApiExample("Request", value=request, request_only=True),
        OpenApiExample("Done", value={"changed": True, "item": ITEM | after}, response_only=True),
    ]


# -- told why and appeals (issue 14) -------------------------------------------------------------------------
NOTICE = {
    "id": 14,
    "action": "hidden",
    "action_label": "Hidden",
    "post": {
        "id": 101,
        "thread": 42,
        "thread_title": "Is it normal to miss my therapist between sessions?",
        "status": "hidden",
        "is_deleted": False,
    },
    "sanction_ends_at": None,
    "reason_text": "Your reply shared someone's personal details. We keep those private to keep people safe.",
    "signature": "the moderation team",
    "message": (
        "A moderator has hidden your reply in \u201cIs it normal to miss my therapist between "
        "sessions?\u201d. Other people can't see it now; you still can.\n\nWhy: ..."
        "\n\n\u2014 the moderation team"
    ),
    "created_at": "2026-11-21T18:20:00Z",
    "reversed_at": None,
    "appeal": None,
    "can_appeal": True,
}
MEMBER_APPEAL = {
    "id": 3,
    "status": "open",
    "note": "That was my own phone number, shared on purpose so my friend could call me.",
    "created_at": "2026-11-21T19:00:00Z",
    "decided_at": None,
    "outcome_note": "",
}
NOTICE_IN_PAGE = OpenApiExample(
    "A page of notices", value={"next": None, "results": [NOTICE]}, response_only=True
)
NOTICE_DETAIL = OpenApiExample("A notice", value=NOTICE, response_only=True)
APPEAL_REQUEST = OpenApiExample("Appeal", value={"note": MEMBER_APPEAL["note"]}, request_only=True)
APPEALED = OpenApiExample(
    "Appealed",
    value=NOTICE | {"appeal": MEMBER_APPEAL, "can_appeal": False},
    response_only=True,
    status_codes=["201"],
)
ALREADY_APPEALED = OpenApiExample(
    "Already appealed",
    value={
        "error": {
            "code": "already_appealed",
            "message": "You've already asked for another look at this. A moderator will answer you here.",
            "fields": {},
        }
    },
    response_only=True,
    status_codes=["409"],
)
APPEAL = MEMBER_APPEAL | {
    "member": MEMBER,
    "assigned_to": {"id": 5, "display_name": "Sam (moderator)"},
    "decided_by": None,
    "notice": NOTICE | {"appeal": MEMBER_APPEAL, "can_appeal": False, "actor": MODERATOR, "extra": ""},
}
APPEAL_IN_PAGE = OpenApiExample(
    "A page of appeals", value={"next": None, "results": [APPEAL]}, response_only=True
)
APPEAL_DETAIL = OpenApiExample("An appeal", value=APPEAL, response_only=True)
DECIDE_REQUEST = OpenApiExample(
    "Reverse",
    value={"decision": "reverse", "note": "You're right, it was your own number. The reply is back."},
    request_only=True,
)
DECIDED = OpenApiExample(
    "Reversed",
    value=APPEAL
    | {
        "status": "reversed",
        "decided_at": "2026-11-21T20:00:00Z",
        "decided_by": {"id": 5, "display_name": "Sam (moderator)"},
        "outcome_note": "You're right, it was your own number. The reply is back.",
    },
    response_only=True,
)
ALREADY_DECIDED = OpenApiExample(
    "Already decided",
    value={"error": {"code": "already_decided", "message": "This appeal was already decided.", "fields": {}}},
    response_only=True,
    status_codes=["409"],
)
