import pytest

from tests.factories import AdminFactory, MemberFactory, ModeratorFactory, SpaceFactory, ThreadFactory


@pytest.fixture
def member(db):
    return MemberFactory()


@pytest.fixture
def other_member(db):
    return MemberFactory()


@pytest.fixture
def moderator(db):
    return ModeratorFactory()


@pytest.fixture
def admin_member(db):
    return AdminFactory()


@pytest.fixture
def space(db):
    return SpaceFactory()


@pytest.fixture
def thread(db, space, member):
    return ThreadFactory(space=space, author=member)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def lexical_screening(monkeypatch):
    """The lexical embedding backend: screening stays real, without loading the model in the test process.
    Folders whose tests don't measure the model use it for every test (their conftest asks for it)."""
    from moderation.detectors import embeddings

    monkeypatch.setattr(embeddings, "_forced", "lexical")
    monkeypatch.setattr(embeddings, "_backend", None)


@pytest.fixture
def empty_cache():
    """Throttles and the page cache live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
