from io import StringIO

from django.core.management import call_command

from community.models import Post
from moderation.models import AuditLogEntry, ReviewItem


def test_the_moderation_demo_fills_every_lane_through_the_real_paths_and_is_idempotent(
    db, django_capture_on_commit_callbacks
):
    call_command("seed_demo", stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_moderation_demo", stdout=StringIO())
    open_lanes = set(ReviewItem.objects.filter(status=ReviewItem.Status.OPEN).values_list("lane", flat=True))
    assert {"safety", "reported", "held"} <= open_lanes
    ad = Post.objects.get(body__startswith="Vote for Dale Hunter")
    assert ad.is_off_topic
    assert AuditLogEntry.objects.filter(action="off_topic").exists()
    crisis = Post.objects.get(body__startswith="Sundays are the worst for me too")
    assert crisis.is_sensitive and crisis.status == Post.Status.PUBLISHED

    posts_before = Post.objects.count()
    call_command("seed_moderation_demo", stdout=StringIO())
    assert Post.objects.count() == posts_before
