"""factory-boy factories for the community app. Moderation factories live in tests/moderation/factories.py."""

import factory
from django.utils import timezone

from community.models import GuestAuthor, Member, Notification, Post, Space, Thread, ThreadSubscription
from community.rendering import render_markdown


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Member {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")
    # Old enough not to count as a new member unless a test says so.
    date_joined = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=60))

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class ModeratorFactory(MemberFactory):
    is_moderator = True


class AdminFactory(MemberFactory):
    is_staff = True
    is_superuser = True
    is_moderator = True


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    name = factory.Sequence(lambda n: f"Space {n}")
    slug = factory.Sequence(lambda n: f"space-{n}")
    description = "Talking about therapy, attachment and the relationships we build in it."


class ThreadFactory(factory.django.DjangoModelFactory):
    """A thread with its opening post (``thread.opening_post_body`` sets the text)."""

    class Meta:
        model = Thread
        skip_postgeneration_save = True

    space = factory.SubFactory(SpaceFactory)
    author = factory.SubFactory(MemberFactory)
    title = factory.Sequence(lambda n: f"Thread {n}")

    @factory.post_generation
    def opening_post_body(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            body = extracted or "I started seeing a new therapist and I feel oddly attached already."
            Post.objects.create(thread=obj, author=obj.author, body=body, body_html=render_markdown(body))
            if obj.author is not None:
                ThreadSubscription.objects.create(member=obj.author, thread=obj)


class ReplyFactory(factory.django.DjangoModelFactory):
    """A published reply; pass ``parent`` to nest it (defaults to the thread's opening post)."""

    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(MemberFactory)
    body = "That sounds really familiar. It took me months to trust mine."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    parent = factory.LazyAttribute(lambda o: o.thread.posts.get(parent__isnull=True))
    depth = factory.LazyAttribute(lambda o: o.parent.depth + 1)
    root = factory.LazyAttribute(lambda o: o.parent.root if o.parent.depth >= 1 else None)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        post = super()._create(model_class, *args, **kwargs)
        if post.depth == 1 and post.root_id is None:
            post.root = post
            post.save(update_fields=["root"])
        return post


class GuestAuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuestAuthor

    email = factory.Sequence(lambda n: f"guest{n}@example.net")
    name = factory.Sequence(lambda n: f"Guest {n}")


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(MemberFactory)
    kind = Notification.Kind.REPLY_TO_YOU
