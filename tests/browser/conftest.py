import pytest


@pytest.fixture(autouse=True)
def lexical_screening(monkeypatch):
    """The journey doesn't need the embedding model: the lexical backend keeps the live server quick."""
    from moderation.detectors import embeddings

    monkeypatch.setattr(embeddings, "_forced", "lexical")
    monkeypatch.setattr(embeddings, "_backend", None)
