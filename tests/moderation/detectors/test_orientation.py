"""Talking to someone is not a crisis of the author: sentence roles, document orientation and the sentence
gate, which the trained classifier reads as features. Every sentence here was written for these tests."""

import pytest

from moderation.detectors import Category, screen_text
from moderation.detectors.crisis import orientation, sentence_gate, sentence_role
from moderation.detectors.text import normalize

SUPPORTIVE_REPLY = (
    "I'm so sorry you're going through this. Please don't give up tonight. "
    "Have you been able to talk to anyone about how bad it has got? "
    "Reach out to a crisis line if it gets too heavy, they really do listen. "
    "When I felt like that, what helped me was telling one person the whole truth. "
    "You matter more than you can see right now, and I'm here if you want to talk."
)
OWN_CRISIS = (
    "I don't know why I'm even writing this. I feel like a burden to everyone around me. "
    "I haven't slept properly in weeks and I keep thinking everyone would be fine without me. "
    "I'm so tired of pretending I'm okay at work. Nothing I do seems to matter anymore."
)


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        ("please dont give up tonight", "addressed"),
        ("reach out to a crisis line if it gets too heavy", "addressed"),
        ("have you talked to your doctor about it", "addressed"),
        ("try to get some sleep and eat something warm", "addressed"),
        ("i feel like a burden to everyone around me", "own"),
        ("i dont want to be here anymore", "own"),
        ("dont want to be here anymore", "neither"),  # an ellipsis of "I": not advice
        ("the weather was grey all week", "neither"),
    ],
)
def test_sentence_role_tells_words_to_someone_from_the_authors_own_state(sentence, role):
    assert sentence_role(sentence) == role


def test_advice_and_imperatives_without_the_author_as_subject_do_not_count_for_the_embedding_pass():
    assert sentence_gate("please dont give up now, things get better").factor == 0
    assert sentence_gate("dont do it, call a hotline tonight").factor == 0
    assert sentence_gate("talk to someone you trust about these thoughts").factor == 0
    # A general statement about suicide is scaled down, not ignored.
    assert 0 < sentence_gate("suicide is never the only way out").factor < 1
    # The author's own state is untouched, including an ellipsis without "I".
    assert sentence_gate("i dont want to be here anymore").factor == 1
    assert sentence_gate("dont want to be here anymore").factor == 1


def test_a_view_of_people_in_general_is_scaled_down_but_the_authors_own_state_is_not():
    assert sentence_gate("i think people who want to die mostly want the pain to stop").factor == 0.5
    assert sentence_gate("i believe a person who feels suicidal needs to be heard first").factor == 0.5
    # The author is in the sentence beyond holding a view, or "anyone" is about the author's isolation.
    assert sentence_gate("i think people would be happier if i was gone").factor == 1
    assert sentence_gate("i dont think anyone would notice if i disappeared").factor == 1


def test_a_supportive_reply_is_oriented_to_someone_else_and_a_disclosure_to_the_author():
    assert orientation(SUPPORTIVE_REPLY) > 0.3
    assert orientation(OWN_CRISIS) < -0.5
    assert orientation("") == 0


def test_supportive_reply_with_crisis_words_raises_no_lexical_finding():
    assert not [f for f in screen_text(SUPPORTIVE_REPLY, include_slow=False) if f.category == Category.CRISIS]
    assert normalize(SUPPORTIVE_REPLY)  # the text survives normalisation (apostrophes, case)


@pytest.mark.slow
def test_supportive_reply_raises_no_crisis_finding_on_the_full_path_and_ranks_far_below_a_disclosure(backend):
    from moderation.detectors import classifier as clf
    from moderation.detectors.embeddings import active_backend_name, get_backend

    assert not [f for f in screen_text(SUPPORTIVE_REPLY) if f.category == Category.CRISIS]
    model = clf.model_for(active_backend_name())
    encode = get_backend().encode if clf.uses_embeddings(model) else None
    own, support = clf.score_batch([OWN_CRISIS, SUPPORTIVE_REPLY], model, encode)
    # The disclosure has no crisis wording, so on its own it stays a weak signal below the Safety lane
    # (docs/model-card.md); what the model must get right is the order.
    assert own.probability > 3 * support.probability


def _own_crisis_finding(text: str):
    found = [f for f in screen_text(text, include_slow=False) if f.category == Category.CRISIS]
    return next((f for f in found if f.subtype != "about_other"), None)


@pytest.mark.parametrize(
    "text",
    [
        "I self-harm too, so I get it. Have you told anyone? Please try to keep the blades out of reach "
        "tonight, and message me if you want to talk.",
        "Honestly I want to die some days as well. But you deserve someone in your corner right now. "
        "Can you call your sister? Try to eat something and get some rest.",
    ],
)
def test_the_authors_own_feelings_told_inside_a_paragraph_of_support_are_not_a_disclosure(text):
    assert _own_crisis_finding(text) is None


@pytest.mark.parametrize(
    "text",
    [
        # The sentence with the words is the author's own, whatever "you" it contains.
        "I want to kill myself and you can't stop me.",
        "I want to die, you know?",
        # A paragraph mostly about the author, with one question to the reader.
        "I keep thinking about ending my life. I'm so tired of everything. Do you ever feel like that?",
        # Plans and intent always count, even inside a reply to someone.
        "Thanks for asking how I am. I'm going to kill myself tonight. Please look after my cat for me.",
        # Support in one paragraph does not hide a disclosure in the next.
        "You're not alone, please reach out to someone you trust.\n\nAs for me, I want to die. I hate "
        "myself and I can't stop crying.",
    ],
)
def test_the_authors_own_crisis_is_kept_even_when_they_also_talk_to_someone(text):
    assert _own_crisis_finding(text) is not None
