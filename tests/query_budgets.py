"""Query budgets per page and hot path: one ceiling each, used by every test that pins it.

Two copies of a ceiling drift (the thread page was pinned at 12 in one file and 10 in another), so tests
import these numbers instead of writing their own. Each is the lowest count measured on SQLite and
PostgreSQL; when a change really needs another query, raise the number here and say why in the commit.
"""

# Thread page for a signed-in member: session, member, unread count, posting restriction, the thread (with
# whether they follow it), the reader's muted words, the page of top-level reply ids with their total (a
# window count), one statement for the opening post + every reply under those ids, the page's reactions (one
# grouped query). At 10 and 2,000 replies alike. (12 before issue 16; a version that sent the page's ids as a
# subquery ran 8 statements but spent ~1 ms more CPU building them.)
THREAD_PAGE = 9
# The thread's reply tree through the API for a member signed in by session (as a browser is).
THREAD_REPLIES_API = 7

SPACE_PAGE = 6
HOME_PAGE = 6
# A member also sees their follow and mute state: one query each, never one per row.
SPACE_PAGE_FOR_A_MEMBER = 8
HOME_PAGE_FOR_A_MEMBER = 8
NOTIFICATIONS_PAGE = 6
MEMBER_PROFILE = 6
MEMBER_PROFILE_FOR_A_MEMBER = 8

# Every community admin changelist, whatever the number of rows (the highest, SpaceSubscription's, runs 8).
ADMIN_CHANGELIST = 8

# Posting a reply through the form, screening included: session, member, thread, the parent (or the
# opening post), posting restriction, the post's INSERT, screening's recent texts by the author (and the
# opening post's text under a reply), threshold overrides (only when this process has not read them in the
# last 30 s; the budget counts them), the slow-pass request, the follow row, one UPDATE of the thread's
# counters (and of the post's root for a top-level reply): 12, plus the test transaction's savepoint pair.
# Issue 16 asks for at most 15.
REPLY_POST = 14

# The moderators' review queue, first page and a filtered page: the profile read once, +1 for the
# moderator's own Safety load (care), +1 for the open appeals in their spaces (the Appeals tab).
REVIEW_QUEUE_PAGE = 11

# One digest batch: zones, candidates, content (7), logs, outbox rows, dispatch lookup.
DIGEST_BATCH = 14

# "My moderated posts" for a member (session, member, unread count, the page's count and rows: notice, post,
# thread, sanction and appeal in one query), at 3 and 40 notices alike.
MODERATED_POSTS_PAGE = 6
# The Appeals lane for a moderator: session, member, the lane's count and rows (appeal, member, assignee,
# notice, post, thread in one query), at 3 and 40 appeals alike.
APPEALS_LANE = 6
# The API's lists of a member's notices (notice, post, thread, sanction and appeal in one query) and of
# moderators' appeals (the space scope once, then appeal, people, notice, post and thread in one query), at 3
# and 23 rows alike.
API_NOTICES_LIST = 2
API_APPEALS_LIST = 3
