"""Seed the support message and a few well-known crisis lines. Admins edit both afterwards."""

from django.db import migrations

HEADING = "You don't have to carry this alone"
MESSAGE = (
    "Thank you for putting this into words. It sounds like things are really hard right now, and it took "
    "courage to say so. Your post is still here, and people in this community care.\n\n"
    "We're a peer community, not an emergency service, so we can't always reply quickly. If you're thinking "
    "about ending your life, or you might be in danger right now, please reach out to one of the lines "
    "below or your local emergency number. They're free, confidential and there for exactly this, "
    "any time of day or night."
)

RESOURCES = [
    # (country, name, description, phone, text, url, position)
    ("US", "988 Suicide & Crisis Lifeline", "Call or text, any time. Chat is available online too.",
     "988", "988", "https://988lifeline.org", 0),
    ("GB", "Samaritans", "Call free, any time, about anything that's troubling you.",
     "116 123", "", "https://www.samaritans.org", 0),
    ("IE", "Samaritans", "Call free, any time, about anything that's troubling you.",
     "116 123", "", "https://www.samaritans.ie", 0),
    ("CA", "9-8-8 Suicide Crisis Helpline", "Call or text, any time, in English or French.",
     "9-8-8", "988", "https://988.ca", 0),
    ("AU", "Lifeline", "Call any time for crisis support.",
     "13 11 14", "", "https://www.lifeline.org.au", 0),
    ("", "Find A Helpline", "Free, confidential helplines in many countries, searchable by what you need.",
     "", "", "https://findahelpline.com", 0),
]


def seed(apps, schema_editor):
    SupportMessage = apps.get_model("moderation", "SupportMessage")
    CrisisResource = apps.get_model("moderation", "CrisisResource")
    if not SupportMessage.objects.exists():
        SupportMessage.objects.create(heading=HEADING, message=MESSAGE)
    for country, name, description, phone, text, url, position in RESOURCES:
        CrisisResource.objects.get_or_create(
            country=country,
            name=name,
            defaults={
                "description": description,
                "phone": phone,
                "text": text,
                "url": url,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
