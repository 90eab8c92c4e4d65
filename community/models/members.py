import zoneinfo

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a time zone we know. Try a name like Europe/London.")


class DigestFrequency(models.TextChoices):
    OFF = "off", "Never"
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


class MemberManager(UserManager):
    """Email is the login; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email)
        extra_fields.setdefault("display_name", email.split("@")[0][:50])
        member = self.model(email=email, **extra_fields)
        member.set_password(password)
        member.save(using=self._db)
        return member

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("is_moderator", True)
        return self._create_user(email, password, **extra_fields)


class Member(AbstractUser):
    """A person with an account. The email is private; everyone else sees only ``display_name``."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(
        max_length=50, help_text="The name other members see. Pseudonyms are welcome."
    )
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    country = models.CharField(
        max_length=2, blank=True, help_text="ISO country code, used to show the right crisis lines."
    )
    digest_frequency = models.CharField(
        max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY
    )
    unread_reminders = models.BooleanField(
        default=True, help_text="Email me when replies to me stay unread for a day."
    )
    moderation_emails = models.BooleanField(
        default=True,
        help_text="Email me when a moderator acts on my post or account, and about my appeals.",
    )
    bio = models.TextField(blank=True, max_length=1000)
    is_moderator = models.BooleanField(default=False, help_text="Can see and act on the review queue.")
    # Take a break: no notifications, digests or reminders until this time (None: not on a break).
    break_until = models.DateTimeField(null=True, blank=True)
    is_peer_supporter = models.BooleanField(
        default=False, help_text="Shown posts in support spaces that are still waiting for a reply."
    )
    # Account deletion (docs/privacy.md): asked for at this time, carried out after the grace period
    # unless the member signs in again; erased_at marks a row kept only so the reply tree keeps its shape.
    deletion_requested_at = models.DateTimeField(null=True, blank=True)
    deletion_keeps_posts = models.BooleanField(
        default=False, help_text='Keep their posts, shown as by "a former member", instead of removing them.'
    )
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = MemberManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.display_name or f"Member {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("community:member", kwargs={"member_id": self.pk})

    @property
    def can_moderate(self) -> bool:
        return self.is_active and (self.is_moderator or self.is_staff)

    def is_on_break(self, now=None) -> bool:
        return self.break_until is not None and self.break_until > (now or timezone.now())


class MemberMute(models.Model):
    """``member`` no longer sees notifications or digest lines caused by ``muted``."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="mutes")
    muted = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="muted_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "muted"], name="unique_member_mute"),
            models.CheckConstraint(condition=~models.Q(member=models.F("muted")), name="mute_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.member} muted {self.muted}"


class DataExport(models.Model):
    """A member's copy of everything Hearth holds about them: a row first, then a zip built by a task.

    The archive lives in the row (it is small: text only) and is fetched through a signed link that
    expires; ``requested_by`` is the admin who ran it on the member's behalf, if any.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be prepared"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="data_exports")
    requested_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    archive = models.BinaryField(null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "-created_at"], name="dataexport_member_recent")]

    def __str__(self) -> str:
        return f"Data export {self.pk} for member {self.member_id} ({self.status})"
