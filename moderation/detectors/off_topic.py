"""Off-topic replies: judged against the thread (title, opening post) and the space description.

Low similarity alone never flags: in a support community a short emotional reply ("some days I can't get
out of bed") shares few words with the opening post and is exactly on topic. A reply is off-topic when it
is dissimilar *and* looks like it belongs elsewhere: spam signals (links, promotion) or closeness to the
bank of foreign topics (campaigns, sales, sports scores) rather than to the supportive register.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .base import Category, Finding, ScreeningContext, Severity
from .spam import combine, spam_signals
from .text import WORD, normalize

if TYPE_CHECKING:
    import numpy as np

    from .embeddings import Backend

# First-person feeling, thanks, agreement, reaction to the thread: on-topic evidence in a support space.
ON_TOPIC_CUES = re.compile(
    r"\b(?:i feel|i felt|i am|im|ive been|me too|same here|same|thank you|thanks|hugs|love|loved|sorry|"
    r"i know how|been there|i understand|this (?:post|song|video|thread|helped)|you are not alone|"
    r"youre not alone|proud of you|i hope|hope you|take care|feel better|anxiety|depress\w*|lonely|sad|cry|"
    r"cried|therapy|therapist)\b"
)


# Minimum similarity to the foreign-topic bank that counts as "reads like something else" per backend
# (cosines from hashed n-grams run lower than MiniLM's).
FOREIGN_FLOOR = {"minilm": 0.4, "lexical": 0.2}


class OffTopicEmbeddingDetector:
    name = "off_topic.embedding"
    category = Category.OFF_TOPIC

    def features_batch(self, items: list[tuple[str, ScreeningContext]]) -> list[dict[str, float] | None]:
        import numpy as np

        from .banks import OFF_TOPIC_FOREIGN, ON_TOPIC_SUPPORT
        from .embeddings import get_backend

        backend = get_backend()
        foreign, support = _banks(backend, OFF_TOPIC_FOREIGN, ON_TOPIC_SUPPORT)
        idx = [i for i, (_, c) in enumerate(items) if c.topic_texts]
        feats: list[dict[str, float] | None] = [None] * len(items)
        if not idx:
            return feats
        replies = [items[i][0][:1000] for i in idx]
        topics = [" ".join(items[i][1].topic_texts)[:1000] for i in idx]
        # One encode call for replies and distinct topics: a thread's replies share their opening post.
        uniq = list(dict.fromkeys(topics))
        vecs = backend.encode(replies + uniq)
        rv, tv = vecs[: len(replies)], vecs[len(replies) :]
        tpos = {t: k for k, t in enumerate(uniq)}
        for n, i in enumerate(idx):
            text, ctx = items[i]
            signals = spam_signals(text, ctx)
            t = normalize(text)
            toks = WORD.findall(t)
            feats[i] = {
                "sim_topic": float(rv[n] @ tv[tpos[topics[n]]]),
                "sim_foreign": float((rv[n] @ foreign.T).max()),
                "sim_support": float((rv[n] @ support.T).max()),
                "spam": combine(signals),
                "spam_n": float(len(signals)),
                "on_topic_cues": float(len(ON_TOPIC_CUES.findall(t))),
                "log_len": float(np.log1p(len(toks))),
            }
        return feats

    def screen_batch(
        self, items: list[tuple[str, ScreeningContext]], threshold: float
    ) -> list[list[Finding]]:
        from .embeddings import get_backend
        from .linear import load_weights, predict

        model = load_weights().get("off_topic", {}).get(get_backend().name)
        out: list[list[Finding]] = []
        for f in self.features_batch(items):
            if f is None:
                out.append([])
                continue
            if model:
                p = predict(model, f)
            else:
                p = min(1.0, max(0.0, 0.5 + f["spam"] * 0.5 + (f["sim_foreign"] - f["sim_topic"]) * 1.5))
            # "Foreign" must be a clear lead, not noise between two low similarities.
            floor = FOREIGN_FLOOR.get(get_backend().name, 0.4)
            foreign_led = (
                f["sim_foreign"] >= floor and f["sim_foreign"] > max(f["sim_support"], f["sim_topic"]) + 0.05
            )
            # The rule the community depends on: dissimilarity without any sign of belonging elsewhere is
            # not off-topic (short emotional replies), nor is anything in the supportive register.
            if (
                p < threshold
                or not (f["spam"] >= 0.3 or foreign_led)
                or f["on_topic_cues"]
                and f["spam"] < 0.3
            ):
                out.append([])
                continue
            evidence = [f"similarity to thread {f['sim_topic']:.2f}"]
            if foreign_led:
                evidence.append("reads like promotion or an unrelated topic")
            if f["spam"] >= 0.3:
                evidence.append("spam signals")
            out.append(
                [
                    Finding(
                        category=Category.OFF_TOPIC,
                        severity=Severity.from_score(p, medium=0.75, high=0.92),
                        score=p,
                        evidence=tuple(evidence),
                        detector=self.name,
                        subtype="unrelated" if foreign_led else "promotional",
                    )
                ]
            )
        return out


_CACHE: dict[str, tuple[np.ndarray, np.ndarray]] = {}


def _banks(
    backend: Backend, foreign: tuple[str, ...], support: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray]:
    if backend.name not in _CACHE:
        _CACHE[backend.name] = (backend.encode(list(foreign)), backend.encode(list(support)))
    return _CACHE[backend.name]
