"""Demo data for trying Hearth locally: spaces, threads with nested replies, members, a moderator, an admin.

Safe to run again (it adds only what is missing); ``--reset`` removes the demo rows first. The text was
written for this project; the people in it are invented.
"""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from community.models import Member, Post, Space, Thread
from community.services.posts import post_create
from community.services.threads import thread_close, thread_create, thread_set_pinned

DEMO_DOMAIN = "hearth.local"
MEMBER_PASSWORD = "hearth-demo-member"
MODERATOR = ("moderator@hearth.local", "Rowan (moderator)", "hearth-demo-moderator")
ADMIN = ("admin@hearth.local", "Hearth admin", "hearth-demo-admin")

MEMBERS = [
    ("quietfern", "Three years into therapy and still learning to ask for things."),
    ("Mara", "Lives by the sea. Mostly reads, sometimes writes back."),
    ("tidewater", ""),
    ("Sol", "Recovering people-pleaser."),
    ("little_lantern", "Here for the Sunday evening crowd."),
    ("Jonah B.", "Dad of two, learning about attachment late."),
    ("wren", ""),
    ("Ash", "Therapist-in-training. Here as a person, not a professional."),
]

SPACES = [
    {
        "slug": "attachment-in-therapy",
        "name": "Attachment in therapy",
        "description": "Feelings about your therapist, breaks, endings, and the closeness of the room.",
    },
    {
        "slug": "loneliness",
        "name": "Loneliness and connection",
        "description": "For the quiet hours. Guests are welcome to reply here after confirming their email.",
        "allow_guest_replies": True,
    },
    {
        "slug": "between-sessions",
        "name": "Between sessions",
        "description": "What helps, what doesn't, and getting through the days in between.",
    },
    {
        "slug": "notices",
        "name": "Notices from the moderators",
        "description": "How Hearth works. Moderators start threads here; everyone may reply.",
        "who_can_start_threads": Space.ThreadStarters.MODERATORS,
    },
]

# (space slug, author index or "mod", title, opening text, replies, flags). Replies: (author, text, children).
THREADS = [
    (
        "notices",
        "mod",
        "Welcome to Hearth: how this place works",
        "Hello, and welcome. Hearth is a place to talk with other people who know what it's like to "
        "struggle: with therapy, with attachment, with being alone.\n\n"
        "A few things that keep it kind:\n\n"
        "- Reply to the person, not the problem. You don't have to fix anything.\n"
        "- Pseudonyms are normal here. Your email is never shown.\n"
        "- If a reply worries you, use **Report**. Moderators read every report.\n\n"
        "Hearth is not an emergency service. If you are in danger, please call your local emergency number.",
        [(0, "Thank you for making this. It already feels calmer than anywhere else I post.", [])],
        {"pinned": True},
    ),
    (
        "attachment-in-therapy",
        0,
        "I think I'm attached to my therapist and it scares me",
        "I've been seeing her for about eight months. Lately I count the days until Thursday, and when "
        "she glanced at the clock last week I felt like I'd been dropped. I know it's 'normal', people "
        "keep saying that, but it doesn't feel normal from the inside. Has anyone talked about this "
        "with their therapist? How did you even start?",
        [
            (
                1,
                "I could have written this. I started by saying 'there's something I'm embarrassed to "
                "say' and then just sat there. She waited. It took half a session, but it got said.",
                [
                    (
                        0,
                        "Half a session of sitting there sounds unbearable and also... possible? Did she "
                        "say anything that helped?",
                        [
                            (
                                1,
                                "She said the attachment was information, not a mistake. That it showed "
                                "me how I'd needed someone to stay. I think about that a lot.",
                                [
                                    (
                                        3,
                                        "'Information, not a mistake.' I'm writing that on a sticky note.",
                                        [],
                                    )
                                ],
                            )
                        ],
                    )
                ],
            ),
            (
                7,
                "From the other side of the training room: therapists expect this, and a good one will "
                "be glad you told them. It often becomes the most useful part of the work.",
                [(5, "That's really reassuring to hear from someone who's training.", [])],
            ),
            (5, "The clock glance. Oof. I felt that one in my chest.", []),
        ],
        {},
    ),
    (
        "attachment-in-therapy",
        5,
        "My therapist is away for three weeks",
        "It's only a holiday and I'm a grown man, but I've been off balance since she told me. "
        "What do you all do during long breaks?",
        [
            (
                2,
                "I ask for a small object to hold on to. Mine lent me a postcard. Sounds silly, works.",
                [(5, "Not silly at all. I might ask.", [])],
            ),
            (6, "I write her letters I don't send, then decide afterwards whether to bring them.", []),
        ],
        {},
    ),
    (
        "loneliness",
        4,
        "Sunday evenings are the worst",
        "Everyone else seems to be with someone. I make tea, I put a film on, and the flat is so quiet "
        "I can hear the fridge. Is anyone else around tonight?",
        [
            (
                1,
                "I'm here. Fridge noise club. What film?",
                [
                    (
                        4,
                        "Something old and gentle. It helps to know someone else is awake.",
                        [(6, "Also here. Putting the kettle on in solidarity.", [])],
                    )
                ],
            ),
            (3, "Sunday dread is real. I started going for a short walk at 6 just to see other people.", []),
        ],
        {},
    ),
    (
        "loneliness",
        3,
        "How do you make friends after 30?",
        "Work friends drifted, school friends have kids, and I don't know how to start from zero.",
        [
            (0, "A weekly class helped me. Same faces every week does most of the work.", []),
            (2, "Volunteering. You have something to do with your hands while you get to know people.", []),
        ],
        {"closed": True},
    ),
    (
        "between-sessions",
        6,
        "Small things that got me through a hard week",
        "Sharing in case it helps someone: cold water on my wrists, a playlist called 'it will pass', "
        "and texting one friend just a single emoji so she knew I was low without me explaining.",
        [
            (
                7,
                "The single emoji is such a good idea. Less pressure than finding words.",
                [(6, "Exactly. She sends one back. That's the whole conversation, and it's enough.", [])],
            )
        ],
        {},
    ),
    (
        "between-sessions",
        2,
        "Writing letters I never send",
        "My therapist suggested writing to my younger self. I got three lines in and cried. Has anyone "
        "kept this up?",
        [],
        {},
    ),
]


class Command(BaseCommand):
    help = "Load demo spaces, threads, members, a moderator and an admin (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete the demo data first.")

    def handle(self, *args, reset: bool = False, **options):
        if reset:
            self._reset()
        # Demo members joined months ago, so the new-member posting limits don't apply to them.
        members = [
            self._member(f"member{i + 1}@{DEMO_DOMAIN}", name, bio, days_ago=200 - i * 15)
            for i, (name, bio) in enumerate(MEMBERS)
        ]
        moderator = self._member(MODERATOR[0], MODERATOR[1], "", password=MODERATOR[2], is_moderator=True)
        self._member(
            ADMIN[0], ADMIN[1], "", password=ADMIN[2], is_moderator=True, is_staff=True, is_superuser=True
        )
        spaces = {}
        for position, data in enumerate(SPACES):
            defaults = {key: value for key, value in data.items() if key != "slug"}
            space, _ = Space.objects.get_or_create(
                slug=data["slug"], defaults={**defaults, "position": position}
            )
            spaces[data["slug"]] = space
        created = 0
        for index, (slug, author, title, body, replies, flags) in enumerate(THREADS):
            author_member = moderator if author == "mod" else members[author]
            if Thread.objects.filter(space=spaces[slug], title=title).exists():
                continue
            self._thread(
                spaces[slug],
                author_member,
                title,
                body,
                replies,
                flags,
                members,
                days_ago=len(THREADS) - index,
            )
            created += 1
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new thread(s))."))
        self.stdout.write("Log in with any of these (email / password):")
        self.stdout.write(f"  admin:     {ADMIN[0]} / {ADMIN[2]}")
        self.stdout.write(f"  moderator: {MODERATOR[0]} / {MODERATOR[2]}")
        self.stdout.write(
            f"  members:   member1@{DEMO_DOMAIN} … member{len(MEMBERS)}@{DEMO_DOMAIN} / {MEMBER_PASSWORD}"
        )

    @transaction.atomic
    def _reset(self) -> None:
        slugs = [space["slug"] for space in SPACES]
        Thread.objects.filter(space__slug__in=slugs).delete()
        Space.objects.filter(slug__in=slugs).delete()
        Member.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").delete()
        self.stdout.write("Removed the previous demo data.")

    def _member(self, email, display_name, bio, *, password=MEMBER_PASSWORD, days_ago=365, **flags) -> Member:
        member = Member.objects.filter(email=email).first()
        if member is None:
            member = Member.objects.create_user(
                email=email,
                password=password,
                display_name=display_name,
                bio=bio,
                date_joined=timezone.now() - timedelta(days=days_ago),
                **flags,
            )
        # Verified, so demo accounts can log in at once under mandatory email verification.
        EmailAddress.objects.update_or_create(
            user=member, email=email, defaults={"verified": True, "primary": True}
        )
        return member

    def _thread(self, space, author, title, body, replies, flags, members, *, days_ago: int) -> None:
        result = thread_create(space=space, author=author, title=title, body=body)
        thread = result.thread
        started = timezone.now() - timedelta(days=days_ago, hours=6)
        Thread.objects.filter(pk=thread.pk).update(created_at=started)
        Post.objects.filter(pk=result.opening_post.pk).update(created_at=started)
        clock = [started]

        def add(parent, items):
            for author_index, text, children in items:
                reply = post_create(
                    thread=thread, body=text, parent=parent, author=members[author_index]
                ).post
                clock[0] += timedelta(minutes=47)
                Post.objects.filter(pk=reply.pk).update(created_at=clock[0])
                add(reply, children)

        add(None, replies)
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=clock[0])
        if flags.get("pinned"):
            thread_set_pinned(thread=thread, pinned=True)
        if flags.get("closed"):
            thread_close(thread=thread, reason="This conversation has been closed to new replies.")
