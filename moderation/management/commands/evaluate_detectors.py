"""Run the detectors over ../shared/eval and print the tables in docs/detectors.md.

python manage.py evaluate_detectors [--data-dir ../shared/eval] [--json out.json] [--fit] [--cross-validate]
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from moderation.detectors import evaluation


class Command(BaseCommand):
    help = "Evaluate the detectors on the public labelled data (skips cleanly when it is absent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", type=Path, default=None, help="Default: ../shared/eval beside the repo."
        )
        parser.add_argument("--json", type=Path, default=None, help="Also write the numbers as JSON here.")
        parser.add_argument("--sample", type=int, default=None, help="Cap rows per dataset (quick check).")
        parser.add_argument("--fast-only", action="store_true", help="Lexical fast path only.")
        parser.add_argument(
            "--fit",
            action="store_true",
            help="Refit weights.json on the training halves first (active backend).",
        )
        parser.add_argument(
            "--cross-validate",
            action="store_true",
            help="Also cross-validate the orientation gate over all C-SSRS users (5 folds, 3 shuffles).",
        )
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
        if options["fit"]:
            evaluation.fit_weights(data_dir, log=self.stderr)
        report = evaluation.evaluate(
            data_dir, sample=options["sample"], include_slow=not options["fast_only"], log=self.stderr
        )
        if options["cross_validate"] and not options["fast_only"]:
            report.sections["cssrs_cross_validated"] = evaluation.cssrs_cross_validation(
                data_dir, log=self.stderr
            )
        suicide = data_dir / evaluation.SUICIDE_FILE
        if suicide.exists():
            texts = [r["text"] for r in evaluation.load_rows(suicide)]
            report.sections["throughput"] = evaluation.throughput(texts[: options["sample"] or len(texts)])
        report.sections["throughput_synthetic"] = evaluation.synthetic_throughput(history=0)
        report.sections["throughput_synthetic_history"] = evaluation.synthetic_throughput(history=5)
        self.stdout.write(evaluation.format_report(report))
        if options["json"]:
            options["json"].write_text(json.dumps(report.as_dict(), indent=2) + "\n")
