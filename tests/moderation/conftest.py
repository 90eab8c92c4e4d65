import pytest

from tests.factories import MemberFactory, ReplyFactory, ThreadFactory
from tests.moderation.factories import ModeratorProfileFactory

# Clear, unambiguous examples: the detectors' own tests cover the hard cases.
CRISIS_TEXT = "I want to kill myself tonight. I have the pills ready and I've written my goodbyes."
SUPPORTIVE_TEXT = "Please don't kill yourself. I'm so glad you told us, and we care about you."
ABOUT_OTHER_TEXT = "My friend says she wants to end her life and I don't know how to help her."
PAST_TEXT = "I used to think about suicide every day back in school."
SPAM_TEXT = "Check out my site www.cheap-pills.biz earn $500 a day bit.ly/xyz call 555-123-4567"
CALM_TEXT = "Some days I can't get out of bed, and it helps to read that others feel this too."


@pytest.fixture
def on_duty(db):
    return ModeratorProfileFactory().member


@pytest.fixture
def reply(db, thread):
    return ReplyFactory(thread=thread, author=MemberFactory())


@pytest.fixture
def make_thread(db, space):
    def make(**kwargs):
        kwargs.setdefault("space", space)
        return ThreadFactory(**kwargs)

    return make
