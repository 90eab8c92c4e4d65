"""Synthetic community data, written with ``bulk_create`` but keeping every model invariant.

Invariants kept (the same ones ``community.services`` maintain one post at a time):
- an opening post (parent NULL, depth 0) per thread, replies with ``parent``, ``depth = parent.depth + 1``
  capped at HEARTH_MAX_REPLY_DEPTH (deeper replies attach at the deepest level, like ``_attach_point``),
  ``root`` = the top-level reply (itself for a top-level reply);
- ``Thread.reply_count`` = published replies, ``last_activity_at`` = the last published reply;
- ``body_html`` = ``render_markdown(body)``, rendered once per distinct text and reused;
- everyone who posted in a thread follows it (``post_create`` subscribes authors).

Post ids are assigned here, in creation order, so that a whole thread is one ``bulk_create`` whose parents
precede their children; the id sequence is reset afterwards (PostgreSQL needs that, SQLite does it itself).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from benchmarks.textgen import TextGenerator
from community.models import DigestFrequency, Member, Post, Space, Thread, ThreadSubscription
from community.rendering import render_markdown

BENCH_PASSWORD = "a calm and patient benchmark"  # noqa: S105 - synthetic accounts in a throwaway database
BATCH = 2000
PSEUDONYMS = (
    "quiet_harbour",
    "river stone",
    "Maple",
    "north star",
    "tea & toast",
    "Wren",
    "slow mornings",
    "Juniper",
    "blue kettle",
    "Sparrow",
    "night owl",
    "Fern",
    "open window",
    "Linden",
    "paper boat",
    "Willow",
)


class HtmlCache:
    """``render_markdown`` once per distinct text, as the real write path would for identical posts."""

    def __init__(self) -> None:
        self._html: dict[str, str] = {}

    def __call__(self, body: str) -> str:
        html = self._html.get(body)
        if html is None:
            html = self._html[body] = render_markdown(body)
        return html


@dataclass
class Community:
    members: list[Member]
    spaces: list[Space]
    threads_by_size: dict[int, Thread] = field(default_factory=dict)
    list_threads: list[Thread] = field(default_factory=list)
    password: str = BENCH_PASSWORD


class Builder:
    def __init__(self, *, seed: int = 7, corpus_size: int = 1500) -> None:
        self.random = random.Random(seed)
        self.text = TextGenerator(seed)
        self.corpus = self.text.corpus(corpus_size)
        self.html = HtmlCache()
        self._password_hash: str | None = None

    # -- members and spaces -------------------------------------------------------------------------
    def password_hash(self) -> str:
        if self._password_hash is None:
            self._password_hash = make_password(BENCH_PASSWORD)
        return self._password_hash

    def members(
        self,
        count: int,
        *,
        prefix: str = "member",
        digest_frequency: str = DigestFrequency.WEEKLY,
        joined_days_ago: int = 60,
    ) -> list[Member]:
        """``count`` active members who joined long enough ago not to be "new"."""
        joined = timezone.now() - timedelta(days=joined_days_ago)
        start = Member.objects.count()
        members = [
            Member(
                email=f"{prefix}{start + i}@bench.example.org",
                display_name=f"{self.random.choice(PSEUDONYMS)} {start + i}",
                password=self.password_hash(),
                date_joined=joined,
                digest_frequency=digest_frequency,
                timezone="UTC",
                country=self.random.choice(("GB", "US", "DE", "AU", "")),
            )
            for i in range(count)
        ]
        return Member.objects.bulk_create(members, batch_size=BATCH)

    def spaces(self, count: int) -> list[Space]:
        names = ("Attachment in therapy", "Loneliness", "Endings and breaks", "Family", "Getting started")
        spaces = [
            Space(
                name=names[i % len(names)] + ("" if i < len(names) else f" {i}"),
                slug=f"bench-space-{i}",
                description=f"A place to talk about {names[i % len(names)].lower()} with people who get it.",
                position=i,
            )
            for i in range(count)
        ]
        return Space.objects.bulk_create(spaces)

    # -- threads ------------------------------------------------------------------------------------
    def _tree_shape(self, replies: int, *, top_level_share: float) -> tuple[list[int | None], list[int]]:
        """Parent index (None = top-level) and depth of each reply, in creation order."""
        max_depth = settings.HEARTH_MAX_REPLY_DEPTH
        parents: list[int | None] = []
        depths: list[int] = []
        for i in range(replies):
            if i == 0 or self.random.random() < top_level_share:
                parents.append(None)
                depths.append(1)
                continue
            # People mostly answer something recent; an exponential look-back gives long chains too.
            j = max(0, i - 1 - int(self.random.expovariate(1 / 20)))
            while depths[j] >= max_depth:
                j = parents[j]  # deepest allowed level, as community.services.posts._attach_point does
            parents.append(j)
            depths.append(depths[j] + 1)
        return parents, depths

    def thread(
        self,
        *,
        space: Space,
        author: Member,
        replies: int,
        repliers: Sequence[Member],
        title: str | None = None,
        top_level_share: float = 0.25,
        held_share: float = 0.01,
        start: timedelta = timedelta(days=20),
        span: timedelta = timedelta(days=19),
    ) -> Thread:
        """A thread with its opening post and ``replies`` nested replies, in two bulk inserts."""
        now = timezone.now()
        opened = now - start
        thread = Thread.objects.create(
            space=space,
            author=author,
            title=title or self.text.title(),
            created_at=opened,
            last_activity_at=opened,
        )
        next_id = (Post.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        opening_body = self.random.choice(self.corpus)
        opening = Post(
            id=next_id,
            thread=thread,
            author=author,
            body=opening_body,
            body_html=self.html(opening_body),
            created_at=opened,
        )
        posts = [opening]
        parents, depths = self._tree_shape(replies, top_level_share=top_level_share)
        ids = [next_id + 1 + i for i in range(replies)]
        roots: list[int] = []
        published = 0
        last_activity = opened
        step = span / max(replies, 1)
        for i in range(replies):
            parent_index = parents[i]
            root_id = ids[i] if parent_index is None else roots[parent_index]
            roots.append(root_id)
            body = self.random.choice(self.corpus)
            created = opened + step * (i + 1)
            held = self.random.random() < held_share
            posts.append(
                Post(
                    id=ids[i],
                    thread=thread,
                    parent_id=opening.id if parent_index is None else ids[parent_index],
                    root_id=root_id,
                    depth=depths[i],
                    author=self.random.choice(repliers),
                    body=body,
                    body_html=self.html(body),
                    status=Post.Status.HELD if held else Post.Status.PUBLISHED,
                    hold_reason=Post.HoldReason.MODERATOR if held else "",
                    created_at=created,
                )
            )
            if not held:
                published += 1
                last_activity = created
        Post.objects.bulk_create(posts, batch_size=BATCH)
        reset_sequences(Post)
        Thread.objects.filter(pk=thread.pk).update(reply_count=published, last_activity_at=last_activity)
        thread.reply_count, thread.last_activity_at = published, last_activity
        followers = {p.author_id for p in posts if p.author_id}
        ThreadSubscription.objects.bulk_create(
            [ThreadSubscription(member_id=m, thread=thread) for m in followers],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        thread.bench_last_reply_body = posts[-1].body  # lets a case check the whole tree was rendered
        return thread

    def community(
        self,
        *,
        members: int = 60,
        spaces: int = 3,
        thread_sizes: Sequence[int] = (100, 1000),
        list_threads: int = 120,
        progress: Callable[[str], None] | None = None,
    ) -> Community:
        """Members, spaces, one big thread per size and ``list_threads`` ordinary threads for list pages."""
        progress = progress or (lambda _label: None)
        progress("members and spaces")
        people = self.members(members)
        places = self.spaces(spaces)
        community = Community(members=people, spaces=places)
        for size in thread_sizes:
            progress(f"thread of {size:,} replies")
            community.threads_by_size[size] = self.thread(
                space=places[0], author=self.random.choice(people), replies=size, repliers=people
            )
        progress(f"{list_threads} ordinary threads")
        for i in range(list_threads):
            community.list_threads.append(
                self.thread(
                    space=places[i % len(places)],
                    author=self.random.choice(people),
                    replies=self.random.randint(2, 40),
                    repliers=people,
                    start=timedelta(days=10, minutes=i),
                    span=timedelta(days=9),
                    top_level_share=0.4,
                )
            )
        return community


def reset_sequences(*models) -> None:
    """After inserting explicit ids, move PostgreSQL's sequences past them (no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
