from django.db import models
from django.utils import timezone


class OutboundMessage(models.Model):
    """An email or webhook that must not be lost: written here first, delivered by Celery after commit.

    A periodic sweeper re-dispatches rows still pending, so an outage of Redis or SMTP delays a message
    but never drops it.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        WEBHOOK = "webhook", "Webhook"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        DEAD = "dead", "Failed after every retry"

    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    kind = models.CharField(max_length=40, help_text="What this is, e.g. crisis_alert, digest, reminder.")
    # Makes enqueueing idempotent: a retried producer finds the existing row instead of adding another.
    dedupe_key = models.CharField(max_length=200, unique=True)
    to = models.CharField(max_length=500, help_text="Email address or webhook URL.")
    subject = models.CharField(max_length=300, blank=True)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # A worker's claim: while in the future, no other worker or the sweeper touches the row.
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.status})"


class DeadLetter(models.Model):
    """A task or outbound message that failed after its last retry, kept for a person to look at.

    Listed in the admin ("Failed tasks"); a dead outbound message can be re-queued from there.
    """

    task_name = models.CharField(max_length=200)
    task_id = models.CharField(max_length=200, blank=True)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    traceback = models.TextField(blank=True)
    outbound_message = models.ForeignKey(
        OutboundMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="dead_letters"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True, help_text="Set when someone dealt with it.")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "failed task"

    def __str__(self) -> str:
        return f"{self.task_name} failed at {self.created_at:%Y-%m-%d %H:%M}"
