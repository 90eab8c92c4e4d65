"""A small template grammar that writes posts like the ones Hearth is for.

Deterministic for a given seed, 200-800 characters, a little Markdown now and then. The grammar is about
therapy, attachment and loneliness so that screening and rendering see the kind of text they see in real
life, not lorem ipsum.
"""

from __future__ import annotations

import random
import re

GRAMMAR: dict[str, list[str]] = {
    "post": [
        "{opening} {story} {feeling} {question}",
        "{reply_opening} {story} {reflection} {encouragement}",
        "{opening} {feeling} {reflection} {question}",
        "{reply_opening} {reflection} {story} {feeling} {encouragement}",
        "{opening} {story}\n\n{list_intro}\n\n{list}\n\n{question}",
        "{reply_opening}\n\n{quote}\n\n{reflection} {encouragement}",
    ],
    "opening": [
        "I have been seeing my {therapist} for {duration} now and something shifted this week.",
        "This is hard to write, but I think I need to say it somewhere {safe_place}.",
        "I never expected to feel this way about {therapist_the}.",
        "Lately the {time_of_day}s are the hardest part.",
        "I moved to a new city {duration} ago and I still don't really know anyone.",
        "Something {therapist_the} said last session keeps going round in my head.",
    ],
    "reply_opening": [
        "Thank you for writing this, it sounds so familiar.",
        "I just want to say you are not alone in this.",
        "Reading this made me feel a little less strange about my own {feeling_noun}.",
        "I went through something very similar {duration} ago.",
        "This really resonated with me.",
        "I hope it's okay to share a bit of my own experience here.",
    ],
    "story": [
        "When {therapist_the} mentioned a two-week break I felt a wave of {feeling_noun} I couldn't explain.",
        "I keep rehearsing what I want to say and then freeze as soon as I sit down.",
        "After work I sit in my flat and realise I haven't spoken to anyone all day.",
        "My {relative} used to go quiet for days, and I think I learned to watch people very closely.",
        "I wrote a long email to {therapist_the} and then deleted it, because it felt like too much.",
        "A friend cancelled plans and I spent the whole evening convinced everyone is tired of me.",
        "In session I talk about everything except the thing that actually hurts.",
        "I noticed I check the clock near the end of every session, dreading the goodbye.",
    ],
    "feeling": [
        "It feels a bit like {simile}.",
        "Part of me knows it's {attachment_term}, and part of me is simply {adjective}.",
        "I'm {adjective} and also, strangely, {adjective}.",
        "Most days I'm fine, but the {feeling_noun} comes back in waves.",
    ],
    "reflection": [
        "What helped me was naming it out loud in session, even though my voice shook.",
        "My therapist called it {attachment_term}, and somehow having words for it made it smaller.",
        "I've learned that the {feeling_noun} is old, older than the relationship it shows up in.",
        "Writing things down before a session gave me something to hold on to.",
        "It took me a long time to see that needing people is not a weakness.",
        "Small routines helped: a walk at the same time, a message to one person a day.",
    ],
    "question": [
        "Has anyone else felt this?",
        "How did you bring it up with your therapist?",
        "Does it get easier?",
        "Is this normal, or am I overthinking it?",
        "What do you do on the evenings when it's loud?",
        "How do you make friends as an adult without it feeling forced?",
    ],
    "encouragement": [
        "Be gentle with yourself this week.",
        "You deserve support, and it sounds like you're reaching for it, which takes courage.",
        "I'm rooting for you.",
        "Please keep us posted if you feel like it.",
        "It sounds like you're doing the work, even when it doesn't feel like it.",
    ],
    "list_intro": ["A few things I've noticed:", "What I've tried so far:", "Some things that help a bit:"],
    "list": [
        "- {list_item}\n- {list_item}\n- {list_item}",
        "1. {list_item}\n2. {list_item}",
    ],
    "list_item": [
        "keeping a *feelings journal*",
        "telling my therapist about the **break** before it happens",
        "joining a weekly walking group",
        "calling my sister on Sundays",
        "noticing the urge to withdraw and waiting ten minutes",
        "reading about [attachment styles](https://example.org/attachment)",
    ],
    "quote": ["> {story}", "> {feeling}"],
    "therapist": ["therapist", "counsellor", "psychologist", "therapist of two years"],
    "therapist_the": ["my therapist", "my counsellor", "her", "him", "them"],
    "duration": ["a few months", "almost a year", "six weeks", "two years", "a long time"],
    "safe_place": ["safe", "where people understand", "without being judged"],
    "time_of_day": ["Sunday evening", "late night", "early morning", "weekend afternoon"],
    "relative": ["mum", "dad", "older brother", "grandmother"],
    "feeling_noun": ["panic", "longing", "shame", "loneliness", "grief", "jealousy", "relief"],
    "adjective": ["embarrassed", "hopeful", "exhausted", "tender", "lonely", "relieved", "confused"],
    "attachment_term": [
        "transference",
        "an anxious attachment pattern",
        "abandonment fear",
        "a protective part of me",
    ],
    "simile": [
        "being a child waiting at the school gate",
        "standing outside a lit window",
        "holding my breath for a week",
        "a tide that goes out and never quite comes back in",
    ],
}

_SLOT = re.compile(r"\{(\w+)\}")
MIN_CHARS = 200
MAX_CHARS = 800


class TextGenerator:
    """Expands the grammar with its own ``random.Random`` so runs are reproducible."""

    def __init__(self, seed: int = 42) -> None:
        self.random = random.Random(seed)

    def expand(self, symbol: str) -> str:
        template = self.random.choice(GRAMMAR[symbol])
        return _SLOT.sub(lambda m: self.expand(m.group(1)), template)

    def post(self) -> str:
        """One post body between 200 and 800 characters."""
        # A target length spread over the whole range, so rendering and screening see short and long posts.
        target = self.random.randint(MIN_CHARS, MAX_CHARS)
        text = self.expand("post")
        while len(text) < target:
            extra = self.expand(self.random.choice(("reflection", "story", "feeling")))
            text = f"{text}\n\n{extra}" if self.random.random() < 0.3 else f"{text} {extra}"
        if len(text) > MAX_CHARS:
            cut = text.rfind(" ", 0, MAX_CHARS - 1)
            text = text[:cut].rstrip(",;") + "…"
        return text

    def title(self) -> str:
        return self.expand("question") if self.random.random() < 0.5 else self.expand("opening")[:120]

    def corpus(self, size: int) -> list[str]:
        """``size`` distinct-ish bodies; builders reuse them so Markdown is rendered once per text."""
        return [self.post() for _ in range(size)]
