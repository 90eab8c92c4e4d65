"""A real Celery worker process delivers what the site queues: crisis alerts, digests, after outages."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from community.models import DigestLog, OutboundMessage
from tests.integration.conftest import Worker, app_publishing_to, wait_for_mail

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def sent_to(mail_dir: Path, address: str) -> int:
    return sum(p.read_text().count(f"To: {address}") for p in mail_dir.glob("*.log"))


def wait_until(predicate, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


@pytest.fixture
def worker_on(mail_dir, tmp_path):
    workers: list[Worker] = []

    def start(broker_url: str, **extra_env) -> Worker:
        worker = Worker(broker_url=broker_url, mail_dir=mail_dir, var_dir=tmp_path, extra_env=extra_env)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def test_a_crisis_post_produces_an_alert_email_through_the_worker(redis_url, worker_on, mail_dir):
    from community.services.posts import post_create
    from tests.factories import MemberFactory, SpaceFactory, ThreadFactory
    from tests.moderation.factories import ModeratorProfileFactory

    moderator = ModeratorProfileFactory(on_duty=True).member
    thread = ThreadFactory(space=SpaceFactory())
    worker_on(redis_url)
    with app_publishing_to(redis_url):
        post_create(
            thread=thread,
            author=MemberFactory(),
            body="I can't do this anymore. I am going to kill myself tonight, I have the pills ready.",
        )
    found = wait_for_mail(mail_dir, containing=f"To: {moderator.email}", timeout=60)
    assert found, "no alert email reached the on-duty moderator"
    alert = OutboundMessage.objects.get(to=moderator.email)
    assert alert.kind == "crisis_alert" and alert.status == OutboundMessage.Status.SENT


def test_a_digest_run_twice_through_the_worker_sends_each_member_once(redis_url, worker_on, mail_dir):
    from community.models import SpaceSubscription
    from community.tasks import send_due_digests
    from tests.factories import MemberFactory, ReplyFactory, SpaceFactory, ThreadFactory

    now = datetime.now(UTC)
    period_end = now.replace(minute=0, second=0, microsecond=0)
    members = MemberFactory.create_batch(3, timezone="UTC", digest_frequency="daily")
    space = SpaceFactory()
    thread = ThreadFactory(space=space, author=members[0])
    for member in members:
        SpaceSubscription.objects.create(member=member, space=space)
    from community.models import Thread

    Thread.objects.filter(pk=thread.pk).update(created_at=period_end - timedelta(hours=3))
    thread.posts.update(created_at=period_end - timedelta(hours=3))
    ReplyFactory(thread=thread, created_at=period_end - timedelta(hours=2))
    # The worker's digest hour is the current UTC hour, so these UTC members are due right now.
    worker_on(redis_url, HEARTH_DIGEST_HOUR=str(now.hour), HEARTH_DIGEST_CATCHUP_HOURS="2")
    with app_publishing_to(redis_url):
        send_due_digests.delay()
        send_due_digests.delay()
    assert wait_until(lambda: all(sent_to(mail_dir, m.email) >= 1 for m in members), timeout=60)
    time.sleep(3)  # give a duplicate, if there were one, time to arrive
    assert [sent_to(mail_dir, m.email) for m in members] == [1, 1, 1]
    assert DigestLog.objects.filter(member__in=members).count() == 3


def test_an_alert_queued_while_redis_is_down_is_delivered_when_it_is_back(own_redis, worker_on, mail_dir):
    from django.db import transaction

    from community.services.outbox import outbox_enqueue
    from community.tasks import sweep_outbox

    worker_on(own_redis.url)
    with app_publishing_to(own_redis.url, {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}):
        own_redis.stop()
        with transaction.atomic():  # the request commits fine although the broker is unreachable
            outbox_enqueue(kind="crisis_alert", to="oncall@example.org", subject="Someone may be in danger",
                           body_text="Please open the review queue.", dedupe_key="it:outage")
        message = OutboundMessage.objects.get(dedupe_key="it:outage")
        assert message.status == OutboundMessage.Status.PENDING
        assert sent_to(mail_dir, "oncall@example.org") == 0
        own_redis.start()
        # Beat runs the sweeper every minute; run it once now.
        assert wait_until(lambda: _try(sweep_outbox.delay), timeout=30)
    assert wait_for_mail(mail_dir, containing="To: oncall@example.org", timeout=60)
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT


def _try(fn) -> bool:
    try:
        fn()
    except Exception:
        return False
    return True


def test_the_embedded_filesystem_broker_works_with_a_real_worker(worker_on, mail_dir, tmp_path):
    from django.db import transaction

    from community.services.outbox import outbox_enqueue

    folder = tmp_path / "celery-broker"
    options = {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }
    for path in ("queue", "processed", "control"):
        (folder / path).mkdir(parents=True, exist_ok=True)
    # Same folders as community/settings/base.py derives from HEARTH_VAR_DIR.
    worker_on("filesystem://")
    with app_publishing_to("filesystem://", options), transaction.atomic():
        outbox_enqueue(kind="test", to="embedded@example.org", subject="Hello from the embedded run",
                       body_text="It works.", dedupe_key="it:filesystem")
    assert wait_for_mail(mail_dir, containing="To: embedded@example.org", timeout=60)
