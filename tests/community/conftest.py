import pytest
from django.db.models import F

from community.models import Post
from community.rendering import render_markdown
from tests.factories import GuestAuthorFactory, MemberFactory, SpaceFactory, ThreadFactory


@pytest.fixture(autouse=True)
def _folder_defaults(lexical_screening, empty_cache):
    """Every test here screens with the lexical backend and starts with an empty cache (tests/conftest.py)."""


@pytest.fixture
def guest_space(db):
    return SpaceFactory(allow_guest_replies=True)


@pytest.fixture
def guest_thread(db, guest_space):
    return ThreadFactory(space=guest_space)


def bulk_replies(thread, count: int, *, chain: int = 4) -> list[Post]:
    """``count`` published replies: top-level replies each with a chain of nested replies under it.

    Written with bulk_create (fast at 2,000); authors alternate between members and a guest so that the
    page shows both kinds of author name.
    """
    opening = thread.posts.get(parent__isnull=True)
    authors = [MemberFactory(), MemberFactory()]
    guest = GuestAuthorFactory(confirmed_at=thread.created_at)
    html = render_markdown("Thank you for writing this. **Same here.**")
    tops = Post.objects.bulk_create(
        [
            Post(
                thread=thread,
                parent=opening,
                depth=1,
                author=authors[i % 2] if i % 3 else None,
                guest=None if i % 3 else guest,
                body="Thank you for writing this. **Same here.**",
                body_html=html,
            )
            for i in range(max(1, count // chain))
        ]
    )
    Post.objects.filter(thread=thread, depth=1).update(root=F("id"))
    made = list(tops)
    level = tops
    depth = 1
    while len(made) < count:
        depth += 1
        children = []
        for parent in level:
            if len(made) + len(children) >= count:
                break
            children.append(
                Post(
                    thread=thread,
                    parent=parent,
                    root_id=parent.pk if depth == 2 else parent.root_id,
                    depth=depth,
                    author=authors[depth % 2],
                    body="Sending you warmth.",
                    body_html="<p>Sending you warmth.</p>",
                )
            )
        level = Post.objects.bulk_create(children)
        made += level
    thread.reply_count = len(made)
    thread.save(update_fields=["reply_count"])
    return made
