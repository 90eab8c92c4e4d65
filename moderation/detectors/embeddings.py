"""Sentence-embedding backend: MiniLM on onnxruntime (the default install), otherwise a real lexical fallback.

"minilm" is sentence-transformers/all-MiniLM-L6-v2, exported to ONNX with int8 weights and committed in
``assets/minilm/`` (model, tokenizer, config; rebuilt by ``training/export_onnx.py``), so screening needs
only ``onnxruntime`` and ``tokenizers`` (the ``ml`` extra that ``make install`` installs) and never torch, and
nothing is downloaded at run time. It reproduces sentence-transformers' pipeline exactly: strip, tokenize
with truncation at the model's max_seq_length (256, not the 128 stored in tokenizer.json), mean pooling over
the attention mask, L2 normalisation; cosine to the torch vectors is 0.99+ (tests pin it). The session is
created once per process, lazily, on one thread (two threads on a busy two-core worker are slower than one).

Without those packages ``HashedNgramBackend`` gives TF-IDF-like character n-gram vectors: weaker on
paraphrase, but it still ranks "car for sale" far from a post about therapy. The admin says which one runs.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import threading
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

MINILM_ASSETS = Path(__file__).resolve().parent / "assets" / "minilm"
MINILM_DIM = 384


class Backend(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised row vectors, one per text."""


class MiniLMBackend:
    name = "minilm"
    dim = MINILM_DIM

    def __init__(self, assets: Path = MINILM_ASSETS) -> None:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import onnxruntime as ort
        from tokenizers import Tokenizer

        config = json.loads((assets / "config.json").read_text())
        self.max_seq_length = int(config["max_seq_length"])
        self.do_lower_case = bool(config.get("do_lower_case", False))
        self.dim = int(config.get("dimension", MINILM_DIM))
        self._tokenizer = Tokenizer.from_file(str(assets / "tokenizer.json"))
        # tokenizer.json carries the base model's 128-token truncation and fixed padding to 128;
        # sentence-transformers truncates at max_seq_length instead, and we run one text at a time, unpadded.
        self._tokenizer.enable_truncation(max_length=self.max_seq_length)
        self._tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(
            str(assets / "model_int8.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._lock = threading.Lock()

    def _prepare(self, text: str) -> str:
        # sentence-transformers strips each text (and lower-cases only when its config says so; the
        # tokenizer's own normaliser lower-cases for this uncased model).
        text = str(text).strip()
        return text.lower() if self.do_lower_case else text

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        # Identical strings in one call (a short "thank you", a thread's opening post) are encoded once.
        unique = list(dict.fromkeys(self._prepare(t) for t in texts))
        vectors = np.empty((len(unique), self.dim), dtype=np.float32)
        with self._lock:
            # One text per run, on purpose: dynamic int8 quantises activations with one range per tensor, so
            # in a padded batch a text's vector would depend on its batch-mates (up to 0.03 per component),
            # and a post's score must not. Unpadded single runs are also no slower on one core (measured:
            # 81 texts/s vs 70 in sorted batches of 32) and closer to the torch vectors.
            for k, encoding in enumerate(self._tokenizer.encode_batch(unique)):
                vectors[k] = self._run(encoding.ids)
        index = {t: k for k, t in enumerate(unique)}
        for row, text in enumerate(texts):
            out[row] = vectors[index[self._prepare(text)]]
        return out

    def _run(self, token_ids: list[int]) -> np.ndarray:
        ids = np.asarray([token_ids], dtype=np.int64)
        mask = np.ones_like(ids)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feed)[0][0]
        # Mean pooling over the tokens (no padding in a single run: the attention mask is all ones), then L2,
        # as sentence-transformers' Pooling and Normalize modules do.
        pooled = hidden.mean(axis=0)
        return pooled / max(float(np.linalg.norm(pooled)), 1e-12)


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
_load_error: str | None = None


def minilm_available() -> bool:
    # find_spec, not import: the admin asks on every page, and importing onnxruntime takes a moment.
    from importlib.util import find_spec

    return all(find_spec(m) is not None for m in ("onnxruntime", "tokenizers")) and all(
        (MINILM_ASSETS / f).is_file() for f in ("model_int8.onnx", "tokenizer.json", "config.json")
    )


def force_backend(name: str | None) -> None:
    """Pin the backend ("minilm" / "lexical"), or None to auto-detect. For tests and benchmarks."""
    global _backend, _forced, _load_error
    with _backend_lock:
        _forced = name
        _backend = None
        _load_error = None


def get_backend() -> Backend:
    global _backend, _load_error
    if _backend is None:
        with _backend_lock:
            if _backend is None:
                want = _forced or ("minilm" if minilm_available() else "lexical")
                if want == "minilm":
                    try:
                        _backend = MiniLMBackend()
                        _load_error = None
                    except Exception as exc:  # a broken install must degrade, not take screening down
                        _load_error = f"{exc.__class__.__name__}: {exc}"[:200]
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


def describe_backend() -> str:
    """One line for the admin: which backend runs and, for the fallback, why and how to get the model."""
    name = active_backend_name()
    if name == "minilm":
        return "minilm (all-MiniLM-L6-v2, int8 ONNX on onnxruntime): the production model"
    if _load_error:
        reason = f"the model failed to load ({_load_error})"
    elif _forced == "lexical":
        reason = "pinned by HEARTH_EMBEDDING_BACKEND=lexical"
    else:
        reason = "onnxruntime/tokenizers are not installed; `make install` installs them"
    return f"lexical fallback, not the production model: {reason}"
