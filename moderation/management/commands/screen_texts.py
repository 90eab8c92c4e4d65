"""Screen JSON lines from stdin with exactly the production path (``screen_text``: fast + slow merged).

python manage.py screen_texts < in.jsonl > out.jsonl
python manage.py screen_texts --labels < labelled.jsonl
"""

import sys

from django.core.management.base import BaseCommand

from moderation.detectors.jsonl import format_labels, score_labels, screen_lines, write_results


class Command(BaseCommand):
    # call_command("screen_texts", stdin=io.StringIO(...)) in tests, as Django's loaddata allows.
    stealth_options = ("stdin",)
    help = 'Screen {"id", "text", "context"} JSON lines from stdin; write {"id", "findings"} lines to stdout.'

    def add_arguments(self, parser):
        parser.add_argument(
            "--labels", action="store_true", help='Print P/R/F1 per category for lines with "labels".'
        )
        parser.add_argument(
            "--fast-only", action="store_true", help="Skip the embedding pass (not the production path)."
        )
        parser.add_argument("--batch-size", type=int, default=64)

    def handle(self, *args, **options):
        stdin = options.get("stdin") or sys.stdin
        results = screen_lines(stdin, include_slow=not options["fast_only"], batch_size=options["batch_size"])
        if options["labels"]:
            self.stdout.write(format_labels(score_labels(results, self.stderr)), ending="")
            return
        errors = write_results(results, self.stdout, self.stderr)
        if errors:
            self.stderr.write(f"{errors} malformed line(s); see the line numbers above")
