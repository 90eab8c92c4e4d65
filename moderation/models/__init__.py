"""Moderation data: the review queue, flags, alerts, audit log, sanctions, notes and support resources.

Split by concept; import models from ``moderation.models``.
"""

from .audit import AuditAction, AuditLogEntry
from .clusters import CrisisCluster
from .decisions import DecisionLabel
from .followup import FollowUp
from .notices import Appeal, ModerationNotice, ModerationReason
from .people import ModeratorNote, ModeratorProfile, Sanction
from .queue import Flag, Lane, ModeratorAlert, ReviewItem, SlowScreeningRequest
from .support import CarePage, CrisisResource, DetectorThreshold, SupportMessage

__all__ = [
    "Appeal",
    "AuditAction",
    "AuditLogEntry",
    "CarePage",
    "CrisisCluster",
    "CrisisResource",
    "DecisionLabel",
    "DetectorThreshold",
    "Flag",
    "FollowUp",
    "Lane",
    "ModerationNotice",
    "ModerationReason",
    "ModeratorAlert",
    "ModeratorNote",
    "ModeratorProfile",
    "ReviewItem",
    "SlowScreeningRequest",
    "Sanction",
    "SupportMessage",
]
