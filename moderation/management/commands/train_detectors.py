"""Train the crisis classifier on the training part of ../shared/eval and write weights.json.

python manage.py train_detectors [--data-dir ../shared/eval] [--backend minilm|lexical|all]

Reproducible: fixed splits and folds, deterministic solvers. Sentence embeddings are cached under
var/embeddings (keyed by backend and text), so a refit costs no model time. Needs the train extra
(scikit-learn); screening afterwards needs numpy only.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from moderation.detectors import embeddings
from moderation.detectors.evaluation import default_data_dir


class Command(BaseCommand):
    help = "Fit the crisis classifier (both backends by default) and its policy thresholds."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=None, help="Default: ../shared/eval.")
        parser.add_argument(
            "--backend",
            choices=("all", "minilm", "lexical"),
            default="all",
            help="minilm: embeddings + lexical features; lexical: the fallback without ML dependencies.",
        )
        parser.add_argument(
            "--out", type=Path, default=None, help="Default: moderation/detectors/weights.json."
        )

    def handle(self, *args, **options):
        try:
            from moderation.detectors.training.fit import train
        except ImportError as exc:  # scikit-learn is a training dependency only
            raise CommandError(f"{exc}: install the train extra (pip install -e '.[train]')") from exc
        data_dir = options["data_dir"] or default_data_dir()
        if not data_dir.is_dir():
            self.stdout.write(f"No training data at {data_dir}; nothing to do.")
            return
        wanted = ("minilm", "lexical") if options["backend"] == "all" else (options["backend"],)
        for name in wanted:
            if name == "minilm":
                if not embeddings.minilm_available():
                    raise CommandError("the ML extra is not installed: cannot train the minilm classifier")
                embeddings.force_backend("minilm")
            try:
                model = train(
                    data_dir,
                    backend_name=name,
                    with_embeddings=name != "lexical",
                    log=self.stderr,
                    **({"out": options["out"]} if options["out"] else {}),
                )
            finally:
                embeddings.force_backend(None)
            trained = model["trained"]["rows"]
            self.stdout.write(f"{name}: thresholds {model['thresholds']}, trained on {trained}")
