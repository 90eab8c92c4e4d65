"""A broker outage at commit time delays side effects; it never loses them or fails the request."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from kombu.exceptions import OperationalError

from community import tasks
from community.models import Notification, Post
from community.services.notifications import fan_out_sweep
from community.services.posts import post_create
from moderation import tasks as moderation_tasks
from moderation.models import SlowScreeningRequest
from moderation.services.screening import slow_pass_sweep


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.fan_out_reply_notifications, "delay", refuse)
    monkeypatch.setattr(moderation_tasks.screen_post_slow, "delay", refuse)
    return monkeypatch


def test_a_reply_posted_while_the_broker_is_down_notifies_once_it_is_back(
    thread, member, other_member, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = post_create(thread=thread, body="I hear you.", author=other_member).post
    assert not Notification.objects.filter(post=reply).exists()
    assert Post.objects.get(pk=reply.pk).fanout_requested_at is not None

    broker_down.undo()
    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        assert fan_out_sweep() == 1
    assert Notification.objects.filter(post=reply, recipient=member).exists()
    assert Post.objects.get(pk=reply.pk).fanout_requested_at is None
    assert fan_out_sweep(now=timezone.now() + timedelta(minutes=10)) == 0


def test_the_fan_out_sweep_leaves_recent_requests_to_their_own_task(
    thread, other_member, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_create(thread=thread, body="Thinking of you.", author=other_member)
    broker_down.undo()
    assert fan_out_sweep() == 0


def test_the_embedding_pass_missed_during_an_outage_runs_from_the_sweep(
    thread, other_member, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = post_create(thread=thread, body="Some days are heavy.", author=other_member).post
    assert SlowScreeningRequest.objects.filter(post_id=reply.pk).exists()

    broker_down.undo()
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert slow_pass_sweep() == 1
    assert not SlowScreeningRequest.objects.filter(post_id=reply.pk).exists()


def test_a_healthy_broker_runs_the_embedding_pass_and_clears_the_request(
    thread, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = post_create(thread=thread, body="Some days are heavy.", author=other_member).post
    assert not SlowScreeningRequest.objects.filter(post_id=reply.pk).exists()
    assert Post.objects.get(pk=reply.pk).fanout_requested_at is None
