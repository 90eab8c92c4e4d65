"""Example sentences the off-topic pass compares against. Written for Hearth, not taken from any dataset.

OFF_TOPIC_FOREIGN describes what does not belong in a support thread; ON_TOPIC_SUPPORT is the emotional,
first-person, supportive register that always does. (Crisis paraphrases are no longer a hand-written
bank: the trained classifier, ``classifier.py``, learned them from data.)
"""

from __future__ import annotations

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
