"""Demo review items on top of ``seed_demo``: what a moderator's day looks like, through the real paths.

Each post goes through the same services as a live one (screening, reports, guest replies), so the
queue, the alerts written to var/mail/ and the audit log show exactly what production would. Safe to run
again: a post whose text is already in its thread is not written twice.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from community.models import Member, Post, Thread
from community.services.guests import guest_reply_create
from community.services.posts import post_create
from moderation.services.queue import review_item_open
from moderation.services.reports import report_create
from moderation.services.review_items import review_item_label_off_topic

MODERATOR_EMAIL = "moderator@hearth.local"

CAMPAIGN_AD = (
    "Vote for Dale Hunter for county council on Thursday! Lower rates, fixed potholes and a council that "
    "finally listens. Tell your neighbours."
)
UNKIND_REPLY = "Honestly, everyone has problems. You just need to get over it and stop dwelling."
CRISIS_REPLY = (
    "Sundays are the worst for me too, but lately it's more than that. I don't see the point of going on "
    "anymore and I keep thinking everyone would be better off without me."
)
GUEST_REPLY = (
    "I found this page at 2am and it helped to read that other people feel the quiet hours like this. "
    "Thank you for writing it."
)


class Command(BaseCommand):
    help = "Add demo review items (report, held guest reply, crisis post, off-topic label); after seed_demo."

    def handle(self, *args, **options) -> None:
        moderator = Member.objects.filter(email=MODERATOR_EMAIL).first()
        sunday = Thread.objects.filter(title="Sunday evenings are the worst").first()
        away = Thread.objects.filter(title="My therapist is away for three weeks").first()
        if moderator is None or sunday is None or away is None:
            raise CommandError("Run `python manage.py seed_demo` first.")
        member = {m.display_name: m for m in Member.objects.filter(email__endswith="@hearth.local")}
        added = 0

        ad = self._reply(away, member["wren"], CAMPAIGN_AD)
        if ad is not None:
            added += 1
            item, _ = review_item_open(post=ad)
            review_item_label_off_topic(
                item=item, actor=moderator, reason="A campaign ad; nothing to do with the thread."
            )

        unkind = self._reply(away, member["tidewater"], UNKIND_REPLY)
        if unkind is not None:
            added += 1
            report_create(
                post=unkind,
                reporter=member["quietfern"],
                reason="harassment",
                note="This felt really dismissive.",
            )

        if self._reply(sunday, member["little_lantern"], CRISIS_REPLY) is not None:
            added += 1

        # The loneliness space takes guest replies; this one waits for its email link and a moderator.
        if not Post.objects.filter(thread=sunday, body=GUEST_REPLY).exists():
            guest_reply_create(
                thread=sunday, name="Night owl", email="night.owl@example.net", body=GUEST_REPLY
            )
            added += 1

        # Screening queued the embedding pass; in the embedded run the local worker picks it up.
        self.stdout.write(self.style.SUCCESS(f"Moderation demo ready ({added} new post(s))."))

    def _reply(self, thread: Thread, author: Member, body: str) -> Post | None:
        if Post.objects.filter(thread=thread, body=body).exists():
            return None
        return post_create(thread=thread, body=body, author=author).post
