"""Crisis lines get opening hours and a "last checked" date; the "How we look after people here" page.

The seeded hours are those the services publish for themselves; ``last_checked`` stays empty so that the
first reminder asks an admin to confirm every line (nobody has checked them on this site yet).
"""

from django.db import migrations, models

HOURS = {
    ("US", "988 Suicide & Crisis Lifeline"): "Any time, day or night",
    ("GB", "Samaritans"): "Any time, day or night",
    ("IE", "Samaritans"): "Any time, day or night",
    ("CA", "9-8-8 Suicide Crisis Helpline"): "Any time, day or night",
    ("AU", "Lifeline"): "Any time, day or night",
    ("", "Find A Helpline"): "Website, open any time (each line lists its own hours)",
}

CARE_TITLE = "How we look after people here"
CARE_BODY = """\
This is a place where people talk about hard things, sometimes the hardest. This page explains, as plainly \
as we can, what happens when someone writes about suicide or self-harm, who sees it, and what our \
moderators can and can't do.

## We are a peer community, not an emergency service

The people here are members like you and volunteer moderators. We care, but we are not doctors, \
counsellors or a crisis service, and nobody is watching every post at every hour. Sometimes a reply takes \
a while. **If you or someone else might be in danger right now, please call your local emergency number \
or one of the lines below.**

## What happens to a post about suicide or self-harm

- Your post stays up. Taking down a cry for help can make someone feel more alone, so we don't hide posts \
just because they are about suicide or self-harm.
- If your words suggest you may be in danger, you will see a private box with support lines for your \
country. Only you see it.
- The post is also placed at the top of the moderators' list, and the moderators on duty are told about it.
- Other members are not sent notifications or digest emails about it, so it is not pushed into anyone's \
inbox. People reading the thread can still see it and reply.

## Who sees it

Everyone who can read the thread can read your post, as with any post. The moderators see that it was \
flagged and why. Nobody outside the moderation team is told that it was flagged.

## What moderators can do

- Read your post, and reply to you or check in with you.
- Share support lines and places that can help.
- Hide a post that could put other people at risk, for example one that describes methods in detail. \
We tell you when we do this, and why.
- In rare cases, when someone seems to be in immediate danger and has shared where they are, contact \
emergency services on their behalf.

## What moderators can't do

- Moderators can't come to you, ring you, or stay with you. They are volunteers who may be asleep or at work.
- They can't promise a quick reply, and they can't give medical or professional advice.
- They can't see anything about you beyond what you have written here and your account details.

## Emergency numbers

If someone's life is in danger, call the emergency services: 112 in the European Union and many other \
countries, 999 in the United Kingdom, 911 in the United States and Canada, 000 in Australia and 111 in \
New Zealand. The support lines below are free and confidential.
"""


def seed(apps, schema_editor):
    CrisisResource = apps.get_model("moderation", "CrisisResource")
    CarePage = apps.get_model("moderation", "CarePage")
    for (country, name), hours in HOURS.items():
        CrisisResource.objects.filter(country=country, name=name, hours="").update(hours=hours)
    if not CarePage.objects.exists():
        CarePage.objects.create(title=CARE_TITLE, body=CARE_BODY)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0007_detector_threshold_crisis_model_keys")]

    operations = [
        migrations.CreateModel(
            name="CarePage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200)),
                (
                    "body",
                    models.TextField(help_text="Markdown: ## for headings, blank lines between paragraphs."),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={"verbose_name": "care page", "ordering": ["id"]},
        ),
        migrations.AddField(
            model_name="crisisresource",
            name="hours",
            field=models.CharField(
                blank=True,
                help_text='As people should read it, e.g. "Any time, day or night" or "Mon–Fri 9am–5pm".',
                max_length=120,
                verbose_name="opening hours",
            ),
        ),
        migrations.AddField(
            model_name="crisisresource",
            name="last_checked",
            field=models.DateField(
                blank=True,
                help_text="When someone last confirmed the number, hours and link still work. Admins are "
                "reminded when a line has not been checked for a while.",
                null=True,
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
