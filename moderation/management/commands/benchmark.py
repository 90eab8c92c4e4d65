"""``python manage.py benchmark [--quick] [--json out.json] [--only case,case]`` (see docs/benchmarks.md)."""

from django.core.management.base import BaseCommand, CommandError

from moderation.benchmarks.runner import CASES, run


class Command(BaseCommand):
    help = (
        "Build a synthetic community in a throwaway database (SQLite, or PostgreSQL when DATABASE_URL is "
        "set) and measure Hearth's hot paths. Never touches the developer's database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quick", action="store_true", help="Smaller sizes, no HTTP load (for CI).")
        parser.add_argument("--json", dest="json_path", help="Write the results as JSON to this file.")
        parser.add_argument("--only", help=f"Comma-separated cases to run: {', '.join(CASES)}.")
        parser.add_argument(
            "--profile", dest="profile_dir", help="Profile each case with pyinstrument into this directory."
        )

    def handle(
        self, *args, quick: bool, json_path: str | None, only: str | None, profile_dir: str | None, **options
    ):
        selected = [name.strip() for name in only.split(",") if name.strip()] if only else None
        unknown = sorted(set(selected or ()) - set(CASES))
        if unknown:
            raise CommandError(f"Unknown case(s): {', '.join(unknown)}. Choose from {', '.join(CASES)}.")
        run(quick=quick, only=selected, json_path=json_path, out=self.stdout, profile_dir=profile_dir)
