"""Everyday off-topic replies in a support space: no link, no promotion, just somewhere else's topic.

Every sentence here was written for these tests. Both embedding backends must behave the same way.
"""

import pytest

from moderation.detectors import Category, ScreeningContext, screen_text
from moderation.detectors.off_topic import everyday_topics

THERAPY_THREAD = ScreeningContext(
    thread_title="Starting therapy next month and I'm nervous",
    opening_post="I finally booked my first appointment with a therapist. I keep thinking about cancelling. "
    "Did anyone else feel like this before their first session?",
    space_description="A space to talk about therapy, counselling and mental health treatment.",
)
GRIEF_THREAD = ScreeningContext(
    thread_title="Six months since my brother died",
    opening_post="Everyone expects me to be fine now. I'm not. How do you get through the anniversaries?",
    space_description="Support for people living with grief and loss.",
)
COOKING_THREAD = ScreeningContext(
    thread_title="Cooking as self-care: share a recipe that comforts you",
    opening_post="When I'm low, making soup from scratch grounds me. What do you cook on bad days?",
    space_description="Small things that help on hard days.",
)

EVERYDAY_REPLIES = [
    "Here's my lasagne recipe: preheat the oven to 200, layer the pasta and bake for 40 minutes.",
    "Has anyone else's phone been really slow since the latest iOS update?",
    "Can anyone recommend a good plumber in Bristol? Our kitchen tap has been leaking for a week.",
    "What a game last night, United won 3-1 and the second goal was unreal.",
    "Does anyone know an electrician near Leeds who can rewire a flat?",
    "Black Friday has started, where can I buy a cheap air fryer?",
    "My laptop keeps crashing after the Windows update, should I do a factory reset?",
]


def off_topic(text, context):
    return next((f for f in screen_text(text, context) if f.category == Category.OFF_TOPIC), None)


@pytest.mark.slow
@pytest.mark.parametrize("context", [THERAPY_THREAD, GRIEF_THREAD], ids=["therapy", "grief"])
@pytest.mark.parametrize("reply", EVERYDAY_REPLIES)
def test_an_everyday_reply_without_links_is_flagged_off_topic(backend, reply, context):
    f = off_topic(reply, context)
    assert f is not None, reply
    # A bargain hunt carries a promotional signal and may be labelled by the older rule; either way it is
    # in the off-topic lane.
    assert f.subtype in ("everyday", "promotional", "unrelated")
    assert any("thread" in e for e in f.evidence)


@pytest.mark.slow
@pytest.mark.parametrize(
    "reply",
    [
        "Some days I can't get out of bed.",
        "Thank you for posting this, I'm starting next week and I'm scared too.",
        "The phone update wiped all the photos of my mum and I cried all night.",
        "I was cooking dinner when it hit me how lonely I've been since the divorce.",
        "My therapist suggested baking again as self care, so I made my nan's recipe and felt calmer.",
        "Watching the match with my dad was the first time I laughed in weeks.",
        "I'm not sure what to say. It's been a long week and I just needed to read something kind.",
    ],
)
def test_short_emotional_replies_and_stories_that_wander_stay_unflagged(backend, reply):
    assert off_topic(reply, THERAPY_THREAD) is None, reply


@pytest.mark.slow
def test_a_recipe_under_a_thread_about_cooking_is_on_topic(backend):
    reply = "Here's my lentil soup recipe: simmer the lentils with chopped onions for 30 minutes."
    assert off_topic(reply, COOKING_THREAD) is None
    assert off_topic(reply, THERAPY_THREAD) is not None


def test_everyday_cues_are_specific_phrases_not_common_words():
    assert everyday_topics("an update on my therapy: it is going ok") == set()
    assert everyday_topics("since the latest ios update my phone is slow") == {"tech"}
    assert everyday_topics("we won 3-1 in the cup") == {"sports"}
    assert everyday_topics("can anyone recommend a plumber") == {"trades"}
