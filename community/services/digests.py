"""Digest emails: what happened in the spaces and threads a member follows, daily or weekly.

When: the beat task runs hourly. A member's period ends at ``HEARTH_DIGEST_HOUR`` local time (in their own
``timezone``) — every day for daily digests, on ``HEARTH_DIGEST_WEEKDAY`` for weekly ones. A member is due
when the latest period end has passed less than ``HEARTH_DIGEST_CATCHUP_HOURS`` ago and no
:class:`~community.models.DigestLog` row exists for that period, so a run missed while the worker was down
is caught up a little later, and a repeated run does nothing.

What "new" and "seen" mean: a digest covers posts created inside its period, and never before the end of
the member's previous digest, so nothing appears twice. A reply counts as already seen when the member has
read its in-site notification. The member's own posts, posts by members they muted, and anything held,
hidden, deleted or crisis-flagged (``is_sensitive``) never appear.

Scale: members are processed in batches by id; a batch costs a fixed number of queries whatever its size
(members, follows, mutes, new threads, new replies, replies to them, read notifications, two bulk inserts
and one lookup for dispatch; on SQLite too, see ``_whole_batch_inserts``). The DigestLog row and the
outbox row are written in the same transaction, and the outbox ``dedupe_key``
(``digest:<member>:<frequency>:<period start>``) makes a duplicated run harmless.
"""

from __future__ import annotations

import sqlite3
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import Truncator

from community.models import (
    DigestFrequency,
    DigestLog,
    Member,
    MemberMute,
    Notification,
    OutboundMessage,
    Post,
    SpaceSubscription,
    ThreadSubscription,
)
from community.selectors import posts_waiting_for_reply
from community.services.outbox import outbox_dispatch, render_email
from community.unsubscribe import unsubscribe_headers

EXCERPT_CHARS = 160
EXCERPTS_PER_THREAD = 3
PERIOD_LENGTH = {DigestFrequency.DAILY: timedelta(days=1), DigestFrequency.WEEKLY: timedelta(days=7)}


class _ReadByTemplates:
    """Lets the digest templates read fields as keys.

    Django's template engine tries ``obj[name]`` before ``obj.name`` and pays for a raised and caught
    exception on every lookup of an object without ``__getitem__``; the digest templates do ~250 lookups per
    email, and answering them as keys made a batch ~8% faster.
    """

    __slots__ = ()

    def __getitem__(self, name: str):
        try:
            return getattr(self, name)
        except AttributeError:
            raise KeyError(name) from None


@dataclass(frozen=True)
class DigestEntry(_ReadByTemplates):
    post_id: int
    author_name: str
    excerpt: str
    url: str


@dataclass
class ThreadGroup(_ReadByTemplates):
    thread_id: int
    title: str
    url: str
    count: int = 0
    entries: list[DigestEntry] = field(default_factory=list)


@dataclass
class DigestContent(_ReadByTemplates):
    new_threads: list[ThreadGroup] = field(default_factory=list)
    thread_replies: list[ThreadGroup] = field(default_factory=list)
    replies_to_you: list[DigestEntry] = field(default_factory=list)
    # Peer supporters only: posts in support spaces still waiting for a first reply (issue 14, item 5).
    waiting: list[ThreadGroup] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        return (
            len(self.new_threads)
            + sum(group.count for group in self.thread_replies)
            + len(self.replies_to_you)
            + len(self.waiting)
        )


@dataclass
class DigestRunResult:
    considered: int = 0
    sent: int = 0
    empty: int = 0
    previews: list[tuple[str, DigestContent]] = field(default_factory=list)  # dry runs only


# ------------------------------------------------------------------------------------------------------
# Periods
# ------------------------------------------------------------------------------------------------------


def latest_period_end(*, tz_name: str, frequency: str, now: datetime) -> datetime:
    """The most recent local ``HEARTH_DIGEST_HOUR`` (on the digest weekday for weekly) at or before now."""
    try:
        tz = zoneinfo.ZoneInfo(tz_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
    local_now = now.astimezone(tz)
    candidate = local_now.replace(hour=settings.HEARTH_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if candidate > local_now:
        candidate -= timedelta(days=1)
    if frequency == DigestFrequency.WEEKLY:
        candidate -= timedelta(days=(candidate.weekday() - settings.HEARTH_DIGEST_WEEKDAY) % 7)
    # Re-localise: a DST change between the two dates must not shift the wall-clock hour.
    naive = candidate.replace(tzinfo=None)
    return naive.replace(tzinfo=tz).astimezone(zoneinfo.ZoneInfo("UTC"))


def _due_groups(
    *, frequency: str, zones: Iterable[str], now: datetime, force: bool
) -> dict[datetime, list[str]]:
    """Group time zones by period end, keeping only those inside the catch-up window (all when forced)."""
    window = timedelta(hours=settings.HEARTH_DIGEST_CATCHUP_HOURS)
    groups: dict[datetime, list[str]] = defaultdict(list)
    for tz_name in zones:
        end = latest_period_end(tz_name=tz_name, frequency=frequency, now=now)
        if force or now - end < window:
            groups[end].append(tz_name)
    return groups


# ------------------------------------------------------------------------------------------------------
# Selecting members and content
# ------------------------------------------------------------------------------------------------------


def _candidate_members(*, frequency: str, period_start: datetime, zones: list[str]) -> QuerySet[Member]:
    from allauth.account.models import EmailAddress

    already = DigestLog.objects.filter(member=OuterRef("pk"), frequency=frequency, period_start=period_start)
    # An address someone signed up with but never confirmed may not be theirs: send it nothing.
    unconfirmed = EmailAddress.objects.filter(user=OuterRef("pk"), email__iexact=OuterRef("email"),
                                              verified=False)
    last_end = (
        DigestLog.objects.filter(member=OuterRef("pk"), sent=True)
        .values("member")
        .annotate(last=Max("period_end"))
        .values("last")
    )
    return (
        Member.objects.filter(is_active=True, digest_frequency=frequency, timezone__in=zones)
        # Taking a break: no digest for a period that ends while it lasts (it is not sent later either).
        .exclude(break_until__gt=timezone.now())
        .exclude(Exists(already))
        .exclude(Exists(unconfirmed))
        .annotate(last_digest_end=Subquery(last_end))
        .only("pk", "email", "display_name", "timezone", "digest_frequency", "is_peer_supporter")
        .order_by("pk")
    )


def _visible_posts() -> QuerySet[Post]:
    return Post.objects.filter(status=Post.Status.PUBLISHED, deleted_at__isnull=True, is_sensitive=False)


# What a digest needs of a post, read as plain rows: a batch reads every reply in the threads its members
# follow (about 800 for 200 members in the benchmark), and building model instances with four related
# objects each was a third of a batch's time.
_POST_COLUMNS = (
    "pk", "thread_id", "thread__title", "thread__space_id", "author_id", "guest_id", "author__display_name",
    "guest__name", "created_at", "body",
)


class _PostRow:
    __slots__ = ("pk", "thread_id", "title", "space_id", "author_id", "author_name", "created_at", "body",
                 "parent_author_id")

    def __init__(self, row: tuple, parent_author_id: int | None = None) -> None:
        (self.pk, self.thread_id, self.title, self.space_id, self.author_id, guest_id, member_name,
         guest_name, self.created_at, self.body) = row
        # Post.author_name, from the row.
        if self.author_id is not None:
            self.author_name = member_name
        elif guest_id is not None:
            self.author_name = guest_name
        else:
            self.author_name = "A former member"
        self.parent_author_id = parent_author_id


class DigestMemo:
    """Excerpts and URLs of the posts and threads a run has already met, kept for the whole run.

    The same busy threads appear in every batch; without this each batch truncated and reversed them again.
    """

    def __init__(self) -> None:
        self.entries: dict[int, DigestEntry] = {}
        self.thread_urls: dict[int, str] = {}

    def entry(self, post: _PostRow) -> DigestEntry:
        known = self.entries.get(post.pk)
        if known is None:
            known = self.entries[post.pk] = _entry(post)
        return known

    def thread_url(self, thread_id: int) -> str:
        known = self.thread_urls.get(thread_id)
        if known is None:
            known = self.thread_urls[thread_id] = _thread_url(thread_id)
        return known


def _entry(post: _PostRow) -> DigestEntry:
    from django.urls import reverse

    return DigestEntry(
        post_id=post.pk,
        author_name=post.author_name,
        excerpt=Truncator(" ".join(post.body.split())).chars(EXCERPT_CHARS),
        url=f"{settings.SITE_URL}{reverse('community:post', kwargs={'post_id': post.pk})}",
    )


def _thread_url(thread_id: int) -> str:
    from django.urls import reverse

    return f"{settings.SITE_URL}{reverse('community:thread', kwargs={'thread_id': thread_id})}"


WAITING_IN_DIGEST = 5


def _waiting_posts(members: list[Member], memo: DigestMemo) -> list[tuple[int | None, ThreadGroup]]:
    """(author id, thread) for posts waiting for a reply, when the batch has a peer supporter (2 queries)."""
    if not any(member.is_peer_supporter for member in members):
        return []
    rows = posts_waiting_for_reply().values_list("author_id", "thread_id", "thread__title")
    # One more than shown, so that a supporter's own post dropping out still leaves WAITING_IN_DIGEST.
    return [
        (author_id, ThreadGroup(thread_id, title, memo.thread_url(thread_id)))
        for author_id, thread_id, title in rows[: WAITING_IN_DIGEST + 1]
    ]


def build_batch_content(
    *, members: list[Member], period_start: datetime, period_end: datetime, memo: DigestMemo | None = None
) -> dict[int, DigestContent]:
    """Digest content for a batch of members in a fixed number of queries (6), whatever the batch size."""
    memo = memo or DigestMemo()
    ids = [m.pk for m in members]
    start_for = {m.pk: max(period_start, m.last_digest_end or period_start) for m in members}
    space_follows: dict[int, set[int]] = defaultdict(set)
    for member_id, space_id in SpaceSubscription.objects.filter(member_id__in=ids).values_list(
        "member_id", "space_id"
    ):
        space_follows[member_id].add(space_id)
    thread_follows: dict[int, set[int]] = defaultdict(set)
    for member_id, thread_id in ThreadSubscription.objects.filter(member_id__in=ids).values_list(
        "member_id", "thread_id"
    ):
        thread_follows[member_id].add(thread_id)
    muted: dict[int, set[int]] = defaultdict(set)
    mutes = MemberMute.objects.filter(member_id__in=ids).values_list("member_id", "muted_id")
    for member_id, muted_id in mutes:
        muted[member_id].add(muted_id)

    waiting = _waiting_posts(members, memo)

    window = _visible_posts().filter(created_at__gte=period_start, created_at__lt=period_end)
    # Subscriptions are subqueries rather than id lists: a batch may follow tens of thousands of threads,
    # more than a query may carry as parameters. (A join needed DISTINCT over one row per subscriber.)
    batch_spaces = SpaceSubscription.objects.filter(member_id__in=ids).values("space_id")
    batch_threads = ThreadSubscription.objects.filter(member_id__in=ids).values("thread_id")
    opening_posts = [
        _PostRow(row)
        for row in window.filter(parent__isnull=True, thread__space_id__in=batch_spaces)
        .order_by("id")
        .values_list(*_POST_COLUMNS)
    ] if space_follows else []
    replies = [
        _PostRow(row[:-1], row[-1])
        for row in window.filter(parent__isnull=False)
        .filter(Q(thread_id__in=batch_threads) | Q(parent__author_id__in=ids))
        .order_by("id")
        .values_list(*_POST_COLUMNS, "parent__author_id")
    ]
    read = set(
        Notification.objects.filter(
            recipient_id__in=ids, read_at__isnull=False, post__created_at__gte=period_start
        ).values_list("recipient_id", "post_id")
    )

    # Index the batch's posts once, so each member walks only the posts that can concern them (replies in
    # threads they follow or to their own posts); each excerpt and thread URL is built once per run (memo)
    # rather than once per member: without this a batch costs members x replies.
    openings_by_space: dict[int, list[_PostRow]] = defaultdict(list)
    for post in opening_posts:
        openings_by_space[post.space_id].append(post)
    replies_by_thread: dict[int, list[_PostRow]] = defaultdict(list)
    replies_to: dict[int, list[_PostRow]] = defaultdict(list)
    for post in replies:
        replies_by_thread[post.thread_id].append(post)
        if post.parent_author_id is not None:
            replies_to[post.parent_author_id].append(post)
    entry, thread_url = memo.entry, memo.thread_url

    contents: dict[int, DigestContent] = {}
    for member in members:
        me = member.pk
        start = start_for[me]
        hidden_authors = muted[me] | {me}
        content = DigestContent()

        followed_openings = sorted(
            (post for space_id in space_follows[me] for post in openings_by_space[space_id]),
            key=lambda p: p.pk,
        )
        for post in followed_openings:
            if post.created_at >= start and post.author_id not in hidden_authors:
                group = ThreadGroup(post.thread_id, post.title, thread_url(post.thread_id), count=1)
                group.entries.append(entry(post))
                content.new_threads.append(group)
        groups: dict[int, ThreadGroup] = {}
        followed = thread_follows[me]
        relevant = {p.pk: p for thread_id in followed for p in replies_by_thread[thread_id]}
        relevant.update((post.pk, post) for post in replies_to[me])
        for post in (relevant[pk] for pk in sorted(relevant)):  # id order, as before the index
            if post.created_at < start or post.author_id in hidden_authors or (me, post.pk) in read:
                continue
            if post.parent_author_id == me:
                content.replies_to_you.append(entry(post))
            elif post.thread_id in followed:
                group = groups.get(post.thread_id)
                if group is None:
                    group = groups[post.thread_id] = ThreadGroup(
                        post.thread_id, post.title, thread_url(post.thread_id)
                    )
                group.count += 1
                if len(group.entries) < EXCERPTS_PER_THREAD:
                    group.entries.append(entry(post))
        content.thread_replies = sorted(groups.values(), key=lambda g: -g.count)
        if member.is_peer_supporter:
            content.waiting = [group for author_id, group in waiting if author_id != me][:WAITING_IN_DIGEST]
        contents[me] = content
    return contents


# ------------------------------------------------------------------------------------------------------
# Sending
# ------------------------------------------------------------------------------------------------------


@contextmanager
def _whole_batch_inserts() -> Iterator[None]:
    """Let a batch's bulk INSERTs go in one statement per table on SQLite, as they do on PostgreSQL.

    Django 5.2 assumes every SQLite allows only 999 parameters per statement (the limit before SQLite 3.32)
    and splits each bulk INSERT there: an outbox row has 14 columns, so 200 digests took three INSERTs and
    the queries per batch grew with the batch size (12 at 50 members, 16 at 200). The connection knows its
    real limit (32,766 by default since 3.32); this reads it, as Django 6.0 does, for this block only.
    """
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    features = connection.features
    own = "max_query_params" in features.__dict__
    saved = features.__dict__.get("max_query_params")
    features.max_query_params = max(
        features.max_query_params, connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    )
    try:
        yield
    finally:
        if own:
            features.max_query_params = saved
        else:
            del features.max_query_params


def _dedupe_key(*, member_id: int, frequency: str, period_start: datetime) -> str:
    return f"digest:{member_id}:{frequency}:{period_start:%Y%m%dT%H%MZ}"


def _message(member: Member, content: DigestContent, frequency: str, period_start: datetime,
             period_end: datetime) -> OutboundMessage:
    from django.urls import reverse

    # One signed token per digest (signing was ~8% of a batch when the body and the header each made one):
    # the header carries the same URL the body links to.
    headers = unsubscribe_headers(member_id=member.pk, scope="digest")
    context = {
        "member": member,
        "content": content,
        "frequency": frequency,
        "period_label": "today" if frequency == DigestFrequency.DAILY else "this week",
        "unsubscribe_url": headers["List-Unsubscribe"].removeprefix("<").removesuffix(">"),
        "preferences_url": f"{settings.SITE_URL}{reverse('community:preferences')}",
    }
    subject, body_text, body_html = render_email(template="digest", context=context)
    return OutboundMessage(
        kind="digest",
        to=member.email,
        subject=subject[:300],
        body_text=body_text,
        body_html=body_html,
        dedupe_key=_dedupe_key(member_id=member.pk, frequency=frequency, period_start=period_start),
        headers=headers,
        payload={"member": member.pk, "period_end": period_end.isoformat()},
    )


def digest_send_batch(
    *, members: list[Member], frequency: str, period_start: datetime, period_end: datetime,
    dry_run: bool = False, result: DigestRunResult | None = None, memo: DigestMemo | None = None,
) -> DigestRunResult:
    """Decide, log and queue the digests of one batch: a fixed number of queries, one transaction."""
    result = result or DigestRunResult()
    contents = build_batch_content(members=members, period_start=period_start, period_end=period_end,
                                   memo=memo)
    logs: list[DigestLog] = []
    messages: list[OutboundMessage] = []
    for member in members:
        content = contents[member.pk]
        result.considered += 1
        has_news = content.item_count > 0
        result.sent += has_news
        result.empty += not has_news
        if dry_run:
            result.previews.append((member.email, content))
            continue
        logs.append(DigestLog(member_id=member.pk, frequency=frequency, period_start=period_start,
                              period_end=period_end, sent=has_news, item_count=content.item_count))
        if has_news:
            messages.append(_message(member, content, frequency, period_start, period_end))
    if dry_run or not logs:
        return result
    with transaction.atomic(), _whole_batch_inserts():
        # ignore_conflicts: a concurrent or repeated run already decided for these members; its log row
        # and its outbox row (same dedupe_key) stand, and nothing is queued twice.
        DigestLog.objects.bulk_create(logs, ignore_conflicts=True)
        if messages:
            OutboundMessage.objects.bulk_create(messages, ignore_conflicts=True)
            pending = list(
                OutboundMessage.objects.filter(
                    dedupe_key__in=[m.dedupe_key for m in messages], status=OutboundMessage.Status.PENDING
                ).values_list("pk", flat=True)
            )
            transaction.on_commit(lambda: [outbox_dispatch(message_id=pk) for pk in pending])
    return result


def digests_send_due(
    *,
    now: datetime | None = None,
    frequency: str | None = None,
    member_email: str | None = None,
    dry_run: bool = False,
    force: bool = False,
    on_batch: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> DigestRunResult:
    """Send every due digest (the hourly beat task and ``manage.py send_digests`` both land here).

    ``force`` ignores the catch-up window and uses each member's latest period (for a hand run); the
    DigestLog still guarantees one digest per member and period.
    """
    now = now or timezone.now()
    frequencies = [frequency] if frequency else [DigestFrequency.DAILY, DigestFrequency.WEEKLY]
    batch_size = settings.HEARTH_DIGEST_BATCH_SIZE
    result = DigestRunResult()
    memo = DigestMemo()
    for freq in frequencies:
        members = Member.objects.filter(is_active=True, digest_frequency=freq)
        if member_email:
            members = members.filter(email__iexact=member_email)
        zones = sorted(set(members.values_list("timezone", flat=True).distinct()))
        for period_end, group_zones in sorted(_due_groups(frequency=freq, zones=zones, now=now,
                                                          force=force).items()):
            period_start = period_end - PERIOD_LENGTH[freq]
            candidates = _candidate_members(frequency=freq, period_start=period_start, zones=group_zones)
            if member_email:
                candidates = candidates.filter(email__iexact=member_email)
            if on_total:
                on_total(candidates.count())
            last_id = 0
            while True:
                # Keyset pagination by id: rows logged by this run drop out of the query, so no offset.
                batch = list(candidates.filter(pk__gt=last_id)[:batch_size])
                if not batch:
                    break
                last_id = batch[-1].pk
                digest_send_batch(members=batch, frequency=freq, period_start=period_start,
                                  period_end=period_end, dry_run=dry_run, result=result, memo=memo)
                if on_batch:
                    on_batch(len(batch))
    return result
