"""The first reasons moderators can pick, in words a member reads (admins edit them afterwards)."""

from django.db import migrations

REASONS = [
    (
        "guidelines",
        "Doesn't fit the community guidelines",
        "Part of this didn't fit our community guidelines. That doesn't mean you did anything wrong by "
        "reaching out, and you're welcome to keep posting.",
    ),
    (
        "safety-details",
        "Detailed description of self-harm or methods",
        "Your post included details about ways of hurting yourself. We take those out because they can put "
        "other people here at risk. What you are going through matters, and you are welcome to share how "
        "you feel without those details.",
    ),
    (
        "personal-info",
        "Personal information",
        "Your post included personal information, like a name, address or phone number. We remove it to "
        "keep you and others safe.",
    ),
    (
        "unkind",
        "Could hurt someone",
        "Some of the words could hurt someone who is already having a hard time. We know that probably "
        "wasn't what you meant.",
    ),
    (
        "off-topic",
        "Better in another space",
        "This fits better in another space, so it's folded here to keep the conversation on track. "
        "Nothing you said was wrong.",
    ),
    (
        "spam",
        "Advertising or links",
        "It looked like advertising or a link we can't check, which we don't allow here.",
    ),
]


def seed(apps, schema_editor):
    ModerationReason = apps.get_model("moderation", "ModerationReason")
    for order, (code, title, explanation) in enumerate(REASONS):
        ModerationReason.objects.update_or_create(
            code=code, defaults={"title": title, "explanation": explanation, "order": order}
        )


def unseed(apps, schema_editor):
    apps.get_model("moderation", "ModerationReason").objects.filter(code__in=[r[0] for r in REASONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("moderation", "0013_moderation_notices_reasons_and_appeals")]

    operations = [migrations.RunPython(seed, unseed)]
