"""Sentence embeddings cached on disk under var/ (gitignored), keyed by a hash of the backend and text.

CPU is scarce: every sentence of the public sets is embedded once, through the public API of
``moderation.detectors.embeddings`` (whatever backend is active), and refits read the cache. Shards are
appended as they are computed, so an interrupted run keeps what it did.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import numpy as np

from ..embeddings import get_backend

DEFAULT_DIR = Path(__file__).resolve().parents[3] / "var" / "embeddings"
SHARD = 2000


PROBE = "a fixed sentence that tells one embedding model apart from another"


KEY_BYTES = 12


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=KEY_BYTES).digest()


def _key_bytes(stored: np.ndarray) -> bytes:
    """A stored key back to ``text_key`` bytes (uint8 rows; older shards used bytes, which lost NULs)."""
    if stored.dtype == np.uint8:
        return stored.tobytes()
    return bytes(stored).ljust(KEY_BYTES, b"\0")


def fingerprint(backend) -> str:
    """The backend's name and a hash of its vector for a fixed sentence: two exports of one model (torch,
    int8 ONNX) share a name but not a fingerprint, so their vectors are never mixed in one cache."""
    vec = np.round(backend.encode([PROBE])[0].astype(np.float64), 3)
    return f"{backend.name}-{hashlib.blake2b(vec.tobytes(), digest_size=4).hexdigest()}"


class EmbeddingCache:
    def __init__(
        self, backend_name: str | None = None, root: Path = DEFAULT_DIR, key: str | None = None
    ) -> None:
        """The active backend's cache, or with ``key`` a stored one, read-only (``ensure`` refuses)."""
        if key is None:
            backend = get_backend()
            if backend_name is not None and backend.name != backend_name:
                raise RuntimeError(
                    f"asked for {backend_name} embeddings, the active backend is {backend.name}"
                )
            key = fingerprint(backend)
        self.backend_name = key.rsplit("-", 1)[0]
        self.key = key
        self.dir = root / self.key
        self.dir.mkdir(parents=True, exist_ok=True)
        self._index: dict[bytes, np.ndarray] = {}
        for shard in sorted(self.dir.glob("shard-*.npz")):
            with np.load(shard) as z:
                for k, v in zip(z["keys"], z["vecs"], strict=True):
                    self._index[_key_bytes(k)] = v

    def __len__(self) -> int:
        return len(self._index)

    def missing(self, texts: Sequence[str]) -> list[str]:
        return list(dict.fromkeys(t for t in texts if text_key(t) not in self._index))

    def ensure(self, texts: Sequence[str], *, log: TextIO | None = None) -> None:
        todo = self.missing(texts)
        if not todo:
            return
        backend = get_backend()
        if fingerprint(backend) != self.key:
            raise RuntimeError(f"cache is for {self.key}, the active backend changed")
        todo.sort(key=len)  # similar lengths per batch: less padding
        for i in range(0, len(todo), SHARD):
            chunk = todo[i : i + SHARD]
            vecs = backend.encode(chunk).astype(np.float16)
            raw = [text_key(t) for t in chunk]
            # uint8 rows, not a bytes array: numpy's fixed-width bytes drop trailing NUL bytes.
            keys = np.frombuffer(b"".join(raw), dtype=np.uint8).reshape(len(raw), KEY_BYTES)
            # Named by content, so two runs filling the cache at once never overwrite each other's shards.
            name = hashlib.blake2b(keys.tobytes(), digest_size=8).hexdigest()
            np.savez(self.dir / f"shard-{name}.npz", keys=keys, vecs=vecs)
            for k, v in zip(raw, vecs, strict=True):
                self._index[k] = v
            if log:
                print(f"  embedded {min(i + SHARD, len(todo))}/{len(todo)}", file=log, flush=True)

    def get(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._index[text_key(t)] for t in texts]).astype(np.float32)


def warm(texts: Sequence[str], *, log: TextIO | None = sys.stderr) -> EmbeddingCache:
    cache = EmbeddingCache()
    cache.ensure(texts, log=log)
    return cache
