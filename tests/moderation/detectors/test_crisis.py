"""Crisis language: the fast lexical path. Every sentence here was written for these tests."""

import pytest

from moderation.detectors import Category, ScreeningContext, Severity, screen_fast
from moderation.detectors.crisis import analyze


def crisis(text: str, context: ScreeningContext | None = None):
    return next((f for f in screen_fast(text, context) if f.category == Category.CRISIS), None)


# Explicit first-person statements: the recall floor (>= 0.95) is asserted over this list.
EXPLICIT_FIRST_PERSON = [
    "I want to kill myself.",
    "I'm going to kill myself tonight.",
    "I want to die.",
    "I don't want to live anymore.",
    "I wish I was dead.",
    "I've been thinking about suicide every day this week.",
    "I am suicidal and I don't know what to do.",
    "I have a plan to end my life on Friday.",
    "I wrote my suicide note last night.",
    "I've been giving away my things so nobody has to deal with them.",
    "I want to end it all.",
    "Everyone would be better off without me.",
    "I have nothing to live for.",
    "I cut myself again last night.",
    "I relapsed on self harm after two months clean.",
    "The urge to cut is unbearable right now.",
    "I tried to kill myself yesterday.",
    "I took a bunch of pills last night and woke up in hospital.",
    "I have pills saved up and I want to die.",
    "I'm going to jump off the bridge near my house.",
    "kms",
    "i wanna die",
    "im going to kill myself",
    "dont want to live",
    "I keep thinking about ending my life.",
    "I wish I could go to sleep and never wake up.",
    "Life isn't worth living.",
    "I want to unalive myself.",
    "This is my goodbye, thank you all.",
    "By the time you read this I will be gone.",
    "I can't go on like this, I want to end my life.",
    "Honestly I just want to stop existing.",
    "I don't deserve to live.",
    "I'm thinking of killing myself.",
    "I WANT TO DIE!!!",
    "i want to k1ll myself",
    "I’m going to end my life, I’ve decided.",
    "There's no reason to live anymore.",
    "I'm planning to overdose on my meds.",
    "I hurt myself on purpose again.",
    "Some nights I just want to disappear.",
    "I sat with the gun against my head for an hour.",
]


# More everyday wordings of the same disclosures; with the list above the floor is 97%.
EXPLICIT_FIRST_PERSON_MORE = [
    "I want to end it.",
    "I'm going to end it.",
    "I feel like killing myself.",
    "I just want it all to be over.",
    "I don't want to be alive anymore.",
    "I want to commit suicide.",
    "I want to take my own life.",
    "I hope I die in my sleep.",
    "I've been cutting again.",
    "I cut last night.",
    "I burned myself with a lighter.",
    "I tried to hang myself last night.",
    "I have no reason to keep living.",
    "I want to go to sleep forever.",
    "Maybe I should just die.",
    "I'd be better off dead.",
    "I don't see the point in living anymore.",
    "I want out of this life.",
    "I want to end my suffering for good.",
    "Death is the only way out for me.",
    "I've lost the will to live.",
    "I'd rather be dead.",
    "I'm going to slit my wrists.",
    "I'm thinking of hanging myself.",
    "I want to overdose.",
]


def test_explicit_first_person_statements_are_recalled_at_97_percent():
    statements = EXPLICIT_FIRST_PERSON + EXPLICIT_FIRST_PERSON_MORE
    missed = [t for t in statements if crisis(t) is None or crisis(t).subtype in ("about_other", "past")]
    assert 1 - len(missed) / len(statements) >= 0.97, missed


@pytest.mark.parametrize(
    "text",
    [
        "I'd rather die than sing karaoke again.",
        "I want this week to be over already.",
        "I've been cutting back on sugar.",
        "I cut my hair last night.",
        "Those tomato plants should just die, they never fruit.",
        "I don't see the point in paying for the gym.",
        "I want out of this contract.",
    ],
)
def test_everyday_sentences_near_the_new_wordings_are_not_flagged(text):
    assert crisis(text) is None, analyze(text)


def test_explicit_first_person_statements_are_recalled_at_95_percent():
    missed = [
        t for t in EXPLICIT_FIRST_PERSON if crisis(t) is None or crisis(t).subtype in ("about_other", "past")
    ]
    recall = 1 - len(missed) / len(EXPLICIT_FIRST_PERSON)
    assert recall >= 0.95, missed


@pytest.mark.parametrize(
    "text",
    [
        "Please don't kill yourself, you matter so much to us.",
        "When I wanted to die, what helped was calling my sister every night.",
        "If you are thinking about suicide, please call a crisis line.",
        "You are not alone. I was suicidal in college too and it got better, I promise.",
        "Do you ever feel like you want to die? You can talk to me.",
    ],
)
def test_supportive_reply_to_someone_in_crisis_is_not_flagged(text):
    assert crisis(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "This workshop was killer, thanks for organising it!",
        "I'd die for pizza right now.",
        "My boss will kill me if I'm late again.",
        "That joke killed me.",
        "I'm dying to see the new season.",
        "I was bored to death in that meeting.",
        "We watched Suicide Squad last night.",
        "Posting that would be career suicide.",
        "I cut myself shaving this morning.",
        "I'm not suicidal, just really tired after work.",
        "I would never kill myself, I love my kids too much.",
        "I don't want to die, I want things to get better.",
        "I lost my dad to suicide last year and I still miss him.",
        "The news story said a man killed himself after losing his job.",
        "In the novel, the heroine kills herself in the last chapter.",
        "My grandmother died peacefully in her sleep.",
        "Suicide prevention month starts next week, here are some resources.",
        "I'm killing it at the gym lately.",
    ],
)
def test_idioms_negations_grief_news_and_fiction_are_not_the_authors_crisis(text):
    assert crisis(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "My friend says she wants to end her life.",
        "My brother told me he is going to kill himself.",
        "My girlfriend is suicidal and won't talk to anyone.",
        'My roommate texted me "I want to die" at 3am.',
        "I have two suicidal friends and I don't know how to help them.",
        "I'm scared for my suicidal brother tonight.",
    ],
)
def test_concern_for_someone_else_is_its_own_low_severity_finding(text):
    f = crisis(text)
    assert f is not None
    assert f.subtype == "about_other"
    assert f.severity is Severity.LOW
    assert "about someone else" in f.evidence


@pytest.mark.parametrize(
    "text",
    [
        "I used to be suicidal in high school.",
        "I attempted suicide years ago.",
        "Back when I was a teenager I used to cut myself.",
        "I wanted to die when I was 15.",
        "I battled suicidal thoughts throughout my adolescence.",
        "I was suicidal in my early twenties.",
        "Growing up I was suicidal most of the time.",
    ],
)
def test_past_ideation_is_a_low_severity_finding_not_dropped(text):
    f = crisis(text)
    assert f is not None, text
    assert f.subtype == "past"
    assert f.severity is Severity.LOW


def test_severity_rises_from_past_to_passive_ideation_to_plan():
    past = crisis("I used to wish I was dead.")
    passive = crisis("I wish I was dead.")
    plan = crisis("I have a plan to kill myself this weekend.")
    assert past.severity < passive.severity < plan.severity
    assert plan.severity is Severity.HIGH
    assert plan.subtype == "plan"


def test_intent_preparation_and_recent_attempt_are_high_severity():
    assert crisis("I'm going to kill myself tonight.").subtype == "intent"
    assert crisis("I wrote my suicide note.").subtype == "preparation"
    recent = crisis("I tried to kill myself last night.")
    assert (recent.subtype, recent.severity) == ("attempt", Severity.HIGH)


@pytest.mark.parametrize(
    "text",
    [
        "kms",
        "i want to kms",
        "im going to kill myself",
        "dont want to live anymore",
        "i want to unalive myself",
        "Im going to kill myself",
        "I WANT TO END MY LIFE",
        "i want to su1cide",
        "idk i just wanna die tbh",
    ],
)
def test_slang_typos_missing_apostrophes_and_case_are_caught(text):
    f = crisis(text)
    assert f is not None and f.subtype not in ("about_other", "past"), text


def test_joking_tone_is_kept_but_demoted_to_low():
    f = crisis("this chemistry homework makes me want to die lol")
    assert f is not None
    assert f.severity is Severity.LOW
    assert "joking tone" in f.evidence


def test_evidence_contains_the_matched_span():
    f = crisis("Some nights I just want to end my life, honestly.")
    assert any("end my life" in e for e in f.evidence)
    assert f.detector == "crisis.lexical"


def test_negation_only_applies_to_its_own_clause():
    assert crisis("I'm not okay, but I want to die.") is not None
    assert crisis("I'm not suicidal, but sometimes I want to die.") is not None


def test_dropped_hits_say_why():
    reasons = {h.dropped for h in analyze("Please don't kill yourself. I'm not suicidal.")}
    assert "addressed to someone" in reasons or "negated" in reasons


def test_a_threshold_above_the_score_suppresses_the_finding():
    assert crisis("I wish I was dead.") is not None
    assert not [
        f
        for f in screen_fast("I wish I was dead.", thresholds={"crisis": 0.99})
        if f.category == Category.CRISIS
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Suicidal teens need adults who listen, not lectures.",
        "I volunteer on a line for suicidal people and the calls stay with me.",
        # "they"/"their" standing for people in general, or a hypothetical someone.
        "Most people can't say what helps when they are suicidal.",
        "Your story could help other people with their own suicidal thoughts one day.",
        "Picture someone about to kill himself: what would you want him to hear?",
        "Lots of people, maybe most, never learn what it is like to feel suicidal.",
        # An opinion about the topic, not a disclosure.
        "I oppose suicide as an answer to debt, and I said so in the meeting.",
        "My views on suicide changed after the lecture on prevention.",
        "Our counselling team answers 1-800-SUICIDE calls on weekends.",
    ],
)
def test_an_adjective_describing_people_in_general_is_not_a_finding(text):
    assert crisis(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "My two cousins told me they are suicidal and I don't know how to help.",
        "Someone I love wants to kill himself.",
    ],
)
def test_a_specific_person_behind_a_pronoun_is_still_concern_for_someone_else(text):
    f = crisis(text)
    assert f is not None, text
    assert f.subtype == "about_other"


@pytest.mark.parametrize(
    "text",
    [
        "I want to disappear into a good book this weekend.",
        "After that speech I wanted to disappear for a week.",
        "The magician made the coin vanish and I wanted to learn how.",
    ],
)
def test_wanting_to_disappear_somewhere_is_not_a_wish_to_be_gone(text):
    assert crisis(text) is None


def test_a_recurrence_in_the_past_is_history_but_again_now_is_present():
    past = crisis("I had suicidal thoughts at school and then again in my twenties.")
    assert (past.subtype, past.severity) == ("past", Severity.LOW)
    now = crisis("I was suicidal in 2015 and now I'm suicidal again.")
    assert now.subtype != "past"
    assert now.severity is Severity.MEDIUM


@pytest.mark.parametrize(
    "text",
    [
        "I feel suicidal, people keep telling me to get help but I can't.",
        "I've battled suicidal thoughts for years and they are back.",
        "I've been self-harming again since Friday.",
    ],
)
def test_the_authors_own_state_is_still_caught_next_to_those_rules(text):
    f = crisis(text)
    assert f is not None, text
    assert f.subtype not in ("past", "about_other"), f
    assert f.severity is not Severity.LOW


# Everyday wordings that share words with crisis language: taking pressure off oneself, a habit one cannot
# go a day without, the fear of dying in a panic or over a symptom, ending a relationship. None of them is
# the author's wish to die, so none may alert moderators.
@pytest.mark.parametrize(
    "text",
    [
        "My manager helped me take some of the pressure off myself this month.",
        "I'm trying to take the weight off myself by sharing the chores.",
        "I can't go on a single day without two coffees before noon.",
        "We can't go on the camping trip because of the storm.",
        "My chest is tight and I'm scared I'm going to die of a heart attack.",
        "What if I'm going to die from this rash, the doctor won't call back.",
        "Every time my heart races I feel like I'm going to die.",
        "My girlfriend keeps lying so I think I need to end things.",
        "I'm breaking up with him tonight, it's time to end it.",
        "My marriage is over and I'm ending it next week with a lawyer.",
    ],
)
def test_everyday_words_near_crisis_language_do_not_alert(text):
    f = crisis(text)
    assert f is None or f.severity is Severity.LOW, (text, f)


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to take all my pills and off myself tonight.",
        "I can't go on another day like this.",
        "I want to die, I'm scared of how much I want it.",
        "Since my divorce I just want to end it all.",
        "I'm going to end it tonight, I have the rope.",
    ],
)
def test_the_crisis_readings_of_those_words_still_alert(text):
    f = crisis(text)
    assert f is not None and f.severity.rank >= Severity.MEDIUM.rank, (text, f)
    assert f.subtype != "about_other"
