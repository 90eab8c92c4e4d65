"""The slow (model) path: off-topic and the trained crisis classifier, on both backends."""

import pytest

from moderation.detectors import (
    Category,
    ScreeningContext,
    active_embedding_backend,
    screen_slow,
    screen_text,
)
from moderation.detectors.crisis import sentence_gate
from moderation.detectors.embeddings import HashedNgramBackend, get_backend

THERAPY_THREAD = ScreeningContext(
    thread_title="First month of therapy: what surprised you?",
    opening_post="I started seeing a therapist for my anxiety last month. It's harder than I expected. "
    "What surprised you when you started therapy?",
    space_description="A space to talk about therapy, counselling and mental health treatment.",
)


def categories(findings):
    return {f.category for f in findings}


@pytest.mark.slow
@pytest.mark.parametrize(
    "reply",
    [
        "Some days I can't get out of bed.",
        "Honestly the crying in the first sessions surprised me.",
        "Thank you for posting this, I'm starting next week and I'm scared.",
        "Same here, it gets easier.",
    ],
)
def test_short_emotional_reply_stays_on_topic(backend, reply):
    assert Category.OFF_TOPIC not in categories(screen_text(reply, THERAPY_THREAD))


@pytest.mark.slow
@pytest.mark.parametrize(
    "reply",
    [
        "Vote for Dana Miller for city council, check out the campaign at www.danaforcouncil.com",
        "2019 Honda Civic for sale, low mileage, best price in town, DM me for details",
        "Check out my channel for gaming videos and subscribe!",
    ],
)
def test_campaign_ads_car_sales_and_promotion_under_a_therapy_thread_are_flagged(backend, reply):
    found = categories(screen_text(reply, THERAPY_THREAD))
    assert found & {Category.OFF_TOPIC, Category.SPAM}, reply


@pytest.mark.slow
def test_off_topic_is_never_raised_for_low_similarity_alone(backend):
    # Unrelated to the thread, but no promotion and nothing foreign-looking: not flagged.
    findings = screen_text(
        "My cat knocked my coffee over this morning, what a start to the day.", THERAPY_THREAD
    )
    assert Category.OFF_TOPIC not in categories(findings)


@pytest.mark.slow
def test_opening_posts_are_not_judged_off_topic(backend):
    findings = screen_slow([("Check out my channel and subscribe", ScreeningContext())])[0]
    assert Category.OFF_TOPIC not in categories(findings)


@pytest.mark.slow
def test_model_pass_respects_who_is_speaking_and_negation(backend):
    for text in (
        "Please don't ever think nobody would notice if you disappeared, we would.",
        "I'm not suicidal, I would never hurt myself.",
        "My friend keeps saying everyone would be better off without her.",
    ):
        crisis = [f for f in screen_text(text) if f.category == Category.CRISIS]
        assert all(f.subtype == "about_other" for f in crisis), (text, crisis)


@pytest.mark.slow
def test_minilm_model_ranks_a_veiled_paraphrase_far_above_support_but_keeps_it_out_of_the_lane(
    minilm_backend,
):
    # No crisis words: the lexicon is silent. The model scores it well above a supportive line, but under
    # the Safety-lane threshold (fitted so <= 2% of ordinary benign posts enter): one veiled sentence on
    # its own is a weak signal and never a Safety item (docs/model-card.md, "Known limits").
    from moderation.detectors import classifier as clf
    from moderation.detectors.embeddings import get_backend

    veiled = "Honestly I feel like nobody in my life would even realise if I just vanished for good."
    support = "You are not alone in this. Please keep posting, we are all rooting for you."
    assert not [f for f in screen_text(veiled) if f.category == Category.CRISIS]
    model = clf.model_for("minilm")
    p_veiled, p_support = (
        s.probability for s in clf.score_batch([veiled, support], model, get_backend().encode)
    )
    assert p_veiled > 10 * p_support
    assert p_veiled < model["thresholds"]["lane"]


def test_sentence_gate_zeroes_negated_addressed_and_quoted_sentences():
    assert sentence_gate("im not suicidal at all").factor == 0
    assert sentence_gate("you are not alone, it gets better").factor == 0
    assert sentence_gate('she said "i want to vanish"').factor == 0
    assert sentence_gate("i used to feel like a burden years ago").factor < 1
    assert sentence_gate("i feel like a burden to everyone").factor == 1


def test_fallback_backend_is_real_similarity_not_a_constant(lexical_backend):
    b = get_backend()
    assert isinstance(b, HashedNgramBackend)
    assert active_embedding_backend() == "lexical"
    v = b.encode(
        ["used car for sale best price", "cars for sale at the best prices", "my therapist helps me"]
    )
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2
    assert abs(float(v[0] @ v[0]) - 1.0) < 1e-5


def test_active_backend_reports_minilm_when_installed(minilm_backend):
    assert active_embedding_backend() == "minilm"
