"""A Celery worker killed with SIGKILL in the middle of a digest run, then restarted: every due member gets
exactly one digest.

To kill it "in the middle" deterministically, the test lets the run commit its first batches, then holds a
lock on the digest log table so the next batch waits, and kills the worker while it waits. What follows is
what production does: a new worker starts, beat's next hourly run finds the same members still due (the
catch-up window), and the outbox sweeper re-dispatches the emails whose tasks died with the worker.
"""

from __future__ import annotations

import contextlib
import signal
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.db import connection, connections

from community.models import DigestLog, SpaceSubscription, Thread
from tests.factories import MemberFactory, ReplyFactory, SpaceFactory, ThreadFactory
from tests.integration.conftest import Worker, app_publishing_to
from tests.reliability import stats

pytestmark = [pytest.mark.integration, pytest.mark.fault, pytest.mark.django_db(transaction=True)]

MEMBERS = 80
BATCH = 4


def sent_to(mail_dir: Path, address: str) -> int:
    return sum(p.read_text().count(f"To: {address}\n") for p in mail_dir.glob("*.log"))


def wait_until(predicate, timeout: float, every: float = 0.25, tick=None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if tick is not None:
            tick()
        time.sleep(every)
    return False


@contextlib.contextmanager
def digest_log_locked() -> Iterator[None]:
    """Hold a write lock on the digest log from another connection, so the worker's next batch waits."""
    table = DigestLog._meta.db_table
    if connection.vendor == "postgresql":
        other = connections.create_connection("default")
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
            try:
                yield
            finally:
                cursor.execute("ROLLBACK")
        other.close()
    else:
        other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None, timeout=20)
        other.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()


def test_a_worker_killed_mid_digest_run_then_restarted_sends_every_due_member_exactly_one_digest(
    own_redis, mail_dir, tmp_path
):
    now = datetime.now(UTC)
    period_end = now.replace(minute=0, second=0, microsecond=0)
    members = MemberFactory.create_batch(MEMBERS, timezone="UTC", digest_frequency="daily")
    space = SpaceFactory()
    thread = ThreadFactory(space=space, author=MemberFactory())
    SpaceSubscription.objects.bulk_create([SpaceSubscription(member=m, space=space) for m in members])
    Thread.objects.filter(pk=thread.pk).update(created_at=period_end - timedelta(hours=3))
    thread.posts.update(created_at=period_end - timedelta(hours=3))
    ReplyFactory(thread=thread, created_at=period_end - timedelta(hours=2))
    env = {"HEARTH_DIGEST_HOUR": str(now.hour), "HEARTH_DIGEST_CATCHUP_HOURS": "2",
           "HEARTH_DIGEST_BATCH_SIZE": str(BATCH), "HEARTH_EMBEDDING_BACKEND": "lexical"}

    from community.tasks import send_due_digests, sweep_outbox

    first = Worker(broker_url=own_redis.url, mail_dir=mail_dir, var_dir=tmp_path, extra_env=env)
    second = None
    try:
        with app_publishing_to(own_redis.url):
            send_due_digests.delay()
            began = wait_until(lambda: DigestLog.objects.exists(), timeout=60, every=0.02)
            assert began, "the digest run never began"
            with digest_log_locked():
                time.sleep(1.5)  # the worker is now waiting on its next batch
                logged_at_kill = DigestLog.objects.count()
                first.process.send_signal(signal.SIGKILL)
                first.process.wait(timeout=10)
                stats.count("faults_injected")
            assert 0 < logged_at_kill < MEMBERS, f"not mid-run: {logged_at_kill} of {MEMBERS} logged"
            assert DigestLog.objects.count() == logged_at_kill  # the batch in flight was not half-written

            second = Worker(broker_url=own_redis.url, mail_dir=mail_dir, var_dir=tmp_path, extra_env=env)
            # Beat's next hourly run (inside the catch-up window) and its outbox sweeper.
            send_due_digests.delay()

            def everyone_has_one() -> bool:
                return all(sent_to(mail_dir, m.email) >= 1 for m in members)

            assert wait_until(everyone_has_one, timeout=90, every=1, tick=sweep_outbox.delay)
            sweep_outbox.delay()
            send_due_digests.delay()  # a repeated run is harmless too
            time.sleep(4)  # time for a duplicate, if there were one
    finally:
        for worker in (first, second):
            if worker is not None:
                worker.stop()
    counts = [sent_to(mail_dir, m.email) for m in members]
    assert counts == [1] * MEMBERS, {m.email: c for m, c in zip(members, counts, strict=True) if c != 1}
    assert DigestLog.objects.filter(member__in=members).count() == MEMBERS
    stats.count("faults_survived")
    stats.set_value("digest_kill_logged_before_kill", f"{logged_at_kill}/{MEMBERS}")
    stats.count("digests_delivered_after_worker_kill", MEMBERS)
