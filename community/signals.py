"""What community announces for others to record; moderation's receivers (moderation/receivers.py) write
the audit log from them.

Every signal is sent inside the service's transaction, only when something changed, with the person acting
as ``actor``, so an audit row is written atomically with the change and exactly once. Receivers must not
fail for reasons of their own: an exception rolls the change back.
"""

from __future__ import annotations

from django.dispatch import Signal

# A moderator (not the author) changed a post's text. Arguments: post, actor, previous_body, note.
post_edited_by_moderator = Signal()

# A moderator changed a post's visibility or label outside the review queue (the admin's bulk actions).
# Arguments: post, actor, change ("hide", "publish", "label_off_topic", "clear_off_topic"), reason,
# previous (an unsaved copy of the post as it was).
post_moderated = Signal()

# A moderator (not the author) changed a post's content warning. Arguments: post, actor, previous, warning.
content_warning_changed_by_moderator = Signal()

# A moderator closed a thread to replies. Arguments: thread, actor, reason (shown publicly).
thread_closed = Signal()

# A moderator reopened a thread. Arguments: thread, actor, reason (audit only), previous_reason.
thread_reopened = Signal()

# A moderator pinned or unpinned a thread. Arguments: thread, actor, pinned.
thread_pinned = Signal()
