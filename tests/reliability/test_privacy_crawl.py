"""A privacy crawl: every page and API endpoint, as anonymous, a member, a guest and a moderator of another
space, looking for other people's email addresses, held/hidden/deleted content and moderator-only fields.

The world holds one of each secret, written in Space A through the real services (held and hidden
threads, held, hidden and deleted replies, a guest reply waiting for its link, a report with a note, a
moderator's note, a sanction, an audit entry with a removed body). Each is a unique token, so finding it
anywhere in a page or an API answer is a leak. Every URL pattern is visited with every relevant id, and
every same-site link found on the pages is followed (bounded), for each role.
"""

from __future__ import annotations

import json
import re
from collections import deque
from types import SimpleNamespace

import pytest
from django.test import Client

from community.models import GuestAuthor, Notification, Post
from community.rendering import render_markdown
from community.services.posts import post_delete
from community.views.guests import CONFIRMED_GUESTS_SESSION_KEY
from moderation.models import AuditLogEntry, ReviewItem
from moderation.services.notes import moderator_note_add
from moderation.services.queue import review_item_open
from moderation.services.reports import report_create
from moderation.services.review_items import review_item_hide
from moderation.services.sanctions import member_silence
from tests.factories import MemberFactory, ReplyFactory, SpaceFactory, ThreadFactory
from tests.moderation.factories import ModeratorProfileFactory
from tests.reliability import stats

# Part of the reliability suite (-m fault), kept out of the quick loop.
pytestmark = [pytest.mark.fault, pytest.mark.django_db]

MAX_PAGES_PER_ROLE = 400
SKIP_LINKS = re.compile(r"^/(static|admin|accounts/logout|unsubscribe|_allauth|api/docs)")
HREF = re.compile(r'href="(/[^"#]*)')

# Secrets of Space A: nobody in the crawl may read them (the space's own moderators are not crawling).
SECRETS_A = {
    "held thread title": "zq-held-thread-title",
    "held thread body": "zq-held-thread-body",
    "hidden thread title": "zq-hidden-thread-title",
    "hidden thread body": "zq-hidden-thread-body",
    "held reply": "zq-held-reply-body",
    "hidden reply": "zq-hidden-reply-body",
    "deleted reply": "zq-deleted-reply-body",
    "guest reply waiting for its link": "zq-guest-waiting-body",
    "report note": "zq-report-note",
    "moderator's note": "zq-moderator-note",
    "sanction reason": "zq-sanction-reason",
    "audit reason": "zq-audit-reason",
}
# Space B's held reply: its own moderator may read it, nobody else.
SECRETS_B = {"held reply in space B": "zq-b-held-reply-body"}


@pytest.fixture
def world(db):
    space_a, space_b = SpaceFactory(slug="alpha"), SpaceFactory(slug="beta", allow_guest_replies=True)
    space_a.allow_guest_replies = True
    space_a.save(update_fields=["allow_guest_replies"])
    mod_a = ModeratorProfileFactory(member__email="zq-mod-a@example.org")
    mod_a.spaces.set([space_a])
    mod_b = ModeratorProfileFactory(member__email="zq-mod-b@example.org")
    mod_b.spaces.set([space_b])
    alice = MemberFactory(email="zq-alice@example.org", display_name="Alice")
    bob = MemberFactory(email="zq-bob@example.org", display_name="Bob")
    carol = MemberFactory(email="zq-carol@example.org", display_name="Carol")

    held = ThreadFactory(space=space_a, author=alice, title=SECRETS_A["held thread title"],
                         opening_post_body=SECRETS_A["held thread body"])
    held.posts.update(status=Post.Status.HELD, hold_reason=Post.HoldReason.MODERATOR)
    hidden = ThreadFactory(space=space_a, author=alice, title=SECRETS_A["hidden thread title"],
                           opening_post_body=SECRETS_A["hidden thread body"])
    hidden.posts.update(status=Post.Status.HIDDEN)
    thread = ThreadFactory(space=space_a, author=alice, title="An open thread")
    ReplyFactory(thread=thread, author=alice, body=SECRETS_A["held reply"], status=Post.Status.HELD,
                 hold_reason=Post.HoldReason.MODERATOR)
    to_hide = ReplyFactory(thread=thread, author=alice, body=SECRETS_A["hidden reply"])
    review_item_hide(item=review_item_open(post=to_hide)[0], actor=mod_a.member,
                     reason=SECRETS_A["audit reason"])
    deleted = ReplyFactory(thread=thread, author=alice, body=SECRETS_A["deleted reply"])
    post_delete(post=deleted, actor=alice)
    opening = thread.posts.get(parent__isnull=True)
    guest_one = GuestAuthor.objects.create(name="Guest One", email="zq-guest-one@example.net",
                                           confirmed_at=opening.created_at)
    ReplyFactory(thread=thread, author=None, guest=guest_one, body="Thinking of you, from a guest.")
    waiting = GuestAuthor.objects.create(name="Guest Two", email="zq-guest-two@example.net")
    Post.objects.create(thread=thread, guest=waiting, parent=opening, depth=1,
                        body=SECRETS_A["guest reply waiting for its link"],
                        body_html=render_markdown(SECRETS_A["guest reply waiting for its link"]),
                        status=Post.Status.HELD, hold_reason=Post.HoldReason.GUEST_UNCONFIRMED)
    reported = ReplyFactory(thread=thread, author=alice, body="A reply someone reported.")
    report_create(post=reported, reporter=carol, reason="other", note=SECRETS_A["report note"])
    bobs = ReplyFactory(thread=thread, author=bob, body="Bob's own reply.")
    ReplyFactory(thread=thread, author=alice, parent=bobs, body="Alice answers Bob.")
    Notification.objects.create(recipient=bob, kind=Notification.Kind.REPLY_TO_YOU, actor=alice,
                                thread=thread, post=bobs)
    moderator_note_add(member=alice, actor=mod_a.member, body=SECRETS_A["moderator's note"])
    member_silence(member=alice, actor=mod_a.member, days=3, reason=SECRETS_A["sanction reason"])

    thread_b = ThreadFactory(space=space_b, author=carol, title="A thread in B")
    ReplyFactory(thread=thread_b, author=carol, body=SECRETS_B["held reply in space B"],
                 status=Post.Status.HELD, hold_reason=Post.HoldReason.MODERATOR)
    for post in Post.objects.filter(status=Post.Status.HELD):
        review_item_open(post=post)
    return SimpleNamespace(space_a=space_a, space_b=space_b, mod_a=mod_a.member, mod_b=mod_b.member,
                           alice=alice, bob=bob, carol=carol, guest_one=guest_one,
                           threads=[held, hidden, thread, thread_b])


def _seed_urls(world) -> list[str]:
    posts = list(Post.objects.values_list("pk", flat=True))
    members = [world.alice.pk, world.bob.pk, world.carol.pk, world.mod_a.pk, world.mod_b.pk]
    items = list(ReviewItem.objects.values_list("pk", flat=True))
    threads = [t.pk for t in world.threads]
    urls = ["/", "/notifications/", "/preferences/", "/moderation/", "/moderation/dashboard/",
            "/moderation/audit/", "/moderation/duty/", "/api/v1/me/", "/api/v1/me/mutes/",
            "/api/v1/notifications/", "/api/v1/spaces/", "/api/v1/threads/", "/api/v1/moderation/queue/",
            "/api/v1/moderation/queue/counts/", "/api/v1/moderation/audit/", "/api/schema/?format=json"]
    for lane in ("safety", "reported", "held", "off_topic"):
        urls += [f"/moderation/?lane={lane}", f"/api/v1/moderation/queue/?lane={lane}"]
    for slug in ("alpha", "beta"):
        urls += [f"/spaces/{slug}/", f"/spaces/{slug}/new/", f"/api/v1/spaces/{slug}/",
                 f"/api/v1/threads/?space={slug}"]
    for pk in threads:
        urls += [f"/threads/{pk}/", f"/threads/{pk}/reply/", f"/threads/{pk}/guest-reply/",
                 f"/api/v1/threads/{pk}/", f"/api/v1/threads/{pk}/replies/"]
    for pk in posts:
        urls += [f"/posts/{pk}/", f"/posts/{pk}/edit/", f"/posts/{pk}/delete/", f"/posts/{pk}/report/",
                 f"/api/v1/posts/{pk}/", f"/threads/{world.threads[2].pk}/reply/?parent={pk}"]
    for pk in members:
        urls += [f"/members/{pk}/", f"/moderation/members/{pk}/", f"/api/v1/members/{pk}/",
                 f"/api/v1/members/{pk}/posts/", f"/api/v1/moderation/members/{pk}/",
                 f"/api/v1/moderation/members/{pk}/notes/"]
    for pk in items:
        urls += [f"/moderation/items/{pk}/", f"/api/v1/moderation/items/{pk}/"]
    return urls


def _json_posts(data):
    """Every object in an API answer that represents a post (it has a thread id and a body)."""
    if isinstance(data, dict):
        if "thread" in data and "body" in data:
            yield data
        for value in data.values():
            yield from _json_posts(value)
    elif isinstance(data, list):
        for value in data:
            yield from _json_posts(value)


def crawl(client: Client, world, *, own_emails: set[str], may_read: set[str], space_a_threads: set[int]):
    everyone = {world.alice.email, world.bob.email, world.carol.email, world.mod_a.email, world.mod_b.email,
                "zq-guest-one@example.net", "zq-guest-two@example.net"}
    forbidden = {f"email {e}": e for e in everyone - own_emails}
    forbidden.update({k: v for k, v in {**SECRETS_A, **SECRETS_B}.items() if k not in may_read})
    queue = deque(_seed_urls(world))
    seen: set[str] = set()
    leaks: list[str] = []
    while queue and len(seen) < MAX_PAGES_PER_ROLE:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        stats.count("privacy_requests")
        text = response.content.decode("utf-8", "replace")
        leaks += [f"{url} [{response.status_code}] shows the {what}" for what, token in forbidden.items()
                  if token in text]
        if response.get("Content-Type", "").startswith("application/json") and url.startswith("/api/v1/"):
            try:
                data = json.loads(text)
            except ValueError:
                continue
            leaks += [f"{url} has moderator-only 'moderation' on post {p.get('id')}"
                      for p in _json_posts(data) if "moderation" in p and p.get("thread") in space_a_threads]
        elif response.get("Content-Type", "").startswith("text/html"):
            queue.extend(link.replace("&amp;", "&") for link in HREF.findall(text)
                         if not SKIP_LINKS.match(link) and link not in seen)
    return leaks, len(seen)


def _space_a_threads(world) -> set[int]:
    return {t.pk for t in world.threads if t.space_id == world.space_a.pk}


def test_anonymous_visitors_see_no_email_no_held_or_hidden_content_and_no_moderator_field(world):
    leaks, pages = crawl(Client(), world, own_emails=set(), may_read=set(),
                         space_a_threads=_space_a_threads(world))
    assert pages > 100
    assert leaks == [], "\n".join(leaks)


def test_a_member_sees_no_one_elses_email_no_held_or_hidden_content_and_no_moderator_field(world):
    client = Client()
    client.force_login(world.bob)
    leaks, pages = crawl(client, world, own_emails={world.bob.email}, may_read=set(),
                         space_a_threads=_space_a_threads(world))
    assert pages > 100
    assert leaks == [], "\n".join(leaks)


def test_a_guest_sees_no_one_elses_email_no_held_or_hidden_content_and_no_moderator_field(world):
    client = Client()
    session = client.session
    session[CONFIRMED_GUESTS_SESSION_KEY] = [world.guest_one.pk]  # as the confirmation page leaves it
    session.save()
    leaks, pages = crawl(client, world, own_emails={world.guest_one.email}, may_read=set(),
                         space_a_threads=_space_a_threads(world))
    assert pages > 100
    assert leaks == [], "\n".join(leaks)


def test_a_moderator_of_another_space_sees_nothing_private_from_this_space(world):
    client = Client()
    client.force_login(world.mod_b)
    # A member's record (notes, sanctions) belongs to the member, not to a space: a sanction holds in every
    # space, so every moderator reads it. Space A's content (held, hidden, removed text, reports) stays out.
    member_record = {"moderator's note", "sanction reason"}
    leaks, pages = crawl(client, world, own_emails={world.mod_b.email},
                         may_read=set(SECRETS_B) | member_record, space_a_threads=_space_a_threads(world))
    assert pages > 100
    assert AuditLogEntry.objects.filter(reason=SECRETS_A["audit reason"]).exists()  # the secret is there
    assert leaks == [], "\n".join(leaks)
