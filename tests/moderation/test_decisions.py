"""Moderators' decisions teach the detectors: every confirm or dismiss of a detector flag is kept as a label,
and precision per category and threshold on those labels is printed and shown next to each threshold."""

from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command

from moderation.models import DecisionLabel, DetectorThreshold, Flag, Lane
from moderation.services.decisions import decision_report, detector_version
from moderation.services.review_items import (
    review_item_approve,
    review_item_delete,
    review_item_mark_reached_out,
)
from tests.factories import ReplyFactory
from tests.moderation.factories import FlagFactory, ReviewItemFactory

pytestmark = pytest.mark.django_db


def flagged(thread, *, category, score, body="Some words here.", lane=Lane.OFF_TOPIC, **extra):
    item = ReviewItemFactory(post=ReplyFactory(thread=thread, body=body), lane=lane)
    flag = FlagFactory(
        item=item, source=Flag.Source.DETECTOR, reporter=None, category=category, score=score,
        detector=f"{category}.lexical", **extra,
    )  # fmt: skip
    return item, flag


def test_confirming_or_dismissing_a_detector_flag_keeps_a_label(thread, moderator):
    crisis, crisis_flag = flagged(thread, category="crisis", score=0.8, body="I can't keep going.",
                                  lane=Lane.SAFETY)  # fmt: skip
    spam, _ = flagged(thread, category="spam", score=0.55, body="Great deals on shoes")
    FlagFactory(item=spam, category="spam")  # a member's report: not a detector's finding

    review_item_mark_reached_out(item=crisis, actor=moderator, note="Messaged them.")
    review_item_approve(item=spam, actor=moderator)

    confirmed = DecisionLabel.objects.get(category="crisis")
    assert (confirmed.decision, confirmed.text, confirmed.score) == ("confirmed", "I can't keep going.", 0.8)
    assert confirmed.flag == crisis_flag and confirmed.detector == "crisis.lexical"
    assert confirmed.detector_version == detector_version()
    assert confirmed.detector_version.startswith("weights-")
    assert confirmed.decided_by == moderator and confirmed.resolution == "reached_out"
    dismissed = DecisionLabel.objects.get(category="spam")
    assert dismissed.decision == "dismissed" and dismissed.text == "Great deals on shoes"
    assert DecisionLabel.objects.count() == 2


def test_a_removed_post_is_labelled_with_the_text_the_moderator_read(thread, moderator):
    item, _ = flagged(thread, category="spam", score=0.9, body="Buy followers at example.biz")
    review_item_delete(item=item, actor=moderator, reason="Spam.")
    label = DecisionLabel.objects.get()
    assert label.decision == "confirmed" and label.text == "Buy followers at example.biz"
    # Doing it again writes nothing more.
    review_item_delete(item=item, actor=moderator, reason="Spam.")
    assert DecisionLabel.objects.count() == 1


def test_the_report_gives_precision_per_threshold_and_suggests_one():
    labels = [("spam", 0.3, "dismissed")] * 10 + [("spam", 0.6, "dismissed")] * 2
    labels += [("spam", 0.7, "confirmed")] * 18
    labels += [("spam", 0.95, "confirmed")] * 2
    (report,) = decision_report(labels=labels, current={"spam": 0.5})
    at = {row.threshold: row for row in report.rows}
    assert at[0.3].flagged == 32 and at[0.3].precision == pytest.approx(20 / 32)
    assert at[0.5].precision == pytest.approx(20 / 22)
    assert at[0.65].precision == 1.0 and at[0.65].kept == 1.0
    # Keeping 90% of confirmed flags: 0.7 keeps all 20 (0.75 would keep 2 of 20).
    assert report.suggested == 0.7 and "precision 1.00" in report.reason


def test_crisis_suggestions_keep_every_confirmed_flag_and_small_samples_get_none():
    labels = [("crisis", 0.4, "dismissed")] * 15 + [("crisis", 0.5, "confirmed")] * 5
    labels += [("crisis", 0.9, "confirmed")]
    (report,) = decision_report(labels=labels, current={"crisis": 0.35})
    assert report.suggested == 0.5
    (few,) = decision_report(labels=labels[:5], current={})
    assert few.suggested is None and "only 5 decisions" in few.reason


def test_evaluate_detectors_from_decisions_prints_precision_and_a_suggestion(thread, moderator):
    for i in range(25):
        item, _ = flagged(thread, category="off_topic", score=0.5 + (i % 5) / 10)
        if i % 5 == 0:
            review_item_approve(item=item, actor=moderator)
        else:
            from moderation.services.review_items import review_item_label_off_topic

            review_item_label_off_topic(item=item, actor=moderator)
    out = StringIO()
    call_command("evaluate_detectors", "--from-decisions", stdout=out)
    text = out.getvalue()
    assert "off_topic: 25 decisions, 20 confirmed" in text
    assert "threshold  flagged  confirmed  precision" in text
    assert "0.60       20         20      1.000" in text
    assert "suggested threshold: 0.60" in text


def test_the_thresholds_page_shows_the_decision_numbers_next_to_each_threshold(client, admin_member, thread):
    DetectorThreshold.objects.create(category="spam", threshold=0.5)
    DecisionLabel.objects.bulk_create(
        [DecisionLabel(text="x", category="spam", detector="spam.lexical", score=0.7, decision="confirmed")]
        * 3
        + [DecisionLabel(text="y", category="spam", detector="spam.lexical", score=0.4, decision="dismissed")]
    )
    client.force_login(admin_member)
    html = client.get("/admin/moderation/detectorthreshold/").content.decode()
    assert "On moderators&#x27; decisions" in html or "On moderators' decisions" in html
    assert "At 0.50: precision 1.00 on 3 decisions, keeps 100% of confirmed" in html
    assert "only 4 decisions so far" in html


def test_labels_leave_the_site_only_through_the_admins_export(client, admin_member, moderator_client):
    label = DecisionLabel.objects.create(text="private words", category="spam", detector="spam.lexical",
                                         score=0.7, decision="confirmed")  # fmt: skip
    assert moderator_client.get("/admin/moderation/decisionlabel/").status_code == 302  # not staff
    client.force_login(admin_member)
    response = client.post(
        "/admin/moderation/decisionlabel/", {"action": "export_csv", "_selected_action": [label.pk]}
    )
    assert response["Content-Type"].startswith("text/csv") and "private words" in response.content.decode()
    assert LogEntry.objects.filter(change_message="Exported as CSV", user=admin_member).exists()
