"""Which sentences of a text the crisis classifier embeds: shared by training and screening.

Training and screening must cut a text into the same units, or the model would be scored on inputs it
was never fitted on. Kept free of numpy and the model so the training cache can import it cheaply.
"""

from __future__ import annotations

from .crisis import DISTRESS
from .text import WORD, normalize, split_sentences

# A long history is capped: the sentences with the most distress vocabulary first, then the earliest.
# 12 keeps one post's model pass to one small batch (speed target) and the 30k-character C-SSRS histories
# bounded; on the training split more sentences did not move the held-out numbers enough to pay for it.
MAX_UNITS = 12
MAX_UNIT_CHARS = 300
MIN_UNIT_WORDS = 3


def sentence_units(text: str, limit: int = MAX_UNITS) -> list[str]:
    """Normalised sentences of at least three words, at most ``limit``, in their original order."""
    sents = [
        s[:MAX_UNIT_CHARS] for s in split_sentences(normalize(text)) if len(WORD.findall(s)) >= MIN_UNIT_WORDS
    ]
    if len(sents) > limit:
        keep = sorted(range(len(sents)), key=lambda i: (-len(DISTRESS.findall(sents[i])), i))[:limit]
        sents = [sents[i] for i in sorted(keep)]
    return sents
