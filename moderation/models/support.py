from django.db import models


class CrisisResource(models.Model):
    """A helpline shown in the support panel. ``country`` empty means it is shown to everyone."""

    country = models.CharField(
        max_length=2, blank=True, help_text="ISO code, e.g. US; empty for international."
    )
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    text = models.CharField(max_length=80, blank=True, help_text="How to reach them by text message.")
    url = models.URLField(blank=True)
    hours = models.CharField(
        "opening hours",
        max_length=120,
        blank=True,
        help_text="As people should read it, e.g. \"Any time, day or night\" or \"Mon–Fri 9am–5pm\".",
    )
    last_checked = models.DateField(
        null=True,
        blank=True,
        help_text="When someone last confirmed the number, hours and link still work. "
        "Admins are reminded when a line has not been checked for a while.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["country", "position", "name"]
        indexes = [models.Index(fields=["active", "country", "position"], name="crisis_resource_lookup")]

    def __str__(self) -> str:
        return f"{self.name} ({self.country or 'international'})"


class SupportMessage(models.Model):
    """The words above the helplines. One row is used (the first); edit it in the admin."""

    heading = models.CharField(max_length=200)
    message = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.heading


class CarePage(models.Model):
    """The public page "How we look after people here". One row is used (the first); edit it in the admin.

    ``body`` is Markdown, rendered and sanitised like a post, so an admin can add headings and links.
    """

    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown: ## for headings, blank lines between paragraphs.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "care page"

    def __str__(self) -> str:
        return self.title


class DetectorThreshold(models.Model):
    """Overrides a detector threshold (else settings, else the detector default).

    ``crisis`` is the lexicon's threshold; ``crisis.lane`` and ``crisis.alert`` are the crisis model's
    policy (calibrated probabilities; their defaults are fitted with the model, see docs/detectors.md).
    """

    class Category(models.TextChoices):
        CRISIS = "crisis", "Crisis (lexicon)"
        CRISIS_LANE = "crisis.lane", "Crisis model: enters the Safety lane"
        CRISIS_ALERT = "crisis.alert", "Crisis model: alerts moderators"
        OFF_TOPIC = "off_topic", "Off topic"
        SPAM = "spam", "Spam"

    category = models.CharField(max_length=12, choices=Category.choices, unique=True)
    threshold = models.FloatField(help_text="0..1; a finding scoring at least this is acted on.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__gte=0) & models.Q(threshold__lte=1),
                name="threshold_between_0_and_1",
            )
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.threshold}"
