"""Server-rendered member pages, split by what the person is doing. Thin: forms, services, selectors."""

from .account import (
    account_data,
    account_deletion_cancel,
    data_export_download,
    data_export_request,
    member_mute,
    notification_read,
    notifications,
    preferences,
)
from .browse import home, member_profile, post_redirect, space_detail, thread_detail
from .care import care_page
from .gentle import (
    muted_words,
    peer_supporter,
    post_content_warning,
    post_react,
    post_reactions,
    take_a_break,
    waiting,
)
from .guests import guest_confirm, guest_reply
from .posting import post_delete, post_edit, reply_create, space_follow, thread_follow, thread_new

__all__ = [
    "muted_words",
    "peer_supporter",
    "post_content_warning",
    "post_react",
    "post_reactions",
    "take_a_break",
    "waiting",
    "account_data",
    "account_deletion_cancel",
    "data_export_download",
    "data_export_request",
    "care_page",
    "guest_confirm",
    "guest_reply",
    "home",
    "member_mute",
    "member_profile",
    "notification_read",
    "notifications",
    "post_delete",
    "post_edit",
    "post_redirect",
    "preferences",
    "reply_create",
    "space_detail",
    "space_follow",
    "thread_detail",
    "thread_follow",
    "thread_new",
]
