"""Benchmarks of Hearth's hot paths: ``python -m benchmarks`` (docs/benchmarks.md explains the method).

The package is split by role: ``textgen`` (a template grammar for realistic post text), ``builder``
(bulk-created synthetic community data that keeps the models' invariants), ``database`` (the throwaway
database), ``stats`` (timing and results), ``report`` (table and JSON), ``cases`` (one module per case) and
``http_load`` (the HTTP load generator).

It is a development tool, not runtime code: a top-level package outside INSTALLED_APPS that imports both apps
(it builds moderation's review items directly), while neither app imports it (tests/test_architecture.py).
"""
