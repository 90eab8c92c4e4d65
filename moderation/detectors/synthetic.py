"""A fixed synthetic corpus of forum-length posts for measuring ``screen_fast`` throughput.

Every sentence here was written for Hearth (none comes from evaluation data). Posts are 200-800
characters, assembled deterministically from a seed, in the mix a peer-support community sees: mostly
everyday feelings, therapy and relationships, some supportive replies, a few crisis disclosures and a
little spam. The mix matters for the benchmark: most real posts carry some trigger words ("die", "cut",
"end", "pills", "life") without being a crisis, which is exactly what makes the lexicon work.
"""

from __future__ import annotations

import random

# Everyday sentences are assembled from three parts, so posts share phrasing (as real posts do) without
# repeating whole sentences (which real posts by different people rarely do).
OPENERS = (
    "Today",
    "Honestly,",
    "Lately",
    "This week",
    "Since the move",
    "After my session on Tuesday",
    "Most mornings",
    "Ever since the breakup",
    "At work",
    "When my mom called",
    "On the bus home",
    "Last weekend",
    "Before bed",
    "In group yesterday",
)
MIDDLES = (
    "everything felt heavy and slow",
    "I noticed how tense my shoulders get",
    "my therapist asked me what I need",
    "I kept replaying an old argument",
    "I felt weirdly abandoned and small",
    "I managed to go for a short walk",
    "the anxiety came back in waves",
    "I tried the breathing exercise again",
    "my partner listened without fixing anything",
    "I cut back on coffee and slept a little better",
    "the new medication made me dizzy",
    "I was exhausted before lunch",
    "I could not stop checking my phone",
    "I wrote three pages in my journal",
    "my sister said she was proud of me",
    "I cried in the car for a while",
)
ENDINGS = (
    "and I am not sure what to make of it.",
    "which surprised me.",
    "and it helped more than I expected.",
    "so I am trying to be patient with myself.",
    "and I would love to hear if anyone else gets this.",
    "but I am still here and still trying.",
    "and honestly it was a relief.",
    "and then I felt guilty about it all evening.",
    "even though nothing bad happened.",
    "which my therapist says is normal after a break.",
    "and I am learning that rest is not something to earn.",
    "so tomorrow I will try again.",
)
IDIOMS = (
    "This workshop was killer, I learned so much about boundaries.",
    "My boss will kill me if I miss another deadline.",
    "I would die for a proper night of sleep right now.",
    "The pills my psychiatrist prescribed make me a bit dizzy in the mornings.",
    "Our dog died last spring and the house still feels too quiet.",
    "I watched a film about grief yesterday and cried through the second half.",
)
SUPPORTIVE = (
    "I am so sorry you are going through this, you deserve support and kindness.",
    "Please reach out to someone you trust tonight, even if it feels hard.",
    "When I felt like that, what helped me was telling one person the whole truth.",
    "You are not alone in this, a lot of us here have felt exactly the same way.",
    "Have you been able to talk to your doctor about how the new dose is affecting you?",
    "If you are in the US you can call or text 988 any time, they really do listen.",
    "It sounds like you are carrying so much right now, be gentle with yourself.",
    "I have been there and it did get better for me, slowly and not in a straight line.",
    "Is there someone who could stay with you this evening?",
    "Thank you for sharing this, it takes courage to put it into words.",
)
CRISIS = (
    "I don't think I can keep going anymore and I keep thinking about ending my life.",
    "Some nights I wish I could just disappear and not wake up.",
    "I have started hurting myself again and I don't know who to tell.",
    "I have pills saved up and tonight feels like the night.",
    "Everyone would honestly be better off without me.",
)
SPAM = (
    "Check out my channel for daily motivation videos, link in bio!",
    "Earn $500 a day from home, DM me on telegram for details.",
    "Best online therapy deals at https://bit.ly/cheap-therapy-now, limited offer.",
)


def _everyday(rng: random.Random) -> str:
    if rng.random() < 0.08:
        return rng.choice(IDIOMS)
    return f"{rng.choice(OPENERS)} {rng.choice(MIDDLES)} {rng.choice(ENDINGS)}"


def posts(
    count: int = 2000, *, seed: int = 20251122, min_chars: int = 200, max_chars: int = 800
) -> list[str]:
    """``count`` posts of ``min_chars``..``max_chars`` characters, the same for the same seed."""
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(count):
        target = rng.randint(min_chars, max_chars)
        roll = rng.random()
        supportive = roll < 0.25
        sentences: list[str] = []
        length = 0
        if roll > 0.95:
            sentences.append(rng.choice(CRISIS))
        elif roll > 0.93:
            sentences.append(rng.choice(SPAM))
        while length < target:
            s = rng.choice(SUPPORTIVE) if supportive and rng.random() < 0.5 else _everyday(rng)
            sentences.insert(rng.randint(0, len(sentences)), s)
            length += len(s) + 1
        text = " ".join(sentences)
        if len(text) > max_chars:
            cut = text.rfind(". ", 0, max_chars)
            text = text[: cut + 1] if cut >= min_chars else text[:max_chars]
        out.append(text)
    return out
