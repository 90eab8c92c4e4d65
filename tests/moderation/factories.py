"""factory-boy factories for moderation models (community factories live in tests/factories.py)."""

import factory
from django.utils import timezone

from moderation.models import CrisisResource, Flag, Lane, ModeratorProfile, ReviewItem, Sanction
from tests.factories import MemberFactory, ModeratorFactory, ReplyFactory


class ReviewItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewItem

    post = factory.SubFactory(ReplyFactory)
    lane = Lane.REPORTED
    priority = 200


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flag

    item = factory.SubFactory(ReviewItemFactory)
    source = Flag.Source.MEMBER
    category = Flag.Category.OTHER
    reporter = factory.SubFactory(MemberFactory)


class SanctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sanction

    member = factory.SubFactory(MemberFactory)
    kind = Sanction.Kind.SILENCE
    reason = "Please take a few days to cool down."
    ends_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=3))
    created_by = factory.SubFactory(ModeratorFactory)


class ModeratorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModeratorProfile

    member = factory.SubFactory(ModeratorFactory)
    on_duty = True


class CrisisResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrisisResource

    country = "NZ"
    name = factory.Sequence(lambda n: f"Helpline {n}")
    phone = "0800 000 000"
