"""Screening posts: run the detectors, record flags on the post's review item, decide what community does.

Decisions (README "Moderation" explains them to people):
- Crisis language about the author, at or above ``HEARTH_CRISIS_ALERT_MIN_SEVERITY``, makes the post
  sensitive (it stays visible but never travels in notifications or digests), shows the author the support
  panel, puts the item at the top of the safety lane and alerts on-duty moderators. The post is never
  removed; it is held only when ``HEARTH_CRISIS_HIDES_POST`` is on.
- Lower-severity crisis findings (past ideation) and concern about someone else ("about_other") enter the
  safety lane at lower priority, without alert, support panel or sensitive mark: a worried friend should
  still get replies, and a supporter sharing their history should not be treated as in crisis.
- High-confidence spam is held (held lane) unless the post also carries author crisis language: a cry for
  help with a phone number in it is still a cry for help.
- Posts already held by posting rules (new member pre-moderation, guests) get a held-lane item here.
- Off-topic is never decided here: the slow pass (Celery) only ever adds a review item, never hides.
"""

from __future__ import annotations

import logging
import re
import time
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from community.models import Post
from community.moderation_port import ScreeningOutcome
from moderation.detectors.base import Finding, ScreeningContext
from moderation.models import DetectorThreshold, Flag, ReviewItem, SlowScreeningRequest

from . import alerts
from .queue import review_item_open, review_item_recompute

logger = logging.getLogger(__name__)

SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}
RECENT_TEXTS = 5
NEW_MEMBER_DAYS_DEFAULT = 7
_LINK_RE = re.compile(r"https?://|www\.", re.IGNORECASE)


def current_thresholds() -> dict[str, float]:
    """Per-category thresholds: admin overrides beat settings, which beat the detectors' defaults."""
    thresholds: dict[str, float] = {}
    try:
        from moderation.detectors.registry import DEFAULT_THRESHOLDS

        thresholds.update(DEFAULT_THRESHOLDS)
    except ImportError:  # older detector registries without a defaults table
        pass
    thresholds.update(getattr(settings, "HEARTH_DETECTOR_THRESHOLDS", None) or {})
    thresholds.update(_threshold_overrides())
    return {str(k): float(v) for k, v in thresholds.items()}


# The admin's threshold rows change rarely and every post reads them, so each process keeps them for
# THRESHOLD_OVERRIDES_SECONDS. A save or delete in this process drops them at once (after commit; until
# then, and after a rollback, nothing read inside that transaction is kept); another process picks the
# change up within the interval.
THRESHOLD_OVERRIDES_SECONDS = 30.0
_overrides: tuple[float, dict[str, float]] | None = None


def _threshold_overrides() -> dict[str, float]:
    global _overrides
    pending = _override_write_pending()
    cached = _overrides
    if cached is not None and not pending and cached[0] > time.monotonic():
        return cached[1]
    rows = dict(DetectorThreshold.objects.values_list("category", "threshold"))
    if not pending:
        _overrides = (time.monotonic() + THRESHOLD_OVERRIDES_SECONDS, rows)
    return rows


def _override_write_pending() -> bool:
    """Whether this connection's open transaction has changed a threshold row (not committed yet).

    Django keeps a transaction's on-commit callbacks as ``(savepoint ids, callback, robust)`` and drops
    those of a rolled-back savepoint, so ours is there exactly while a change is pending. Should that
    list ever look different, every read inside a transaction counts as pending: slower, never stale.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return False
    callbacks = getattr(connection, "run_on_commit", None)
    if not isinstance(callbacks, list):
        return True
    for entry in callbacks:
        if not isinstance(entry, tuple) or len(entry) < 2:
            return True
        if entry[1] is _forget_threshold_overrides:
            return True
    return False


def _forget_threshold_overrides() -> None:
    global _overrides
    _overrides = None


@receiver(post_save, sender=DetectorThreshold, dispatch_uid="moderation.threshold_saved")
@receiver(post_delete, sender=DetectorThreshold, dispatch_uid="moderation.threshold_deleted")
def _threshold_changed(**kwargs) -> None:
    _forget_threshold_overrides()
    # Again after commit: a post screened meanwhile (in another request) may have kept the old rows.
    transaction.on_commit(_forget_threshold_overrides, using=kwargs.get("using"))


def author_is_new(post: Post) -> bool:
    if post.author_id is None:
        return True  # guests are strangers
    days = getattr(settings, "HEARTH_NEW_MEMBER_DAYS", NEW_MEMBER_DAYS_DEFAULT)
    return post.author.date_joined >= timezone.now() - timedelta(days=days)


def screening_context(post: Post) -> ScreeningContext:
    thread = post.thread
    opening = ""
    parent = post.parent if Post.parent.is_cached(post) else None
    if parent is not None and parent.depth == 0:
        opening = parent.body  # a reply to the opening post: its text is already here
    elif not post.is_opening:
        # One opening post per thread (index post_thread_depth); no ORDER BY to build, unlike first().
        bodies = Post.objects.filter(thread_id=thread.pk, depth=0).order_by().values_list("body", flat=True)
        opening = next(iter(bodies[:1]), "")
    recent: tuple[str, ...] = ()
    if post.author_id is not None:
        # One more row instead of a NOT in the query, which costs more to build than the row to read.
        latest = (
            Post.objects.filter(author_id=post.author_id, deleted_at__isnull=True)
            .order_by("-created_at", "-id")
            .values_list("id", "body")[: RECENT_TEXTS + 1]
        )
        recent = tuple(body for pk, body in latest if pk != post.pk)[:RECENT_TEXTS]
    return ScreeningContext(
        opening_post=opening or "",
        thread_title=thread.title,
        space_description=thread.space.description,
        author_is_new=author_is_new(post),
        recent_texts_by_author=recent,
    )


def screening_text(post: Post) -> str:
    """What the author wrote in this post: an opening post's text includes its thread's title.

    A thread titled "tonight I end it" above a body that says little is a cry for help, so the title and
    the opening post are screened as one text, at creation and on every edit of the opening post (a
    service that changes a title re-screens through ``screen_post`` on the opening post the same way).
    The title is its own sentence, so it never runs into the body's first words.
    """
    title = post.thread.title.strip() if post.is_opening else ""
    return f"{title}\n\n{post.body}" if title else post.body


def _screen_fast(post: Post, context: ScreeningContext, thresholds: dict[str, float]) -> list[Finding]:
    """The fast pass over the title and body, plus the body alone for an opening post.

    The body alone is what ``recent_texts_by_author`` holds, so near-duplicate spam stays comparable
    however the titles differ; per category the stronger finding is kept.
    """
    from moderation.detectors import registry

    text = screening_text(post)
    findings = list(registry.screen_fast(text, context, thresholds=thresholds))
    if text == post.body:
        return findings
    best = {str(f.category): f for f in findings}
    for f in registry.screen_fast(post.body, context, thresholds=thresholds):
        kept = best.get(str(f.category))
        if kept is None or (f.severity.rank, f.score) > (kept.severity.rank, kept.score):
            best[str(f.category)] = f
    return list(best.values())


def _is_about_author(finding: Finding) -> bool:
    return finding.subtype != "about_other"


def _alerting(finding: Finding) -> bool:
    minimum = SEVERITY_RANK.get(settings.HEARTH_CRISIS_ALERT_MIN_SEVERITY, 2)
    return _is_about_author(finding) and SEVERITY_RANK[str(finding.severity)] >= minimum


def _finding_key(f: Finding) -> tuple[str, str, str]:
    return (str(f.category), f.detector[:50], f.subtype[:50])


def _has_screening_relations(post: Post) -> bool:
    """Whether the caller's post already carries what screening reads (thread, space, author)."""
    if not Post.thread.is_cached(post) or not type(post.thread).space.is_cached(post.thread):
        return False
    return post.author_id is None or Post.author.is_cached(post)


def _distinct_findings(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, str]] = set()
    distinct = []
    for f in findings:
        if _finding_key(f) not in seen:
            seen.add(_finding_key(f))
            distinct.append(f)
    return distinct


def _new_findings(post: Post, findings: list[Finding]) -> list[Finding]:
    """Findings not already recorded on the post's item, live or dismissed.

    An edit that keeps the same kind of language adds nothing and does not reopen an item a moderator has
    already handled; a new kind (say, a plan where there was only a wish) does.
    """
    known = set(
        Flag.objects.filter(item__post=post, source=Flag.Source.DETECTOR).values_list(
            "category", "detector", "subtype"
        )
    )
    fresh = []
    for f in findings:
        key = _finding_key(f)
        if key not in known:
            known.add(key)
            fresh.append(f)
    return fresh


def _add_detector_flags(*, item: ReviewItem, findings: list[Finding], is_edit: bool) -> int:
    Flag.objects.bulk_create(
        [
            Flag(
                item=item,
                source=Flag.Source.DETECTOR,
                category=str(f.category),
                severity=str(f.severity),
                score=f.score,
                evidence=list(f.evidence),
                detector=f.detector[:50],
                subtype=f.subtype[:50],
                is_edit=is_edit,
            )
            for f in findings
        ]
    )
    return len(findings)


def _needs_held_flag(post: Post) -> bool:
    return not Flag.objects.filter(
        item__post=post, source=Flag.Source.SYSTEM, category=Flag.Category.HELD, dismissed_at__isnull=True
    ).exists()


def _add_system_flag(*, item: ReviewItem, category: str, subtype: str, note: str = "") -> bool:
    exists = item.flags.filter(
        source=Flag.Source.SYSTEM, category=category, subtype=subtype, dismissed_at__isnull=True
    ).exists()
    if exists:
        return False
    Flag.objects.create(item=item, source=Flag.Source.SYSTEM, category=category, subtype=subtype, note=note)
    return True


def screen_post(*, post: Post, is_edit: bool) -> ScreeningOutcome:
    """Screen a new or edited post synchronously (crisis + spam) and queue the off-topic pass."""
    if post.is_deleted or not post.body.strip():
        return ScreeningOutcome()
    if not _has_screening_relations(post):
        post = Post.objects.select_related("thread__space", "author").get(pk=post.pk)
    context = screening_context(post)
    findings = _screen_fast(post, context, current_thresholds())
    crisis = [f for f in findings if f.category == "crisis"]
    spam = [f for f in findings if f.category == "spam"]
    alerting = [f for f in crisis if _alerting(f)]
    author_crisis = any(_is_about_author(f) for f in crisis)

    hold, hold_reason = False, ""
    many_links = (
        context.author_is_new
        and post.author_id is not None
        and len(_LINK_RE.findall(post.body)) > settings.HEARTH_NEW_MEMBER_MAX_LINKS
    )
    if not author_crisis and (any(f.severity == "high" for f in spam) or many_links):
        hold, hold_reason = True, Post.HoldReason.SPAM
    if alerting and settings.HEARTH_CRISIS_HIDES_POST:
        hold, hold_reason = True, Post.HoldReason.MODERATOR

    # A post created in this transaction has no flags yet: nothing to compare with, nothing to read.
    fresh = _new_findings(post, findings) if is_edit else _distinct_findings(findings)
    held = post.status == Post.Status.HELD or hold
    if fresh or (held and (not is_edit or _needs_held_flag(post))):
        with transaction.atomic():
            item, _ = review_item_open(post=post)
            _add_detector_flags(item=item, findings=fresh, is_edit=is_edit)
            if many_links and hold:
                _add_system_flag(
                    item=item,
                    category=Flag.Category.SPAM,
                    subtype="new_member_links",
                    note="Several links from a new account.",
                )
            if held:
                reason = post.hold_reason if post.status == Post.Status.HELD else hold_reason
                _add_system_flag(item=item, category=Flag.Category.HELD, subtype=reason or "held")
            review_item_recompute(item=item)
            if any(_alerting(f) for f in fresh):
                alerts.alert_item(item=item)

    _queue_slow_pass(post.pk)
    categories = tuple(sorted({str(f.category) for f in findings}))
    return ScreeningOutcome(
        hold=hold,
        hold_reason=hold_reason,
        sensitive=bool(alerting),
        show_support=bool(alerting),
        categories=categories,
    )


SLOW_PASS_SWEEP_GRACE = timedelta(minutes=5)
SLOW_PASS_MAX_SWEEPS = 20


def _queue_slow_pass(post_id: int) -> None:
    from community.tasks import dispatch
    from moderation import tasks

    # The request row is written with the post; if the broker is down at commit, the sweep finds it.
    # One upsert (an edit asks again for a post that may still be waiting) instead of a savepointed
    # SELECT + INSERT.
    SlowScreeningRequest.objects.bulk_create(
        [SlowScreeningRequest(post_id=post_id, requested_at=timezone.now(), attempts=0)],
        update_conflicts=True,
        unique_fields=["post"],
        update_fields=["requested_at", "attempts"],
    )
    transaction.on_commit(lambda: dispatch(tasks.screen_post_slow, post_id))


def slow_pass_sweep(*, now=None, limit: int = 200) -> int:
    """Re-dispatch embedding passes still waiting after a grace period. Returns how many were sent."""
    from community.tasks import dispatch
    from moderation import tasks

    now = now or timezone.now()
    due = list(
        SlowScreeningRequest.objects.filter(
            requested_at__lt=now - SLOW_PASS_SWEEP_GRACE, attempts__lt=SLOW_PASS_MAX_SWEEPS
        )
        .order_by("requested_at")
        .values_list("post_id", flat=True)[:limit]
    )
    sent = 0
    for post_id in due:
        if dispatch(tasks.screen_post_slow, post_id):
            sent += 1
            # Pushes the next sweep of this row a grace period away, so a slow worker isn't flooded.
            SlowScreeningRequest.objects.filter(post_id=post_id).update(
                requested_at=now, attempts=models.F("attempts") + 1
            )
    return sent


def screen_post_slow(*, post_id: int) -> list[str]:
    """The asynchronous pass (embeddings): off-topic, and crisis paraphrases the lexicon missed.

    Off-topic only ever creates a review item; nothing is hidden. A crisis finding here marks the post
    sensitive and alerts moderators, as the fast pass would have. Returns the categories found.
    """
    started = timezone.now()
    try:
        return _screen_post_slow(post_id=post_id)
    finally:
        # Only requests made before this run started are done: an edit during the run asks again.
        SlowScreeningRequest.objects.filter(post_id=post_id, requested_at__lte=started).delete()


def _screen_post_slow(*, post_id: int) -> list[str]:
    from community.services.posts import post_set_sensitive
    from moderation.detectors import registry

    post = Post.objects.select_related("thread__space", "author").filter(pk=post_id).first()
    if post is None or post.is_deleted or post.status == Post.Status.HIDDEN or not post.body.strip():
        return []
    context = screening_context(post)
    results = registry.screen_slow([(screening_text(post), context)], thresholds=current_thresholds())
    findings = list(results[0]) if results else []
    if not findings:
        return []
    fresh = _new_findings(post, findings)
    if post.is_off_topic:
        # A moderator already labelled it off topic (often before this pass ran: the demo's campaign ad
        # was labelled, then reopened in the Off-topic lane by this very finding). Nothing new to look at.
        fresh = [f for f in fresh if f.category != "off_topic"]
    if not fresh:
        return sorted({str(f.category) for f in findings})
    with transaction.atomic():
        item, _ = review_item_open(post=post)
        _add_detector_flags(item=item, findings=fresh, is_edit=post.edited_at is not None)
        review_item_recompute(item=item)
        if any(f.category == "crisis" and _alerting(f) for f in fresh):
            post_set_sensitive(post=post, sensitive=True)
            alerts.alert_item(item=item)
    return sorted({str(f.category) for f in findings})
