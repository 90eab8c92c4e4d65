"""``python -m benchmarks [--quick] [--json FILE] [--only case,case] [--profile DIR]`` (docs/benchmarks.md).

Run from the project root, like manage.py: DJANGO_SETTINGS_MODULE defaults to the local settings, and the
benchmark itself switches to a throwaway database, so the developer's data is never touched.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from benchmarks.cases import CASES


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=(
            "Build a synthetic community in a throwaway database (SQLite, or PostgreSQL when DATABASE_URL is "
            "set) and measure Hearth's hot paths. Never touches the developer's database."
        ),
    )
    parser.add_argument("--quick", action="store_true", help="Smaller sizes, no HTTP load (for CI).")
    parser.add_argument("--json", dest="json_path", help="Write the results as JSON to this file.")
    parser.add_argument("--only", help=f"Comma-separated cases to run: {', '.join(CASES)}.")
    parser.add_argument(
        "--profile", dest="profile_dir", help="Profile each case with pyinstrument into this directory."
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    selected = [name.strip() for name in args.only.split(",") if name.strip()] if args.only else None
    unknown = sorted(set(selected or ()) - set(CASES))
    if unknown:
        parser.error(f"Unknown case(s): {', '.join(unknown)}. Choose from {', '.join(CASES)}.")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings.local")
    import django

    django.setup()
    from django.core.management.base import CommandError

    from benchmarks.runner import run

    try:
        run(
            quick=args.quick,
            only=selected,
            json_path=args.json_path,
            out=sys.stdout,
            profile_dir=args.profile_dir,
        )
    except CommandError as exc:  # the throwaway database refused to start; nothing was written
        print(f"benchmark: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
