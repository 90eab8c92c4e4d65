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
