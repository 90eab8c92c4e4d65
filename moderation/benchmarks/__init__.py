"""Benchmarks of Hearth's hot paths: ``python manage.py benchmark`` (docs/benchmarks.md explains the method).

The package is split by role: ``textgen`` (a template grammar for realistic post text), ``builder``
(bulk-created synthetic community data that keeps the models' invariants), ``database`` (the throwaway
database), ``stats`` (timing and results), ``report`` (table and JSON), ``cases`` (one module per case) and
``http_load`` (the HTTP load generator).

It lives in ``moderation`` because it measures both apps and builds moderation's review items directly:
``moderation`` may import ``community``, never the other way round.
"""
