from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse


class Space(models.Model):
    """A topic area, such as "Attachment in therapy", with its own posting rules."""

    class ThreadStarters(models.TextChoices):
        MEMBERS = "members", "Any member"
        MODERATORS = "moderators", "Moderators only"

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    who_can_start_threads = models.CharField(
        max_length=20, choices=ThreadStarters.choices, default=ThreadStarters.MEMBERS
    )
    allow_guest_replies = models.BooleanField(
        default=False, help_text="People without an account may reply after confirming their email."
    )
    hold_new_member_posts = models.BooleanField(
        default=False, help_text="Posts by new members wait for a moderator before anyone sees them."
    )
    # "No post left alone": in a support space, an opening post nobody else has answered after
    # ``waiting_reply_hours`` is listed for members who offered to be peer supporters.
    is_support_space = models.BooleanField(
        default=False, help_text="Unanswered posts here are shown to peer supporters after a while."
    )
    waiting_reply_hours = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
        help_text="Hours without a reply from someone else before a post is shown to peer supporters.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:space", kwargs={"slug": self.slug})


class SpaceSubscription(models.Model):
    """A member follows a space: its new threads appear in their digest."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="space_follows"
    )
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "space"], name="unique_space_subscription")]

    def __str__(self) -> str:
        return f"{self.member} follows {self.space}"
