"""Print the held-out table of the detectors on ../shared/eval (the one in the README).

python manage.py evaluate_detectors [--data-dir ../shared/eval] [--json out.json] [--fast-only] [--throughput]
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from moderation.detectors import evaluation


class Command(BaseCommand):
    help = "Evaluate the detectors on the held-out parts of the public data (skips cleanly when absent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", type=Path, default=None, help="Default: ../shared/eval beside the repo."
        )
        parser.add_argument("--json", type=Path, default=None, help="Also write the numbers as JSON here.")
        parser.add_argument("--fast-only", action="store_true", help="The lexicon alone (no model pass).")
        parser.add_argument("--throughput", action="store_true", help="Also measure the fast path's speed.")
        parser.add_argument(
            "--from-decisions",
            action="store_true",
            help="Precision per category and threshold on moderators' real decisions, with a suggestion.",
        )

    def handle(self, *args, **options):
        if options.get("from_decisions"):
            from moderation.services.decisions import decision_labels_report, format_report

            self.stdout.write(format_report(decision_labels_report()))
            return
        data_dir = options["data_dir"] or evaluation.default_data_dir()
        if not data_dir.is_dir():
            self.stdout.write(f"No evaluation data at {data_dir}; skipping.")
            return
        from moderation.detectors.training import report

        table = report.evaluate(data_dir, fast_only=options["fast_only"], log=self.stderr)
        self.stdout.write(report.format_table(table))
        if options["throughput"]:
            table.rows["throughput_synthetic"] = evaluation.synthetic_throughput(history=0)
            table.rows["throughput_synthetic_history"] = evaluation.synthetic_throughput(history=5)
            self.stdout.write(evaluation.format_throughput(table.rows))
        if options["json"]:
            options["json"].write_text(json.dumps(table.as_dict(), indent=2) + "\n")
