"""Send due digests by hand: the same code path as the hourly beat task, with a progress bar."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from community.models import DigestFrequency, Member
from community.services.digests import digests_send_due


class Command(BaseCommand):
    help = (
        "Send the digests that are due now (members whose local digest hour has passed within the catch-up "
        "window). With --member, that member's latest period is sent whatever the hour. A digest is never "
        "sent twice for the same period."
    )

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=[DigestFrequency.DAILY, DigestFrequency.WEEKLY])
        parser.add_argument("--dry-run", action="store_true", help="Show what would be sent; write nothing.")
        parser.add_argument("--member", metavar="EMAIL", help="Only this member (ignores the local hour).")

    def handle(self, *args, frequency=None, dry_run=False, member=None, **options):
        if member and not Member.objects.filter(email__iexact=member).exists():
            raise CommandError(f"No member with the email {member}.")
        bar = tqdm(total=0, unit="member", disable=options.get("verbosity", 1) == 0, file=sys.stderr)

        def on_total(n: int) -> None:
            bar.total += n
            bar.refresh()

        result = digests_send_due(
            frequency=frequency,
            member_email=member,
            dry_run=dry_run,
            force=bool(member),
            on_batch=bar.update,
            on_total=on_total,
        )
        bar.close()
        if dry_run:
            for email, content in result.previews:
                self.stdout.write(
                    f"{email}: {content.item_count} item(s) — "
                    f"{len(content.replies_to_you)} replies to them, "
                    f"{len(content.thread_replies)} followed thread(s), "
                    f"{len(content.new_threads)} new thread(s)"
                )
        verb = "would send" if dry_run else "sent"
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.considered} member(s) due: {verb} {result.sent}, nothing new for {result.empty}."
            )
        )
