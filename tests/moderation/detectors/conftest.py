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
        pytest.skip("onnxruntime / tokenizers (the ml extra) not installed")
    embeddings.force_backend("minilm")
    yield
    embeddings.force_backend(None)


# Both backends, for behaviour that must hold whether or not the model is installed.
@pytest.fixture(params=["lexical", "minilm"])
def backend(request, lexical_backend):
    if request.param == "minilm":
        if not embeddings.minilm_available():
            pytest.skip("onnxruntime / tokenizers (the ml extra) not installed")
        embeddings.force_backend("minilm")
    return request.param
