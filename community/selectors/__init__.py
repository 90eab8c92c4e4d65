"""Reads, one module per entity, shared by the web pages and the API (one rule per question: a visibility
rule written twice drifts, and the drift is a leak). Each selector decides its query shape so templates
and serializers never trigger lazy loads.

``from community import selectors`` gives every public selector by name; the modules say which entity
each belongs to."""

from .members import (  # noqa: F401
    NEW_MEMBER_DAYS_DEFAULT,
    PREMODERATE_FIRST_POSTS_DEFAULT,
    MutedWords,
    member_for,
    member_has_muted,
    member_is_new,
    member_muted_words,
    member_mutes,
    member_posts_for,
    member_profile_for,
    member_recent_posts,
    muted_words_for,
)
from .notifications import (  # noqa: F401
    member_notifications,
    unread_notification_count,
)
from .posts import (  # noqa: F401
    WAITING_MAX_DAYS_DEFAULT,
    PostReactions,
    post_for_display,
    post_for_viewer,
    post_reactions,
    post_reactors,
    posts_waiting_for_reply,
    reply_page_number,
    viewer_sees_waiting_posts,
)
from .spaces import (  # noqa: F401
    member_follows_space,
    space_for,
    space_list,
    space_threads,
    spaces_for,
)
from .threads import (  # noqa: F401
    ReplyNode,
    ThreadPage,
    opening_post,
    recent_threads,
    thread_for_display,
    thread_for_viewer,
    thread_page,
)
from .visibility import (  # noqa: F401
    NOWHERE,
    VIEWER_MODERATES,
    ModerationScope,
    annotate_viewer_moderates,
    moderation_scope,
    post_visible_to,
    threads_visible_to,
    viewer_can_moderate,
    viewer_moderates_post,
    viewer_moderates_space,
)
