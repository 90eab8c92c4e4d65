"""The admin's detector thresholds are read once per process and dropped as soon as one changes."""

import pytest
from django.db import transaction

from moderation.models import DetectorThreshold
from moderation.services import screening

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_kept_thresholds():
    screening._forget_threshold_overrides()
    yield
    screening._forget_threshold_overrides()


def test_threshold_rows_are_read_once_and_then_kept(django_assert_num_queries):
    with django_assert_num_queries(1):
        screening.current_thresholds()
    with django_assert_num_queries(0):
        assert screening.current_thresholds()["crisis"] == 0.35


def test_a_threshold_saved_in_the_transaction_is_seen_by_the_next_post_at_once(django_assert_num_queries):
    screening.current_thresholds()
    row = DetectorThreshold.objects.create(category="crisis", threshold=0.9)
    assert screening.current_thresholds()["crisis"] == 0.9
    row.threshold = 0.8
    row.save()
    assert screening.current_thresholds()["crisis"] == 0.8
    row.delete()
    assert screening.current_thresholds()["crisis"] == 0.35


def test_nothing_read_while_a_threshold_change_is_uncommitted_is_kept(django_assert_num_queries):
    with django_assert_num_queries(1):
        screening.current_thresholds()
    DetectorThreshold.objects.create(category="spam", threshold=0.9)
    # Until the change commits every read goes to the table (and sees this transaction's own row).
    for _ in range(2):
        with django_assert_num_queries(1):
            assert screening.current_thresholds()["spam"] == 0.9


def test_a_rolled_back_threshold_change_is_forgotten():
    screening.current_thresholds()
    with pytest.raises(RuntimeError), transaction.atomic():
        DetectorThreshold.objects.create(category="spam", threshold=0.9)
        assert screening.current_thresholds()["spam"] == 0.9
        raise RuntimeError("the admin's save failed")
    assert screening.current_thresholds()["spam"] == 0.5


def test_a_committed_threshold_change_drops_what_another_request_kept(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        DetectorThreshold.objects.create(category="spam", threshold=0.7)
        # Another request of this process screens a post before the admin's save commits.
        screening._overrides = (float("inf"), {})
    assert screening.current_thresholds()["spam"] == 0.7


def test_another_process_sees_a_change_within_the_interval(monkeypatch):
    screening.current_thresholds()
    # Written by another process: no signal here.
    DetectorThreshold.objects.bulk_create([DetectorThreshold(category="spam", threshold=0.7)])
    assert screening.current_thresholds()["spam"] == 0.5
    now = screening.time.monotonic()
    monkeypatch.setattr(screening.time, "monotonic", lambda: now + screening.THRESHOLD_OVERRIDES_SECONDS + 1)
    assert screening.current_thresholds()["spam"] == 0.7


def test_if_django_ever_keeps_on_commit_callbacks_differently_nothing_is_kept(
    monkeypatch, django_assert_num_queries
):
    from django.db import connection

    monkeypatch.setattr(connection, "run_on_commit", [("an unexpected shape",)])
    for _ in range(2):
        with django_assert_num_queries(1):
            screening.current_thresholds()
