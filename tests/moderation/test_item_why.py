"""The item page answers "why was this flagged?": each detector's score against its threshold with the
evidence in context, and each reporter's reason and weight."""

from datetime import timedelta

import pytest
from django.utils import timezone

from moderation.models import DetectorThreshold, Flag, Lane
from tests.factories import MemberFactory, ModeratorFactory, ReplyFactory
from tests.moderation.factories import FlagFactory, ReviewItemFactory

pytestmark = pytest.mark.django_db

BODY = "Sundays drag on. Lately I keep thinking everyone would be better off without me, honestly."


def _reason_html(html: str, flag: Flag) -> str:
    start = html.index(f'data-flag-id="{flag.pk}"')
    ends = [i for i in (html.find("data-flag-id=", start + 1), html.find("</section>", start)) if i > 0]
    return html[start : min(ends)]


def test_a_detector_flag_shows_its_score_against_the_threshold_in_force_and_its_evidence_in_context(
    moderator_client, thread
):
    item = ReviewItemFactory(post=ReplyFactory(thread=thread, body=BODY), lane=Lane.SAFETY)
    flag = FlagFactory(
        item=item, source=Flag.Source.DETECTOR, reporter=None, category="crisis", severity="medium",
        detector="crisis.lexical", subtype="ideation_passive", score=0.7,
        evidence=["better off without me", "similarity 0.81"],
    )  # fmt: skip
    DetectorThreshold.objects.create(category="crisis", threshold=0.6)

    html = moderator_client.get(f"/moderation/items/{item.pk}/").content.decode()
    reason = _reason_html(html, flag)

    assert "<code>crisis.lexical</code>" in reason
    assert "score 0.70 against a threshold of 0.60 (0.10 over)" in reason
    assert "<q>Sundays drag on. Lately I keep thinking everyone would <mark>better off without me</mark>" \
        not in reason  # the context is cut at 40 characters
    assert "keep thinking everyone would be <mark>better off without me</mark>, honestly.</q>" in reason
    assert "similarity 0.81 <span class=\"muted\">(a signal, not words in the post)</span>" in reason


def test_each_report_shows_the_reporters_reason_and_what_their_report_weighs(moderator_client, thread):
    item = ReviewItemFactory(post=ReplyFactory(thread=thread, body="Just get over it."), lane=Lane.REPORTED)
    newcomer = MemberFactory(display_name="newcomer", date_joined=timezone.now() - timedelta(days=3))
    regular = MemberFactory(display_name="regular", date_joined=timezone.now() - timedelta(days=400))
    colleague = ModeratorFactory(display_name="colleague")
    flags = [
        FlagFactory(item=item, reporter=newcomer, category="harassment", note="Felt dismissive."),
        FlagFactory(item=item, reporter=regular, category="spam"),
        FlagFactory(item=item, reporter=colleague, category="other"),
    ]

    html = moderator_client.get(f"/moderation/items/{item.pk}/").content.decode()

    first, second, third = (_reason_html(html, f) for f in flags)
    assert "reported by newcomer: “Harassment or unkindness”" in first
    assert "weight 10</span>" in first and "less than 90 days" in first and "Felt dismissive." in first
    assert "reported by regular: “Spam or advertising”" in second and "weight 20</span>" in second
    assert "reported by colleague: “Something else”" in third and "weight 50</span>" in third
    assert "from a moderator" in third


@pytest.mark.parametrize("flags", [2, 30])
def test_the_item_page_explains_its_flags_in_a_fixed_number_of_queries(
    flags, moderator_client, thread, django_assert_max_num_queries
):
    item = ReviewItemFactory(post=ReplyFactory(thread=thread, body=BODY), lane=Lane.REPORTED)
    for _ in range(flags):
        FlagFactory(item=item, reporter=MemberFactory(), category="harassment")
        FlagFactory(item=item, source=Flag.Source.DETECTOR, reporter=None, category="spam", score=0.6,
                    detector="spam.lexical", evidence=["over it"])  # fmt: skip
    # 13 reads, +1 for the reasons the author is told, read once for every form on the page.
    with django_assert_max_num_queries(14):
        response = moderator_client.get(f"/moderation/items/{item.pk}/")
    assert response.status_code == 200
