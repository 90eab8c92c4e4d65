"""One module per case, each with ``run(ctx) -> list[Result]``; ``CASES`` is the order they run in.

Kept free of Django imports: ``python -m benchmarks`` checks ``--only`` against it before settings load.
"""

CASES = (
    "thread_render",
    "thread_api",
    "reply_post",
    "screen_throughput",
    "queue_list",
    "dashboard",
    "digest_batch",
    "http_load",
)
