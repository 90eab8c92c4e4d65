"""Example sentences the embedding pass compares against. Written for Hearth, not taken from any dataset.

CRISIS_POSITIVE catches paraphrases the lexicon cannot enumerate ("nobody would notice if I
disappeared"); CRISIS_NEGATIVE holds near misses (support, everyday stress, recovery) so a sentence that
is merely sad or supportive lands nearer those. OFF_TOPIC_FOREIGN describes what does not belong in a
support thread; ON_TOPIC_SUPPORT is the emotional, first-person, supportive register that always does.
"""

from __future__ import annotations

CRISIS_POSITIVE: dict[str, tuple[str, ...]] = {
    "ideation_passive": (
        "nobody would notice if i disappeared",
        "everyone would be better off without me",
        "i wish i could go to sleep and never wake up",
        "i dont see the point in living anymore",
        "i just want everything to stop",
        "i cant keep doing this, i want it to be over",
        "i dont want to be here anymore",
        "i am so tired of existing",
        "what is the point of going on",
        "i feel like a burden to everyone around me",
        "there is no way out for me",
        "i have nothing left to live for",
        "i dont think i can survive another day like this",
        "the world would be better without me in it",
        "i wish i had never been born",
        "i want to disappear and never come back",
        "i am done, i cant do this anymore",
        "life has no meaning for me and i want out",
        "i have given up on everything",
        "im just waiting to die",
    ),
    "ideation_active": (
        "i keep thinking about ending my life",
        "i want to kill myself",
        "i think about suicide every day",
        "i want to end it all",
        "i have been having thoughts of taking my own life",
        "i cant stop thinking about dying",
        "suicide feels like the only option left",
        "i am going to end things soon",
        "i want to die",
        "i dont want to live anymore",
    ),
    "plan": (
        "i have decided how i am going to do it",
        "i have the pills ready",
        "i know which bridge i will jump from",
        "tonight is the night i end it",
        "i wrote letters to my family for after im gone",
        "i have been giving my things away",
        "this is my last message to everyone",
        "i have a date picked out",
    ),
    "self_harm": (
        "i started cutting again last night",
        "i cant stop hurting myself",
        "the urge to cut is so strong right now",
        "i burned my arm on purpose",
        "i relapsed after months clean",
        "hurting myself is the only thing that helps",
    ),
}

CRISIS_NEGATIVE: tuple[str, ...] = (
    "please dont give up, you matter to so many people",
    "i am here for you if you want to talk",
    "have you thought about talking to a therapist",
    "it gets better, i promise",
    "im so stressed about my exams this week",
    "my parents are so annoying lol",
    "i had a really bad day at work",
    "i feel a lot better since i started therapy",
    "i am proud of how far i have come",
    "does anyone want to play games tonight",
    "i cant wait for the weekend",
    "my crush didnt text me back",
    "im bored, anyone want to chat",
    "i am not suicidal, just really tired",
    "i would never hurt myself",
    "my friend has been struggling and i dont know how to help her",
    "i lost my grandfather last year and i miss him",
    "what is your favourite movie",
    "school starts again tomorrow ugh",
    "i got a new puppy today",
)

OFF_TOPIC_FOREIGN: tuple[str, ...] = (
    "vote for our candidate in the upcoming election",
    "support the campaign and donate today",
    "used car for sale, low mileage, great price",
    "final score: the home team won three to one",
    "check out my channel and subscribe",
    "earn money fast working from home",
    "buy cheap followers and likes",
    "limited time discount on all products",
    "free gift cards, click the link",
    "crypto investment opportunity with guaranteed returns",
    "follow me on instagram",
    "our band just released a new album, listen now",
    "hot singles in your area",
    "the game last night was amazing, what a goal",
    "new phone deals at the best prices",
    "please like and share this post",
)

ON_TOPIC_SUPPORT: tuple[str, ...] = (
    "some days i cant get out of bed",
    "i know how you feel, i have been there",
    "sending you hugs, you are not alone",
    "thank you for sharing this",
    "i have been feeling really low lately",
    "my anxiety has been so bad",
    "this helped me so much, thank you",
    "i am proud of you for reaching out",
    "therapy has been hard but it helps",
    "i feel so alone sometimes",
    "i cried reading this",
    "same here, it is so hard",
    "i love this so much",
    "this makes me so happy",
)
