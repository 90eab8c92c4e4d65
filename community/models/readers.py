"""Gentle tools for readers: supportive reactions and muted words."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ReactionKind(models.TextChoices):
    """A small fixed set, all supportive: there is nothing to vote down."""

    HEAR_YOU = "hear_you", "I hear you"
    STRENGTH = "strength", "Sending strength"
    ME_TOO = "me_too", "Me too"


class Reaction(models.Model):
    """One member's supportive reaction to a post. The post's author is told in batches (``notified_at``)."""

    post = models.ForeignKey("community.Post", on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=20, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    # Empty until the batch that told the author ran (community.services.reactions.reactions_notify_pending).
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "member", "kind"], name="unique_reaction"),
        ]
        indexes = [
            # The thread page counts a page of posts' reactions: WHERE post_id IN (...) GROUP BY post, kind.
            models.Index(fields=["post", "kind"], name="reaction_post_kind"),
            models.Index(
                fields=["notified_at"], condition=Q(notified_at__isnull=True), name="reaction_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.member_id} on post {self.post_id}"


class MutedWord(models.Model):
    """A word or phrase one member would rather not come across: posts containing it are folded for them."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_words")
    word = models.CharField(max_length=60)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["word", "id"]
        constraints = [models.UniqueConstraint(fields=["member", "word"], name="unique_muted_word")]

    def __str__(self) -> str:
        return f"Muted word for member {self.member_id}"
