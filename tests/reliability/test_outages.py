"""A crisis reply posted through the web while SMTP or Redis is down: nothing is lost, nothing is doubled.

End to end: the member's POST to the reply form (in this process, publishing to a real Redis), a real
Celery worker process delivering through the outbox to an SMTP server on 127.0.0.1, and the sweepers that
beat would run once the outage is over (run here by hand, as beat does every minute).
"""

from __future__ import annotations

import contextlib
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import Notification, OutboundMessage, Post
from moderation.models import Lane, ReviewItem, SlowScreeningRequest
from tests.factories import MemberFactory, SpaceFactory, ThreadFactory
from tests.integration.conftest import Worker, app_publishing_to
from tests.moderation.factories import ModeratorProfileFactory
from tests.reliability import stats
from tests.reliability.services import SMTPSink

pytestmark = [pytest.mark.integration, pytest.mark.fault, pytest.mark.django_db(transaction=True)]

CRISIS_TEXT = "I can't do this anymore. I am going to kill myself tonight, I have the pills ready."
BROKER_DOWN = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}


def wait_until(predicate, timeout: float = 60, every: float = 0.25, tick=None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if tick is not None:
            tick()
        time.sleep(every)
    return False


def _try(fn) -> None:
    # The broker may still be coming back; beat would simply try again next minute.
    with contextlib.suppress(Exception):
        fn()


@pytest.fixture
def smtp():
    sink = SMTPSink()
    yield sink
    sink.stop()


@pytest.fixture
def worker(own_redis, smtp, tmp_path, mail_dir):
    started: list[Worker] = []

    def start() -> Worker:
        w = Worker(broker_url=own_redis.url, mail_dir=mail_dir, var_dir=tmp_path, extra_env={
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_EMAIL_PORT": str(smtp.port),
            "DJANGO_EMAIL_TIMEOUT": "3",
            "HEARTH_OUTBOX_RETRY_BASE_SECONDS": "1",
            "HEARTH_OUTBOX_RETRY_MAX_SECONDS": "2",
            "HEARTH_EMBEDDING_BACKEND": "lexical",
        })
        started.append(w)
        return w

    yield start
    for w in started:
        w.stop()


@pytest.fixture
def people(db):
    moderator = ModeratorProfileFactory(on_duty=True).member
    opener = MemberFactory()
    thread = ThreadFactory(space=SpaceFactory(), author=opener)
    poster = MemberFactory()
    return moderator, opener, thread, poster


def test_a_crisis_alert_made_while_smtp_refuses_connections_is_delivered_once_when_it_is_back(
    own_redis, smtp, worker, people, client
):
    moderator, _opener, thread, poster = people
    worker()
    client.force_login(poster)
    with app_publishing_to(own_redis.url):
        # SMTP is down: nothing listens on its port, so every connection is refused.
        response = client.post(f"/threads/{thread.pk}/reply/", {"body": CRISIS_TEXT})
        assert response.status_code == 302
        stats.count("faults_injected")
        alert = OutboundMessage.objects.get(kind="crisis_alert", to=moderator.email)
        assert wait_until(lambda: OutboundMessage.objects.get(pk=alert.pk).attempts >= 1
                          and "refused" in OutboundMessage.objects.get(pk=alert.pk).last_error.lower())
        assert smtp.sent_to(moderator.email) == 0

        smtp.start()
        from community.tasks import sweep_outbox

        def sent() -> bool:
            return OutboundMessage.objects.get(pk=alert.pk).status == OutboundMessage.Status.SENT

        # Beat's outbox sweeper runs every minute; here every second until the alert is out.
        assert wait_until(sent, timeout=60, every=1, tick=lambda: _try(sweep_outbox.delay))
        time.sleep(3)  # time for a duplicate, if there were one
    alert.refresh_from_db()
    assert smtp.sent_to(moderator.email) == 1
    assert alert.attempts >= 2
    assert ReviewItem.objects.filter(post__thread=thread, lane=Lane.SAFETY).count() == 1
    stats.count("faults_survived")
    stats.count("alerts_delivered_after_smtp_outage")


def test_a_crisis_reply_posted_while_redis_is_down_is_answered_and_nothing_is_lost_when_it_is_back(
    own_redis, smtp, worker, people, client
):
    moderator, opener, thread, poster = people
    smtp.start()
    worker()
    client.force_login(poster)
    with app_publishing_to(own_redis.url, BROKER_DOWN):
        own_redis.stop()
        stats.count("faults_injected")
        started = time.monotonic()
        response = client.post(f"/threads/{thread.pk}/reply/", {"body": CRISIS_TEXT})
        answered_in = time.monotonic() - started
        assert response.status_code == 302, response.content[:500]
        reply = Post.objects.get(thread=thread, body=CRISIS_TEXT)
        alert = OutboundMessage.objects.get(kind="crisis_alert", to=moderator.email)
        assert alert.status == OutboundMessage.Status.PENDING
        assert ReviewItem.objects.filter(post=reply, lane=Lane.SAFETY).exists()
        time.sleep(1)
        assert smtp.sent_to(moderator.email) == 0

        own_redis.start()
        from community.tasks import sweep_outbox

        def sent() -> bool:
            return OutboundMessage.objects.get(pk=alert.pk).status == OutboundMessage.Status.SENT

        assert wait_until(sent, timeout=60, every=1, tick=lambda: _try(sweep_outbox.delay))
        # The embedding-pass sweeper leaves a request alone for minutes (its task may still be on the way).
        # Age the request as a longer outage would have, then sweep as beat does.
        from moderation.services.screening import slow_pass_sweep

        SlowScreeningRequest.objects.filter(post=reply).update(
            requested_at=timezone.now() - timedelta(minutes=6)
        )
        assert wait_until(lambda: not SlowScreeningRequest.objects.filter(post=reply).exists(),
                          timeout=60, every=1, tick=lambda: _try(slow_pass_sweep))
        time.sleep(3)
    assert smtp.sent_to(moderator.email) == 1
    stats.count("faults_survived")
    stats.set_value("web_post_answer_seconds_with_redis_down", round(answered_in, 2))


def test_a_calm_reply_posted_while_redis_is_down_notifies_the_thread_author_once_redis_is_back(
    own_redis, smtp, worker, people, client
):
    _moderator, opener, thread, poster = people
    smtp.start()
    worker()
    client.force_login(poster)
    with app_publishing_to(own_redis.url, BROKER_DOWN):
        own_redis.stop()
        stats.count("faults_injected")
        body = "Thank you for writing this. Same here."
        response = client.post(f"/threads/{thread.pk}/reply/", {"body": body})
        assert response.status_code == 302
        reply = Post.objects.get(thread=thread, parent__isnull=False)
        assert not Notification.objects.filter(post=reply).exists()
        own_redis.start()
        from community.services.notifications import fan_out_sweep

        Post.objects.filter(pk=reply.pk).update(fanout_requested_at=timezone.now() - timedelta(minutes=3))
        assert wait_until(lambda: Notification.objects.filter(post=reply, recipient=opener).exists(),
                          timeout=60, every=1, tick=lambda: _try(fan_out_sweep))
        time.sleep(2)
    assert Notification.objects.filter(post=reply, recipient=opener).count() == 1
    assert Post.objects.get(pk=reply.pk).fanout_requested_at is None
    stats.count("faults_survived")
