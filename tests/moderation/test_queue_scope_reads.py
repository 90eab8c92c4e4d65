"""The queue page reads a moderator's space limits once and applies them to the list, filter and counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from moderation.models import Lane, ReviewItem
from tests.factories import ReplyFactory, SpaceFactory, ThreadFactory
from tests.moderation.factories import ModeratorProfileFactory, ReviewItemFactory

pytestmark = pytest.mark.django_db


def test_a_space_limited_moderator_s_queue_reads_their_profile_once_and_counts_only_their_spaces(client):
    mine, other = SpaceFactory(name="Mine"), SpaceFactory(name="Somewhere else")
    profile = ModeratorProfileFactory(on_duty=False)
    profile.spaces.add(mine)
    client.force_login(profile.member)
    visible = ReviewItemFactory(post=ReplyFactory(thread=ThreadFactory(space=mine)))
    ReviewItemFactory(post=ReplyFactory(thread=ThreadFactory(space=other)))
    ReviewItemFactory(post=ReplyFactory(thread=ThreadFactory(space=other)))
    url = reverse("moderation:queue") + "?lane=reported"
    client.get(url)  # warm the session

    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()

    profile_reads = [q for q in queries.captured_queries if "moderation_moderatorprofile" in q["sql"]]
    assert len(profile_reads) == 1  # the scope (profile spaces, one join): once for the whole page
    assert f'data-item-id="{visible.pk}"' in html and html.count("data-item-id=") == 1
    assert 'data-lane="reported">Reported <span class="badge">1</span>' in html
    assert ">Mine</option>" in html and "Somewhere else" not in html


def badges(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-lane="(\w+)">[^<]*<span class="badge">(\d+)</span>', html))


def test_the_lane_badges_count_only_open_items_and_show_zero_for_empty_lanes(moderator_client):
    url = reverse("moderation:queue")
    assert badges(moderator_client.get(url).content.decode()) == {
        "safety": "0",
        "reported": "0",
        "held": "0",
        "off_topic": "0",
        "appeals": "0",
    }
    ReviewItemFactory.create_batch(3, lane=Lane.REPORTED)
    ReviewItemFactory(lane=Lane.SAFETY)
    ReviewItemFactory(lane=Lane.SAFETY, status=ReviewItem.Status.RESOLVED)
    ReviewItemFactory(lane=Lane.HELD, status=ReviewItem.Status.RESOLVED)
    assert badges(moderator_client.get(url).content.decode()) == {
        "safety": "1",
        "reported": "3",
        "held": "0",
        "off_topic": "0",
        "appeals": "0",
    }
