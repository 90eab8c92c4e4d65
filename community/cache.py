"""A page cache for readers who are not signed in, invalidated by version keys.

Thread pages, the home page and space pages are what most people read, and most readers are not signed
in: they all see the same HTML. ``cached_page`` keeps that HTML in the default cache (Redis in production,
local memory in the embedded run) for ``HEARTH_PAGE_CACHE_SECONDS``, under a key that includes the
current *version* of what the page shows: ``thread:<id>`` for a thread page, ``lists`` for the home and
space pages, and ``all`` for both. Every service that changes what a page shows calls ``bump_thread`` /
``bump_lists`` / ``bump_everything``; the new versions are written after the transaction commits, so a
reader that rendered the page from the old rows can only have stored it under the old version, which
nobody asks for again. Signed-in members, and anyone with messages or session state, always get a fresh
page, so a writer sees their own write at once.

Per-response values stay per response: the CSRF token is rendered as a placeholder and filled in for each
reader (with the cookie it belongs to), and a CSP nonce, if the page used one, is swapped for the nonce of
the response that serves it.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

logger = logging.getLogger(__name__)

VERSION_PREFIX = "hearth:pagever:"
PAGE_PREFIX = "hearth:page:"
EVERYTHING = "all"
LISTS = "lists"
# Long enough that an accidental match with page text is impossible; never user-visible.
CSRF_PLACEHOLDER = "hearth-csrf-0c8a52b6e2f94d6e9b1f4a7d3e5c2b10"
NONCE_PLACEHOLDER = "hearth-nonce-7d1e9a4c6b2f48e3a05c9d8f1b7e6a24"
CACHED_QUERY_PARAMETERS = frozenset({"page", "order"})
HIT_HEADER = "X-Hearth-Page-Cache"
_RENDERING_ATTRIBUTE = "_hearth_page_cache_render"


def thread_scope(thread_id: int) -> str:
    return f"thread:{thread_id}"


# ------------------------------------------------------------------------------------------------------
# Writers: new versions after commit
# ------------------------------------------------------------------------------------------------------


class _PendingBump:
    """One after-commit callback per transaction, collecting every scope the transaction changed."""

    def __init__(self, scopes: set[str]) -> None:
        self.scopes = scopes

    def __call__(self) -> None:
        _write_versions(self.scopes)


def bump(*scopes: str) -> None:
    """Give ``scopes`` new versions once the current transaction commits (at once outside one).

    Never before the commit: a reader between a pre-commit bump and the commit would store the old rows
    under the new version. A rolled-back transaction bumps nothing, which is right: nothing changed.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _write_versions(set(scopes))
        return
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _PendingBump):
            # An extra bump (if the inner savepoint later rolls back) only costs a cache miss.
            callback.scopes.update(scopes)
            return
    transaction.on_commit(_PendingBump(set(scopes)), robust=True)


def bump_thread(thread_id: int) -> None:
    """A thread's page changed (a reply, an edit, moderation, lock, pin); its line in the lists too."""
    bump(thread_scope(thread_id), LISTS)


def bump_lists() -> None:
    """The home and space pages changed (a new thread), no existing thread page."""
    bump(LISTS)


def bump_everything() -> None:
    """Every cached page is out of date (threads closed in bulk)."""
    bump(EVERYTHING)


def _write_versions(scopes: set[str]) -> None:
    token = secrets.token_hex(8)
    try:
        cache.set_many({VERSION_PREFIX + scope: token for scope in scopes}, timeout=None)
    except Exception:  # a cache outage must not fail a write that has committed
        logger.exception("page cache: could not bump %s", sorted(scopes))


def _read_versions(scopes: list[str]) -> list[str]:
    keys = [VERSION_PREFIX + scope for scope in scopes]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    for key in missing:
        # Never seen or evicted: a fresh random version, so no page stored before the eviction matches.
        # add() keeps a version another process set meanwhile; we read back whichever won.
        cache.add(key, secrets.token_hex(8), timeout=None)
    if missing:
        found.update(cache.get_many(missing))
    return [str(found.get(key, "")) for key in keys]


# ------------------------------------------------------------------------------------------------------
# Readers
# ------------------------------------------------------------------------------------------------------


def page_cache_seconds() -> int:
    return int(getattr(settings, "HEARTH_PAGE_CACHE_SECONDS", 0) or 0)


def rendering_for_cache(request: HttpRequest) -> bool:
    return bool(getattr(request, _RENDERING_ATTRIBUTE, False))


def template_extras(request: HttpRequest) -> dict:
    """Context for a page rendered to be cached: the CSRF token as a placeholder filled per response."""
    return {"csrf_token": CSRF_PLACEHOLDER} if rendering_for_cache(request) else {}


def _versions_reach_every_worker(request: HttpRequest) -> bool:
    """Whether a bump in this process is seen by every process serving pages.

    Local memory is per process: with several server processes (gunicorn workers, which say so in
    ``wsgi.multiprocess``) a bump in one would leave the others serving the old page, so the page cache
    needs Redis there (REDIS_URL). The embedded run serves from one process, where local memory is right.
    """
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    return not backend.endswith("LocMemCache") or not request.META.get("wsgi.multiprocess", False)


def _request_is_cacheable(request: HttpRequest) -> bool:
    if request.method != "GET" or page_cache_seconds() <= 0:
        return False
    if not _versions_reach_every_worker(request):
        return False
    if set(request.GET) - CACHED_QUERY_PARAMETERS:
        return False
    if request.COOKIES.get(getattr(settings, "MESSAGE_COOKIE_NAME", "messages")):
        return False
    if request.user.is_authenticated:
        return False
    # An anonymous session with something in it (a guest's confirmations, a flow in progress) may change
    # the page; only a browser with no session state at all shares the cached copy.
    session = getattr(request, "session", None)
    return session is None or not session.session_key or not session.keys()


def _response_is_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if response.cookies:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    storage = getattr(request, "_messages", None)
    return storage is None or not getattr(storage, "_queued_messages", None)


def _page_key(request: HttpRequest, versions: list[str]) -> str:
    query = "&".join(f"{name}={request.GET.get(name, '')}" for name in sorted(CACHED_QUERY_PARAMETERS))
    raw = "|".join([request.get_host(), request.path, query, *versions])
    return PAGE_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _personalise(request: HttpRequest, content: bytes) -> bytes:
    """Fill in this response's CSRF token and CSP nonce."""
    if CSRF_PLACEHOLDER.encode() in content:
        content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    if NONCE_PLACEHOLDER.encode() in content:
        content = content.replace(NONCE_PLACEHOLDER.encode(), str(request.csp_nonce).encode())
    return content


def cached_page(scopes: Callable[..., list[str]]):
    """Serve the view's page from the cache to readers who are not signed in.

    ``scopes(**view_kwargs)`` names the versions the page depends on (``all`` is always added).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not _request_is_cacheable(request):
                return view(request, *args, **kwargs)
            try:
                # The versions are read before the page's rows: a write committing after this point
                # bumps to a version this render is not stored under.
                key = _page_key(request, _read_versions([EVERYTHING, *scopes(**kwargs)]))
                entry = cache.get(key)
            except Exception:
                logger.exception("page cache: read failed; rendering the page")
                return view(request, *args, **kwargs)
            if entry is not None:
                content, content_type = entry
                response = HttpResponse(_personalise(request, content), content_type=content_type)
                response[HIT_HEADER] = "hit"
                return response
            setattr(request, _RENDERING_ATTRIBUTE, True)
            response = view(request, *args, **kwargs)
            setattr(request, _RENDERING_ATTRIBUTE, False)
            if not _response_is_cacheable(request, response):
                return response
            stored = response.content
            nonce = getattr(request, "_csp_nonce", None)  # set only if the page used its nonce
            if isinstance(nonce, str) and nonce:
                stored = stored.replace(nonce.encode(), NONCE_PLACEHOLDER.encode())
            try:
                cache.set(key, (stored, response["Content-Type"]), timeout=page_cache_seconds())
            except Exception:
                logger.exception("page cache: write failed")
            response.content = _personalise(request, response.content)
            response[HIT_HEADER] = "miss"
            return response

        return wrapper

    return decorator
