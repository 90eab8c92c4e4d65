"""Crisis severity that tracks imminence: intent with a timeframe, means at hand, preparation, an attempt
under way. Every sentence here was written for these tests; none comes from evaluation data.

The fast path (lexicon) alone must rate these high: it is what runs in the request and what a fresh
install without the ML extra relies on.
"""

import pytest

from moderation.detectors import Category, Severity, screen_fast
from moderation.detectors.crisis import MEANS_AT_HAND, analyze


def crisis(text: str):
    return next((f for f in screen_fast(text) if f.category == Category.CRISIS), None)


# (statement, method or kind): every one must come out high.
IMMINENT = [
    # Overdose, any medicine, with the pronoun pointing back to the means.
    ("I have the pills and I'm going to take them all tonight.", "overdose"),
    ("I've counted out the pills for tonight.", "overdose"),
    ("I just took 40 paracetamol.", "overdose"),
    ("I swallowed the whole bottle of sertraline an hour ago.", "overdose"),
    ("I've been saving my quetiapine for weeks and tonight I'm taking all of it.", "overdose"),
    ("I have 60 tramadol in front of me and I'm taking them all.", "overdose"),
    ("I'm going to take all my ibuprofen after this post.", "overdose"),
    ("I'm going to overdose tonight.", "overdose"),
    ("I've stockpiled my insulin and I'm using it tonight.", "overdose"),
    ("I'm taking all of my lithium right now.", "overdose"),
    ("I took an overdose about an hour ago.", "overdose"),
    ("I've just swallowed everything in the medicine cabinet.", "overdose"),
    ("I've been collecting amitriptyline and I'm going to take the lot tonight.", "overdose"),
    ("I have enough pills to do it and tonight's the night.", "overdose"),
    ("Im gonna take every pill in the house tonight", "overdose"),
    ("Right now I'm holding the pills and I'm ready.", "overdose"),
    ("My citalopram is lined up. I'm going to neck the whole box when everyone is asleep.", "overdose"),
    ("I can't do this anymore. I already took the pills, it's started.", "overdose"),
    ("i have like 30 of my mums diazepam and im swallowing them all rn", "overdose"),
    # Carbon monoxide.
    ("I'm sitting in my car in the garage with the engine running.", "carbon monoxide"),
    ("The car is running in the closed garage and I'm not getting out.", "carbon monoxide"),
    ("I lit the charcoal in the bathroom and sealed the door.", "carbon monoxide"),
    ("The hose is connected to the exhaust.", "carbon monoxide"),
    ("I'm gonna gas myself in the car.", "carbon monoxide"),
    # Hanging.
    ("I've tied the rope to the beam.", "hanging"),
    ("I have a belt around my neck.", "hanging"),
    ("I've got the rope and a chair ready.", "hanging"),
    ("The noose is ready.", "hanging"),
    ("I'm going to hang myself with my belt.", "hanging"),
    ("I'm going to hang myself tonight.", "hanging"),
    # Heights and jumping.
    ("I'm on the bridge and I'm going to jump.", "jumping"),
    ("I'm on the ledge of the balcony.", "jumping"),
    ("I'm on the roof and I want to jump.", "jumping"),
    ("I'm going to jump off the multistorey car park today.", "jumping"),
    ("I'm standing on the roof of my building and I don't want to live anymore.", "jumping"),
    ("I'm on the wrong side of the railings now.", "jumping"),
    # Trains.
    ("I'm standing on the train tracks.", "trains"),
    ("I'm going to step in front of the next train.", "trains"),
    ("I don't want to be here anymore. I'm at the station waiting for the fast train.", "trains"),
    # Drowning.
    ("I'm going to drown myself in the river tonight.", "drowning"),
    ("I'm going to walk into the sea tonight.", "drowning"),
    # Firearms.
    ("I have the gun in my lap right now.", "firearm"),
    ("I've got the gun loaded and pointed at my head.", "firearm"),
    ("I want to end my life. I loaded my dad's gun.", "firearm"),
    # Blades and cutting.
    ("I'm holding a blade right now.", "blade"),
    ("I've got the knife in my hand and I'm going to cut deep tonight.", "blade"),
    ("i have the razor and im gonna use it now", "blade"),
    ("I cut my wrists a few minutes ago and it won't stop bleeding.", "blade"),
    ("The blade is against my wrist.", "blade"),
    # Intent with a timeframe.
    ("Tonight is the night I end it.", "intent"),
    ("I want to die and I'm going to do it tonight.", "intent"),
    ("After I post this I'm going to end my life.", "intent"),
    ("I'm going to kill myself right now.", "intent"),
    ("I'm ready to die today.", "intent"),
    ("Tomorrow I'm going to kill myself.", "intent"),
    ("I'm going to drive into a wall after this post.", "intent"),
    ("I'm suicidal and I'm going to do it when my parents go to sleep.", "intent"),
    # Preparation: notes, goodbyes, things given away, a chosen date.
    ("This is my last post.", "preparation"),
    ("I've written my note. I don't want to live anymore.", "preparation"),
    ("I wrote letters to my family. Everyone would be better off without me.", "preparation"),
    ("I'm suicidal. I've given away my cat and my guitar.", "preparation"),
    ("I want to die. I'm saying goodbye to everyone tonight.", "preparation"),
    ("I want to kill myself. I have a plan and it's tonight.", "preparation"),
    ("I've picked the date, it's Friday. I just want to stop existing.", "preparation"),
    ("I wish I was dead. The date is set for my birthday.", "preparation"),
    ("I can't go on. I've chosen the day.", "preparation"),
    ("Going to jump tonight. Goodbye everyone.", "preparation"),
]


def test_there_are_at_least_60_imminent_statements_across_methods():
    assert len(IMMINENT) >= 60
    assert len({kind for _, kind in IMMINENT}) >= 10


@pytest.mark.parametrize("text", [t for t, _ in IMMINENT])
def test_an_imminent_statement_is_rated_high(text):
    f = crisis(text)
    assert f is not None, text
    assert f.severity is Severity.HIGH, (text, f)
    assert f.subtype not in ("past", "about_other")


def test_imminent_statements_are_rated_high_at_95_percent():
    high = [t for t, _ in IMMINENT if (f := crisis(t)) is not None and f.severity is Severity.HIGH]
    assert len(high) / len(IMMINENT) >= 0.95


@pytest.mark.parametrize(
    "text",
    [
        "I take my pills every night.",
        "I'm going to the bridge club tonight.",
        "The car is running fine after the service.",
        "My mum is holding a knife to cut the cake.",
        "If you have pills saved up, please give them to someone you trust tonight.",
        "Please don't take them all, call a crisis line right now.",
        '"I\'m going to take them all tonight" is a line from the play we saw.',
        "Police said a man was standing on the tracks when the train came.",
        "The news reported a woman on the ledge of the bridge was talked down.",
        "I took 2 paracetamol for my headache this morning.",
        "I counted out my pills for the week into the organiser.",
        "I'm standing on the roof fixing the gutter.",
        "I've picked the date for the wedding, it's in June.",
        "I'm going to do it tonight, the essay is due tomorrow.",
        "We're going to jump in the pool tonight.",
        "I left the engine running while I ran into the shop.",
        "My dad tied the rope to the tree for a swing.",
        "I'm holding the baby right now, can't type much.",
        "I have a plan for tonight: pizza and a film.",
        "I'm saying goodbye to everyone at my leaving party tonight.",
        "I gave away my old clothes to charity.",
        "I'm going to take all my tablets with me on holiday.",
        "I sharpened the kitchen knife for dinner.",
        "I'm not going to take them all tonight, I flushed the pills.",
        "I'm at the station waiting for the fast train to London.",
        "I'm going to walk into the sea for a swim tonight.",
        "I'm going to take every tablet the doctor gives me.",
        "I took all my meds this morning like the doctor said.",
        "Im gonna kill it tonight at the gig lol.",
        "I'm driving into the city tomorrow.",
    ],
)
def test_everyday_words_about_pills_cars_knives_and_heights_are_not_flagged(text):
    assert crisis(text) is None, (text, analyze(text))


@pytest.mark.parametrize(
    "text",
    [
        "I attempted suicide years ago and I'm doing much better now.",
        "When I was 16 I took a bunch of pills, I'm glad I survived.",
        "I want to die but I won't do anything tonight, I promise.",
        "My brother says he has the pills and is going to take them all tonight.",
        "Years ago I stood on the edge of the bridge and a stranger talked me down.",
    ],
)
def test_history_someone_else_and_a_timeframe_under_negation_are_not_high(text):
    f = crisis(text)
    assert f is None or f.severity is not Severity.HIGH, (text, f)


def test_a_means_at_hand_says_so_in_the_evidence():
    f = crisis("I'm sitting in my car in the garage with the engine running.")
    assert MEANS_AT_HAND in f.evidence


def test_a_pronoun_without_pills_named_is_not_an_overdose():
    assert crisis("I'm going to take them all to the park tonight.") is None
    assert crisis("I have my sertraline here. I'm going to take them all tonight.").severity is Severity.HIGH


def test_weak_words_count_only_next_to_crisis_language():
    assert crisis("I've chosen the day.") is None
    assert crisis("I want to die. I've chosen the day.").severity is Severity.HIGH
