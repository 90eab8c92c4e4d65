"""Community data: members, spaces, threads, posts, subscriptions, notifications, outbox and digests.

Split by concept so that each module stays small; import models from ``community.models``.
"""

from .digests import DigestLog, ReminderLog
from .members import DataExport, DigestFrequency, Member, MemberMute
from .notifications import Notification
from .outbox import DeadLetter, OutboundMessage
from .readers import MutedWord, Reaction, ReactionKind
from .spaces import Space, SpaceSubscription
from .threads import GuestAuthor, Post, PostRevision, Thread, ThreadSubscription

__all__ = [
    "DataExport",
    "DeadLetter",
    "DigestFrequency",
    "DigestLog",
    "GuestAuthor",
    "Member",
    "MemberMute",
    "MutedWord",
    "Notification",
    "OutboundMessage",
    "Post",
    "PostRevision",
    "Reaction",
    "ReactionKind",
    "ReminderLog",
    "Space",
    "SpaceSubscription",
    "Thread",
    "ThreadSubscription",
]
