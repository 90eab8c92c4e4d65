#!/usr/bin/env python
import os
import sys


def main() -> None:
    # The developer's tool defaults to the embedded local settings (make run, migrate, seed_demo); servers
    # (community.wsgi, community.asgi, the Celery app) default to production instead. Local settings refuse
    # the public development key for any host beyond this machine.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
