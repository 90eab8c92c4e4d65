"""Every XSS payload of the corpus, through every field a person can write that is rendered somewhere.

The world is built once for the module (inside a transaction rolled back at the end), through the real
write paths: thread_create and post_create (Markdown rendered and sanitised there), guest replies, member
reports, moderator notes, the admin's crisis-line form, the digest and alert producers. Then every page,
API answer and email that shows those fields is fetched or rendered and handed to the checker
(tests/reliability/xss.py), which must find nothing executable.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.db import transaction
from django.db.models import F
from django.test import Client, RequestFactory
from django.utils import timezone

from community.models import GuestAuthor, OutboundMessage, Post, SpaceSubscription, ThreadSubscription
from community.rendering import render_markdown
from community.services.digests import digests_send_due
from community.services.guests import guest_send_confirmation
from community.services.notifications import fan_out_reply
from community.services.outbox import render_email
from community.services.posts import post_create
from community.services.threads import thread_create
from community.views.common import SUPPORT_SESSION_KEY
from moderation.models import CrisisResource, Flag, ReviewItem
from moderation.services.notes import moderator_note_add
from moderation.services.reports import report_create
from tests.factories import AdminFactory, MemberFactory, SpaceFactory, ThreadFactory
from tests.moderation.factories import ModeratorProfileFactory
from tests.reliability import stats
from tests.reliability.xss import DANGEROUS_URLS, PAYLOADS, executable_parts

# Not a fault, but part of the reliability suite: too slow for the quick loop (-m "not fault").
pytestmark = [pytest.mark.fault, pytest.mark.django_db]

CRISIS_TEXT = "I can't do this anymore. I am going to kill myself tonight, I have the pills ready."


def _guarded(text: str) -> list[str]:
    return executable_parts(text)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One member, thread, reply, guest reply, report and moderator note per payload."""
    from moderation.detectors import embeddings

    forced, backend = embeddings._forced, embeddings._backend
    embeddings._forced, embeddings._backend = "lexical", None  # no model load: rendering is the subject
    with django_db_blocker.unblock(), transaction.atomic():
        space = SpaceFactory(slug="xss", allow_guest_replies=True)
        reader = MemberFactory(display_name="Reader", digest_frequency="daily", timezone="UTC")
        SpaceSubscription.objects.create(member=reader, space=space)
        moderator = ModeratorProfileFactory(on_duty=True).member
        hub = thread_create(space=space, author=reader, title="Hub", body="Say anything.").thread
        world = SimpleNamespace(space=space, reader=reader, moderator=moderator, hub=hub, members=[],
                                threads=[], replies=[], guest_posts=[], items=[])
        opening = hub.posts.get(parent__isnull=True)
        # The first report goes through the real path; the rest are the same Flag rows, written in bulk.
        report_create(post=opening, reporter=MemberFactory(), reason="other", note=PAYLOADS[0])
        item = ReviewItem.objects.get(post=opening)
        flags = []
        for i, payload in enumerate(PAYLOADS):
            member = MemberFactory(display_name=payload[:50], bio=payload[:1000], country="")
            world.members.append(member)
            # Titles and opening posts: the factory renders bodies with render_markdown, as the service does.
            world.threads.append(ThreadFactory(space=space, author=member, title=payload[:200],
                                               opening_post_body=payload))
            reply = post_create(thread=hub, author=member, body=payload).post
            world.replies.append(reply)
            if i < 60:  # the notifications page shows the latest ones
                fan_out_reply(post_id=reply.pk)
            guest = GuestAuthor.objects.create(name=payload[:50], email=f"guest{i}@example.net",
                                               confirmed_at=timezone.now())
            world.guest_posts.append(Post.objects.create(
                thread=hub, guest=guest, parent=opening, depth=1, body=payload,
                body_html=render_markdown(payload),
            ))
            waiting = Post.objects.create(
                thread=hub,
                guest=GuestAuthor.objects.create(name=payload[:50], email=f"waiting{i}@example.net"),
                parent=opening, depth=1, body=payload, body_html=render_markdown(payload),
                status=Post.Status.HELD, hold_reason=Post.HoldReason.GUEST_UNCONFIRMED,
            )
            guest_send_confirmation(post=waiting)
            flags.append(Flag(item=item, source=Flag.Source.MEMBER, category=Flag.Category.OTHER,
                              reporter=member, note=payload.strip()[:2000]))
            # Every moderator note lands on one member: one page shows them all.
            moderator_note_add(member=reader, actor=moderator, body=payload)
        Flag.objects.bulk_create(flags)
        Post.objects.filter(thread=hub, depth=1, root__isnull=True).update(root_id=F("id"))
        world.items = list(ReviewItem.objects.values_list("pk", flat=True))
        # A crisis thread whose title is a payload: the alert email carries the title.
        for payload in PAYLOADS[:10]:
            thread_create(space=space, author=world.members[0], title=payload[:200], body=CRISIS_TEXT)
        world.crisis_resources = _crisis_resources_through_the_admin_form()
        digests_send_due(now=timezone.now() + timezone.timedelta(days=1), frequency="daily", force=True,
                         member_email=reader.email)
        ThreadSubscription.objects.get_or_create(member=reader, thread=hub)
        yield world
        transaction.set_rollback(True)
    embeddings._forced, embeddings._backend = forced, backend


def _crisis_resources_through_the_admin_form() -> SimpleNamespace:
    """Crisis lines are written only in the admin: submit every payload through its form."""
    request = RequestFactory().get("/admin/")
    request.user = AdminFactory()
    form_class = admin.site._registry[CrisisResource].get_form(request)
    saved = rejected = 0
    for payload in PAYLOADS:
        form = form_class(data={"country": "", "name": payload[:120], "description": payload[:300],
                                "phone": payload[:40], "text": payload[:80], "url": "", "position": 0,
                                "active": "on"})
        if form.is_valid():
            form.save()
            saved += 1
        else:
            rejected += 1
    for url in [*DANGEROUS_URLS, *PAYLOADS]:
        form = form_class(data={"country": "", "name": "Line", "url": url, "position": 0, "active": "on"})
        if form.is_valid():
            form.save()
            saved += 1
        else:
            rejected += 1
    return SimpleNamespace(saved=saved, rejected=rejected)


class Crawl:
    """Fetches pages, counts requests and collects what the checker found, per URL."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.findings: list[str] = []

    def page(self, url: str, *, expect: tuple[int, ...] = (200,)) -> str:
        response = self.client.get(url)
        stats.count("xss_requests")
        assert response.status_code in expect, (url, response.status_code)
        html = response.content.decode()
        self.findings += [f"{url}: {finding}" for finding in _guarded(html)]
        return html

    def api(self, url: str) -> dict:
        response = self.client.get(url, HTTP_ACCEPT="application/json")
        stats.count("xss_requests")
        assert response.status_code == 200, (url, response.status_code)
        assert response["Content-Type"].startswith("application/json")
        data = response.json()
        for html in _strings_named(data, "body_html"):
            self.findings += [f"{url} body_html: {finding}" for finding in _guarded(html)]
        return data


def _strings_named(data, key: str):
    if isinstance(data, dict):
        for k, v in data.items():
            if k == key and isinstance(v, str):
                yield v
            else:
                yield from _strings_named(v, key)
    elif isinstance(data, list):
        for v in data:
            yield from _strings_named(v, key)


def test_the_corpus_has_at_least_150_payloads_and_the_checker_catches_them_when_unescaped():
    stats.set_value("xss_payloads", len(PAYLOADS))
    assert len(PAYLOADS) >= 150
    # The checker is only worth something if it sees the attacks: a raw (unescaped) page with these
    # vectors must be flagged, one finding per vector kind at least.
    raw = [p for p in PAYLOADS if executable_parts(p)]
    assert len(raw) >= 100
    vectors = (
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
        '<a href="&#x6A;avascript:alert(1)">click</a>', '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<iframe srcdoc="x"></iframe>', '<meta http-equiv="refresh" content="0;url=javascript:1">',
        '<a href="data:text/html;base64,PHN2Zz4=">x</a>', '<div style="width:expression(1)">',
    )
    for vector in vectors:
        assert executable_parts(vector), vector
    assert not executable_parts('<p>Hello <a href="https://example.org" rel="nofollow">there</a></p>')


def test_no_payload_survives_the_markdown_renderer():
    findings = {p: executable_parts(render_markdown(p)) for p in PAYLOADS}
    assert {p: f for p, f in findings.items() if f} == {}


def test_member_pages_show_no_executable_payload_in_titles_bodies_names_or_bios(world, client):
    client.force_login(world.reader)
    crawl = Crawl(client)
    crawl.page("/")
    for page in range(1, len(world.threads) // 25 + 3):
        crawl.page(f"/spaces/{world.space.slug}/?page={page}", expect=(200, 404))
    for page in range(1, len(PAYLOADS) * 2 // 50 + 2):
        crawl.page(f"/threads/{world.hub.pk}/?page={page}", expect=(200, 404))
    for thread in world.threads:
        crawl.page(f"/threads/{thread.pk}/")
    for member in world.members:
        crawl.page(f"/members/{member.pk}/")
    published = Post.objects.filter(pk__in=[r.pk for r in world.replies], status=Post.Status.PUBLISHED)
    for reply in published[:20]:
        crawl.page(f"/posts/{reply.pk}/report/")
        crawl.page(f"/threads/{world.hub.pk}/reply/?parent={reply.pk}")
    crawl.page("/notifications/")
    assert crawl.findings == []


def test_guest_and_anonymous_pages_show_no_executable_payload(world, client):
    crawl = Crawl(client)
    crawl.page("/")
    for page in range(1, len(PAYLOADS) * 2 // 50 + 2):
        crawl.page(f"/threads/{world.hub.pk}/?page={page}", expect=(200, 404))
    published = Post.objects.filter(pk__in=[r.pk for r in world.replies], status=Post.Status.PUBLISHED)
    for post in published[:20]:
        crawl.page(f"/threads/{world.hub.pk}/guest-reply/?parent={post.pk}")
    assert crawl.findings == []


def test_an_authors_own_edit_and_delete_pages_show_no_executable_payload(world, client):
    crawl = Crawl(client)
    for member, reply in list(zip(world.members, world.replies, strict=True))[:20]:
        client.force_login(member)
        crawl.page(f"/posts/{reply.pk}/edit/")
        crawl.page(f"/posts/{reply.pk}/delete/")
    assert crawl.findings == []


def test_moderator_pages_show_no_executable_payload_in_reports_notes_or_posts(world, client):
    client.force_login(world.moderator)
    crawl = Crawl(client)
    for lane in ("safety", "reported", "held", "off_topic"):
        for page in range(1, len(world.items) // 50 + 3):
            crawl.page(f"/moderation/?lane={lane}&page={page}", expect=(200, 404))
    # The reported item shows every report note; the others (held and flagged payload posts) are sampled.
    reported = ReviewItem.objects.get(post__thread=world.hub, post__parent__isnull=True).pk
    for item_id in [reported, *world.items[:: max(1, len(world.items) // 30)]]:
        crawl.page(f"/moderation/items/{item_id}/")
    for member in [world.reader, *world.members[:20]]:
        crawl.page(f"/moderation/members/{member.pk}/")
    crawl.page("/moderation/audit/")
    crawl.page("/moderation/dashboard/")
    assert crawl.findings == []


def test_the_support_panel_shows_no_executable_crisis_line_field(world, client):
    assert world.crisis_resources.saved >= len(PAYLOADS)
    assert not CrisisResource.objects.filter(url__iregex=r"^\s*(javascript|vbscript|data):").exists()
    author = world.members[0]
    client.force_login(author)
    session = client.session
    session[SUPPORT_SESSION_KEY] = world.threads[0].pk
    session.save()
    crawl = Crawl(client)
    html = crawl.page(f"/threads/{world.threads[0].pk}/")
    assert "support-panel" in html
    assert crawl.findings == []


def test_the_api_returns_json_and_sanitised_html_only(world, client):
    client.force_login(world.reader)
    crawl = Crawl(client)
    crawl.api(f"/api/v1/threads/?space={world.space.slug}")
    for page in range(1, len(PAYLOADS) * 2 // 25 + 2):
        response = client.get(f"/api/v1/threads/{world.hub.pk}/replies/?page={page}")
        stats.count("xss_requests")
        if response.status_code in (400, 404):  # past the last page
            break
        crawl.findings += [
            f"replies page {page}: {f}"
            for html in _strings_named(response.json(), "body_html")
            for f in _guarded(html)
        ]
    for member in world.members[:20]:
        crawl.api(f"/api/v1/members/{member.pk}/")
    # A browser opening the API gets JSON or the browsable API; whichever, nothing executable.
    response = client.get(f"/api/v1/threads/{world.hub.pk}/replies/", HTTP_ACCEPT="text/html")
    stats.count("xss_requests")
    if response["Content-Type"].startswith("text/html"):
        crawl.findings += [f"browsable API: {f}" for f in _guarded(response.content.decode())]
    else:
        json.loads(response.content)
    assert crawl.findings == []


def test_emails_from_the_real_producers_carry_no_executable_payload(world):
    messages = list(OutboundMessage.objects.filter(kind__in=["digest", "crisis_alert", "guest_confirmation"]))
    kinds = {m.kind for m in messages}
    assert kinds == {"digest", "crisis_alert", "guest_confirmation"}, kinds
    findings = [f"{m.kind} {m.pk}: {f}" for m in messages for f in _guarded(m.body_html)]
    stats.count("xss_emails", len(messages))
    assert findings == []


def test_every_email_template_escapes_every_payload():
    findings = []
    for payload in PAYLOADS:
        person = SimpleNamespace(display_name=payload[:50], name=payload[:50], email="x@example.org")
        thread = SimpleNamespace(title=payload[:200], pk=1)
        post = SimpleNamespace(body=payload, thread=thread)
        line = SimpleNamespace(thread_title=payload[:200], url="https://example.org/x", hours_waiting=30)
        contexts = {
            "reminder_unread": {"member": person, "count": 3, "notifications_url": "https://example.org/n",
                                "preferences_url": "https://example.org/p", "unsubscribe_url": "https://e.org/u"},
            "reminder_confirm_email": {"member": person, "confirm_url": "https://example.org/c"},
            "reminder_guest_confirm": {"guest": person, "post": post, "thread": thread, "max_age_days": 7,
                                       "confirm_url": "https://example.org/c"},
            "guest_confirmation": {"guest": person, "post": post, "thread": thread, "max_age_days": 7,
                                   "confirm_url": "https://example.org/c"},
            "moderation_summary": {"moderator": person, "lanes": [("Safety", [line])],
                                   "queue_url": "https://example.org/q"},
        }
        for template, context in contexts.items():
            _, _, html = render_email(template=template, context=context)
            stats.count("xss_emails")
            findings += [f"{template} {payload!r}: {f}" for f in _guarded(html)]
    assert findings == []

